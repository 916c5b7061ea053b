//! A draft's life cycle (Decision 407), its comment period, and the parts it is made of.

use chrono::NaiveDateTime;

use super::text_enum;

text_enum! {
    /// Where the policy stands in its life cycle; Decision 407/QĐ-TTg asks for
    /// communication at every stage.
    pub enum Stage {
        Proposal = "proposal",
        Draft = "draft",
        Appraisal = "appraisal",
        Adopted = "adopted",
        Withdrawn = "withdrawn",
    }
}

text_enum! {
    /// Where else a draft is posted for comment.
    pub enum LinkPlace {
        ProvincePortal = "province_portal",
        NationalLawPortal = "national_law_portal",
        Other = "other",
    }
}

text_enum! {
    /// Whether the public can see the draft at all.
    pub enum Publication { Unpublished = "unpublished", Published = "published" }
}

text_enum! {
    /// When a comment on the draft is published: after a moderator approves it (pre), or
    /// at once on confirmation, to be taken down afterwards if need be (post).
    pub enum Moderation { Pre = "pre", Post = "post" }
}

text_enum! {
    /// How a section of a version relates to the version before: the first version has
    /// no before; the others are the same words, changed words at the same place, or new.
    pub enum SectionChange {
        First = "first",
        Same = "same",
        Changed = "changed",
        New = "new",
    }
}

text_enum! {
    /// Phần, Chương, Mục, Điều, Khoản, Điểm.
    pub enum SectionKind {
        Part = "part",
        Chapter = "chapter",
        Section = "section",
        Article = "article",
        Clause = "clause",
        Point = "point",
    }
}

impl SectionKind {
    /// Nesting order: a node closes every open node of the same or a deeper rank.
    pub fn rank(self) -> u8 {
        match self {
            Self::Part => 0,
            Self::Chapter => 1,
            Self::Section => 2,
            Self::Article => 3,
            Self::Clause => 4,
            Self::Point => 5,
        }
    }

    /// Articles, clauses and points are what people comment on; parts, chapters and
    /// sections only group them.
    pub fn is_commentable(self) -> bool {
        matches!(self, Self::Article | Self::Clause | Self::Point)
    }
}

/// How a section is cited in Vietnamese legal writing, innermost first: "Điểm a Khoản 2
/// Điều 5". Articles are numbered through the whole document, so the citation stops at
/// the article; a part, chapter or section is cited alone ("Chương II").
pub fn section_label(path: &[(SectionKind, &str)]) -> String {
    let mut parts = Vec::new();
    for (kind, number) in path.iter().rev() {
        if !parts.is_empty() && !kind.is_commentable() {
            break;
        }
        parts.push(format!("{} {}", kind.label(), number));
        if *kind == SectionKind::Article {
            break;
        }
    }
    parts.join(" ")
}

impl SectionKind {
    /// The word the law uses for this kind of section.
    pub fn label(self) -> &'static str {
        match self {
            Self::Part => "Phần",
            Self::Chapter => "Chương",
            Self::Section => "Mục",
            Self::Article => "Điều",
            Self::Clause => "Khoản",
            Self::Point => "Điểm",
        }
    }
}

text_enum! {
    /// The files posted with a draft: the submission (tờ trình), the impact assessment,
    /// the law-making proposal, and anything else.
    pub enum AttachmentKind {
        Submission = "submission",
        ImpactAssessment = "impact_assessment",
        LawmakingProposal = "lawmaking_proposal",
        Other = "other",
    }
}

/// Where the comment period stands at a given moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PeriodStatus {
    /// No period set yet.
    NotScheduled,
    Upcoming,
    Open,
    Closed,
}

impl PeriodStatus {
    pub fn at(
        opens_at: Option<NaiveDateTime>,
        closes_at: Option<NaiveDateTime>,
        now: NaiveDateTime,
    ) -> Self {
        match (opens_at, closes_at) {
            (Some(o), _) if now < o => Self::Upcoming,
            (Some(_), Some(c)) if now < c => Self::Open,
            (Some(_), Some(_)) => Self::Closed,
            _ => Self::NotScheduled,
        }
    }

    /// The spelling used in URLs (?trang-thai=dang-lay-y-kien).
    pub fn slug(self) -> &'static str {
        match self {
            Self::NotScheduled => "chua-xep-lich",
            Self::Upcoming => "sap-lay-y-kien",
            Self::Open => "dang-lay-y-kien",
            Self::Closed => "da-ket-thuc",
        }
    }

    pub fn from_slug(s: &str) -> Option<Self> {
        [Self::Upcoming, Self::Open, Self::Closed]
            .into_iter()
            .find(|p| p.slug() == s)
    }
}

/// The four criteria of Decision 407/QĐ-TTg: a draft policy has a large social impact
/// when all four hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct ImpactCriteria {
    /// Its document type needs a law-making proposal.
    pub needs_proposal: bool,
    /// It directly creates, changes or ends rights and obligations.
    pub rights: bool,
    /// It is difficult, sensitive or divided in opinion.
    pub sensitive: bool,
    /// Its effect is nationwide or province-wide.
    pub wide: bool,
}

impl ImpactCriteria {
    pub fn is_large_impact(self) -> bool {
        self.needs_proposal && self.rights && self.sensitive && self.wide
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn t(d: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, d)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
    }

    #[test]
    fn the_period_is_half_open() {
        let (o, c) = (Some(t(10)), Some(t(20)));
        assert_eq!(PeriodStatus::at(o, c, t(9)), PeriodStatus::Upcoming);
        assert_eq!(PeriodStatus::at(o, c, t(10)), PeriodStatus::Open);
        assert_eq!(PeriodStatus::at(o, c, t(20)), PeriodStatus::Closed);
        assert_eq!(
            PeriodStatus::at(None, None, t(20)),
            PeriodStatus::NotScheduled
        );
    }

    #[test]
    fn sections_are_cited_as_the_law_does() {
        use SectionKind::*;
        assert_eq!(
            section_label(&[(Chapter, "II"), (Article, "5"), (Clause, "2"), (Point, "đ")]),
            "Điểm đ Khoản 2 Điều 5"
        );
        assert_eq!(
            section_label(&[(Chapter, "II"), (Article, "5a")]),
            "Điều 5a"
        );
        assert_eq!(
            section_label(&[(Part, "thứ nhất"), (Chapter, "II")]),
            "Chương II"
        );
    }

    #[test]
    fn stored_spellings_round_trip() {
        for s in Stage::ALL {
            assert_eq!(Stage::parse(s.as_str()), Some(*s));
        }
        assert_eq!(SectionKind::parse("điều"), None);
    }
}
