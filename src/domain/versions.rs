//! Matching the sections of a new version of a draft to the previous version's, so that
//! comments stay on their section and readers see what changed.
//!
//! A section is compared by its kind and its words (title and text, without its
//! number), so an article renumbered from Điều 5 to Điều 6 with the same words is the
//! same article. Failing that, a section at the same anchor is the changed version of
//! the old one. Anything else is new; old sections left unmatched were removed.

use std::collections::HashMap;

use super::SectionKind;

/// A section of either version, as far as matching goes.
#[derive(Debug, Clone)]
pub struct Comparable<'a> {
    pub kind: SectionKind,
    /// The index of the enclosing section in the same list.
    pub parent: Option<usize>,
    pub anchor: &'a str,
    pub title: &'a str,
    pub body: &'a str,
}

impl Comparable<'_> {
    fn words(&self) -> String {
        crate::text::fold(&format!("{} {}", self.title, self.body))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// The same words as old section `n` (perhaps renumbered).
    Same(usize),
    /// At the same place as old section `n`, with other words.
    Changed(usize),
    New,
}

impl Change {
    pub fn stored(self) -> super::SectionChange {
        match self {
            Change::Same(_) => super::SectionChange::Same,
            Change::Changed(_) => super::SectionChange::Changed,
            Change::New => super::SectionChange::New,
        }
    }

    pub fn previous(self) -> Option<usize> {
        match self {
            Change::Same(n) | Change::Changed(n) => Some(n),
            Change::New => None,
        }
    }
}

/// For each new section, how it relates to the old ones. Each old section is matched at
/// most once.
pub fn match_sections(old: &[Comparable<'_>], new: &[Comparable<'_>]) -> Vec<Change> {
    let mut used = vec![false; old.len()];
    let mut by_words: HashMap<(SectionKind, String), Vec<usize>> = HashMap::new();
    let mut by_anchor: HashMap<&str, usize> = HashMap::new();
    for (i, o) in old.iter().enumerate() {
        by_words.entry((o.kind, o.words())).or_default().push(i);
        by_anchor.insert(o.anchor, i);
    }
    let new_words: Vec<String> = new.iter().map(Comparable::words).collect();
    let mut out = vec![Change::New; new.len()];
    // 1. Same place, same words.
    for (j, n) in new.iter().enumerate() {
        if let Some(&i) = by_anchor.get(n.anchor)
            && !used[i]
            && old[i].kind == n.kind
            && old[i].words() == new_words[j]
        {
            used[i] = true;
            out[j] = Change::Same(i);
        }
    }
    // 2. Same words elsewhere: moved or renumbered.
    for (j, n) in new.iter().enumerate() {
        if out[j] != Change::New {
            continue;
        }
        if let Some(candidates) = by_words.get(&(n.kind, new_words[j].clone()))
            && let Some(&i) = candidates.iter().find(|&&i| !used[i])
        {
            used[i] = true;
            out[j] = Change::Same(i);
        }
    }
    // 3. The same place, other words: changed. "The same place" is the same position
    //    under the matched parent (clause 1 of the article that became Điều 3 was
    //    clause 1 of Điều 2), or else the same anchor. In document order, so parents are
    //    settled before their children.
    for (j, n) in new.iter().enumerate() {
        if out[j] != Change::New {
            continue;
        }
        let under_parent = n.parent.and_then(|p| {
            let old_parent = out[p].previous()?;
            let suffix = n.anchor.strip_prefix(new[p].anchor)?;
            by_anchor
                .get(format!("{}{suffix}", old[old_parent].anchor).as_str())
                .copied()
        });
        let candidate = under_parent.or_else(|| by_anchor.get(n.anchor).copied());
        if let Some(i) = candidate
            && !used[i]
            && old[i].kind == n.kind
        {
            used[i] = true;
            out[j] = if old[i].words() == new_words[j] {
                Change::Same(i)
            } else {
                Change::Changed(i)
            };
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use SectionKind::*;

    fn s<'a>(kind: SectionKind, anchor: &'a str, title: &'a str, body: &'a str) -> Comparable<'a> {
        Comparable {
            kind,
            parent: None,
            anchor,
            title,
            body,
        }
    }

    #[test]
    fn a_clause_of_a_renumbered_article_is_found_under_its_new_number() {
        let mut old = vec![
            s(Article, "dieu-2", "Mức giá", ""),
            s(Clause, "dieu-2-khoan-1", "", "Xe máy: 5.000 đồng."),
        ];
        old[1].parent = Some(0);
        let mut new = vec![
            s(Article, "dieu-2", "Đối tượng", ""),
            s(Article, "dieu-3", "Mức giá", ""),
            s(Clause, "dieu-3-khoan-1", "", "Xe máy: 4.000 đồng."),
        ];
        new[2].parent = Some(1);
        assert_eq!(
            match_sections(&old, &new),
            [Change::New, Change::Same(0), Change::Changed(1)]
        );
    }

    #[test]
    fn renumbered_articles_keep_their_match_and_edits_are_changes() {
        let old = [
            s(Article, "dieu-1", "Phạm vi", ""),
            s(Clause, "dieu-1-khoan-1", "", "Quy định mức thu."),
            s(Article, "dieu-2", "Đối tượng", ""),
            s(Article, "dieu-3", "Hiệu lực", "Từ ngày 01/7."),
        ];
        let new = [
            s(Article, "dieu-1", "Phạm vi", ""),
            s(
                Clause,
                "dieu-1-khoan-1",
                "",
                "Quy định mức thu và miễn giảm.",
            ),
            s(Article, "dieu-2", "Giải thích từ ngữ", ""),
            s(Article, "dieu-3", "Đối tượng", ""),
            s(Article, "dieu-4", "Hiệu lực", "Từ ngày 01/7."),
        ];
        let m = match_sections(&old, &new);
        assert_eq!(
            m,
            [
                Change::Same(0),
                Change::Changed(1),
                Change::New,
                Change::Same(2),
                Change::Same(3)
            ]
        );
    }
}
