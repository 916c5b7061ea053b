//! The mission's types and rules, free of HTTP and SQL: drafts and their life cycle,
//! sections, attachments, localities, and Vietnamese time.

pub mod comment;
pub mod draft;
pub mod period;
pub mod site;
pub mod staff;
pub mod time;
pub mod versions;

pub use draft::{AttachmentKind, PeriodStatus, Publication, SectionKind, Stage};

/// Declares an enum stored as text, with its database spelling, so that a stored value
/// can be read back and an unknown one is an error instead of a panic.
macro_rules! text_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name { $($(#[$vmeta])* #[serde(rename = $text)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use text_enum;

text_enum! {
    /// Level of government a document type or jurisdiction belongs to.
    pub enum Level { National = "national", Province = "province" }
}

text_enum! {
    /// A commune-level unit since 1 July 2025: xã, phường or đặc khu.
    pub enum LocalityKind { Commune = "xa", Ward = "phuong", SpecialZone = "dac_khu" }
}

text_enum! {
    /// What a search result is.
    pub enum DocKind {
        Draft = "draft",
        Section = "section",
        Comment = "comment",
        Answer = "answer",
    }
}
