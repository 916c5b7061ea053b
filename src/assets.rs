//! Static files, compiled into the binary so that it runs from any directory, and served
//! under names that carry a hash of their content: a browser may keep them for a year,
//! and a new release changes the name.

use std::sync::LazyLock;

use sha2::{Digest, Sha256};

pub struct Asset {
    /// The name in static/, e.g. "gopy.css".
    pub name: &'static str,
    pub content_type: &'static str,
    pub bytes: &'static [u8],
}

pub static ASSETS: &[Asset] = &[
    Asset {
        name: "gopy.css",
        content_type: "text/css; charset=utf-8",
        bytes: include_bytes!("../static/gopy.css"),
    },
    Asset {
        name: "favicon.svg",
        content_type: "image/svg+xml",
        bytes: include_bytes!("../static/favicon.svg"),
    },
];

/// (asset, URL path with its content hash), computed once.
static HASHED: LazyLock<Vec<(&'static Asset, String)>> = LazyLock::new(|| {
    ASSETS
        .iter()
        .map(|a| {
            let hash = hex::encode(&Sha256::digest(a.bytes)[..5]);
            let (stem, ext) = a.name.rsplit_once('.').unwrap_or((a.name, ""));
            (a, format!("/static/{stem}.{hash}.{ext}"))
        })
        .collect()
});

/// The URL of an asset by its name in static/.
pub fn url(name: &str) -> &'static str {
    HASHED
        .iter()
        .find(|(a, _)| a.name == name)
        .map(|(_, u)| u.as_str())
        .unwrap_or("/static/missing")
}

/// The asset served at a hashed file name ("gopy.1a2b3c4d5e.css"), if any.
pub fn by_hashed_name(file: &str) -> Option<&'static Asset> {
    HASHED
        .iter()
        .find(|(_, u)| u.strip_prefix("/static/") == Some(file))
        .map(|(a, _)| *a)
}
