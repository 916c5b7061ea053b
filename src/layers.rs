//! Checks that every module uses only the layers below its own (see `LAYERS` in
//! lib.rs): each `crate::` and `super::` path in `src/`, in `use` lines and inline, is
//! resolved to the top-level module it names.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::LAYERS;

/// A path from one top-level module into another.
#[derive(Debug)]
struct Edge {
    file: String,
    from: String,
    to: String,
    path: String,
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module a file is: src/db/queries/report.rs is ["db", "queries", "report"].
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The code without comments (which name paths in prose) and without string and
/// character literals (which may hold anything).
fn code_only(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '"' => {
                let mut escaped = false;
                for c in chars.by_ref() {
                    if escaped {
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '"' {
                        break;
                    }
                }
                out.push_str("\"\"");
            }
            _ => out.push(c),
        }
    }
    out
}

fn ident_at(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// The first segment of each item of a `{…}` group that starts `s`.
fn group_heads(s: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut at_item_start = true;
    for (i, c) in s.char_indices() {
        match c {
            '{' => {
                depth += 1;
                at_item_start = depth == 1;
            }
            '}' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            ',' if depth == 1 => at_item_start = true,
            c if depth == 1 && at_item_start && !c.is_whitespace() => {
                at_item_start = false;
                let id = ident_at(&s[i..]);
                if !id.is_empty() {
                    heads.push(id.to_string());
                }
            }
            _ => {}
        }
    }
    heads
}

fn edges_of(src: &Path, file: &Path, tops: &[&str]) -> Vec<Edge> {
    let module = module_of(src, file);
    let Some(me) = module.first().cloned() else {
        return Vec::new();
    };
    let code = code_only(&std::fs::read_to_string(file).unwrap());
    let mut edges = Vec::new();
    let mut add = |to: &str, path: &str| {
        if to != me && tops.contains(&to) {
            edges.push(Edge {
                file: format!("src/{}", file.strip_prefix(src).unwrap_or(file).display()),
                from: me.clone(),
                to: to.to_string(),
                path: path.to_string(),
            });
        }
    };
    for (at, _) in code.match_indices("crate::") {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        let rest = &code[at + "crate::".len()..];
        let shown: String = rest
            .chars()
            .take_while(|c| *c != ';' && *c != '\n')
            .collect();
        let shown = format!("crate::{shown}");
        if rest.starts_with('{') {
            for head in group_heads(rest) {
                add(&head, &shown);
            }
        } else {
            add(ident_at(rest), &shown);
        }
    }
    for (at, _) in code.match_indices("super::") {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue; // the second of super::super::, counted with the first
        }
        let mut rest = &code[at..];
        let mut ups = 0;
        while let Some(r) = rest.strip_prefix("super::") {
            ups += 1;
            rest = r;
        }
        let shown: String = code[at..]
            .chars()
            .take_while(|c| *c != ';' && *c != '\n')
            .collect();
        // Relative to the file's module: an inline `mod tests` inside it sees its
        // file's items with one `super`, which resolves to the same top.
        if ups < module.len() {
            continue; // still inside the file's own top-level module
        }
        if rest.starts_with('{') {
            for head in group_heads(rest) {
                add(&head, &shown);
            }
        } else {
            add(ident_at(rest), &shown);
        }
    }
    edges
}

fn all_edges(src: &Path) -> Vec<Edge> {
    let tops: Vec<&str> = LAYERS.iter().flat_map(|l| l.iter().copied()).collect();
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    files
        .iter()
        .filter(|f| {
            let name = f.strip_prefix(src).unwrap();
            name != Path::new("lib.rs") && name != Path::new("main.rs")
        })
        .flat_map(|f| edges_of(src, f, &tops))
        .collect()
}

#[test]
fn every_module_is_in_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if name == "lib" || name == "main" || name == "layers" {
            continue;
        }
        if !LAYERS.iter().any(|l| l.contains(&name.as_str())) {
            missing.push(name);
        }
    }
    assert!(
        missing.is_empty(),
        "add these modules to LAYERS in src/lib.rs: {missing:?}"
    );
}

#[test]
fn no_module_uses_one_beside_or_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let layer: BTreeMap<&str, usize> = LAYERS
        .iter()
        .enumerate()
        .flat_map(|(i, l)| l.iter().map(move |m| (*m, i)))
        .collect();
    let edges = all_edges(&src);
    assert!(edges.len() > 100, "the paths are found ({})", edges.len());
    let wrong: Vec<String> = edges
        .iter()
        .filter(|e| layer[e.from.as_str()] >= layer[e.to.as_str()])
        .map(|e| format!("{}: {} uses {} ({})", e.file, e.from, e.to, e.path.trim()))
        .collect();
    assert!(
        wrong.is_empty(),
        "paths against the layers of src/lib.rs:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_checker_sees_every_form_of_path() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    std::fs::create_dir_all(src.join("db/queries")).unwrap();
    std::fs::write(
        src.join("db/queries/report.rs"),
        "use crate::{domain, mail::templates};\n// crate::web in a comment\nfn f() { let _ = \"crate::app\"; crate::search::x(); super::super::super::views::y(); }\nmod tests { use super::*; }\n",
    )
    .unwrap();
    let tops = ["app", "web", "views", "search", "db", "mail", "domain"];
    let found: Vec<(String, String)> = edges_of(src, &src.join("db/queries/report.rs"), &tops)
        .into_iter()
        .map(|e| (e.from, e.to))
        .collect();
    let want = [
        ("db", "domain"),
        ("db", "mail"),
        ("db", "search"),
        ("db", "views"),
    ];
    assert_eq!(
        found,
        want.map(|(a, b)| (a.to_string(), b.to_string())).to_vec()
    );
}
