//! A citizen's comment: who may say what, checked once at the edge, so that a
//! [`ValidComment`] that exists is fit to store.

use crate::domain::ids::*;
use std::sync::LazyLock;

use chrono::NaiveDateTime;
use regex::Regex;

use super::text_enum;
use crate::text;

text_enum! {
    /// Who is commenting, as they say themselves.
    pub enum CommenterKind {
        Individual = "individual",
        Business = "business",
        Organisation = "organisation",
        Expert = "expert",
        StateAgency = "state_agency",
    }
}

impl CommenterKind {
    /// Speaking for a body, whose name the comment then carries.
    pub fn needs_organisation(self) -> bool {
        matches!(
            self,
            Self::Business | Self::Organisation | Self::StateAgency
        )
    }
}

text_enum! {
    /// Where a comment is in its life: submitted, confirmed by e-mail (then waiting for
    /// moderation), published or rejected, or withdrawn by its author.
    pub enum CommentStatus {
        Unconfirmed = "unconfirmed",
        Pending = "pending",
        Published = "published",
        Rejected = "rejected",
        Withdrawn = "withdrawn",
    }
}

/// The version of the privacy notice (/quyen-rieng-tu) a commenter consents to. Change
/// it whenever the notice's text changes; each comment records the version it accepted.
pub const PRIVACY_VERSION: &str = "2026-12-07.3";

/// Limits that are settings.
#[derive(Debug, Clone, Copy)]
pub struct CommentRules {
    pub min_chars: usize,
    pub max_chars: usize,
}

/// What the comment form sent, as typed. Every field is optional here so that a form
/// with a field missing is answered field by field, not with a generic error.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct CommentForm {
    #[serde(default)]
    pub noi_dung: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub ho_ten: String,
    pub cong_khai_ten: Option<String>,
    #[serde(default)]
    pub loai: String,
    #[serde(default)]
    pub to_chuc: String,
    #[serde(default)]
    pub xa: String,
    pub dong_y: Option<String>,
    /// The anchor of the section commented on; empty for the whole draft.
    #[serde(default)]
    pub muc: String,
    #[serde(default)]
    pub csrf: String,
    /// The honeypot: hidden from people, filled by bots.
    #[serde(default)]
    pub trang_web: String,
}

/// One thing wrong with a form, tied to its field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    BodyTooShort {
        min: usize,
    },
    BodyTooLong {
        max: usize,
        got: usize,
    },
    BodyControlChars,
    BodyMarkup,
    /// The text arrived in another encoding than UTF-8 and could not be read.
    BodyEncoding,
    EmailMissing,
    EmailInvalid,
    NameNeeded,
    NameTooLong,
    NameInvalid,
    KindMissing,
    OrganisationNeeded,
    OrganisationTooLong,
    OrganisationInvalid,
    LocalityUnknown,
    ConsentMissing,
}

impl Problem {
    /// The form field the problem belongs to (its `name`).
    pub fn field(&self) -> &'static str {
        match self {
            Self::BodyTooShort { .. }
            | Self::BodyTooLong { .. }
            | Self::BodyControlChars
            | Self::BodyMarkup
            | Self::BodyEncoding => "noi_dung",
            Self::EmailMissing | Self::EmailInvalid => "email",
            Self::NameNeeded | Self::NameTooLong | Self::NameInvalid => "ho_ten",
            Self::KindMissing => "loai",
            Self::OrganisationNeeded | Self::OrganisationTooLong | Self::OrganisationInvalid => {
                "to_chuc"
            }
            Self::LocalityUnknown => "xa",
            Self::ConsentMissing => "dong_y",
        }
    }
}

/// An e-mail address that looks deliverable. Kept as typed (trimmed); compared and
/// limited by its lower-case form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, Problem> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(Problem::EmailMissing);
        }
        let valid = s.len() <= 254
            && s.parse::<lettre::Address>().is_ok()
            && s.rsplit_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            });
        if valid {
            Ok(Email(s.to_string()))
        } else {
            Err(Problem::EmailInvalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form used for "the same text from the same address".
    pub fn normalized(&self) -> String {
        self.0.to_lowercase()
    }

    /// The key of the per-address limits: one mailbox, however it is spelled. Case is
    /// ignored, quotes around the local part dropped, and a "+tag" (which most providers
    /// deliver to the same mailbox) cut off, so that `An+1@…`, `"an"@…` and `an@…` share
    /// one limit.
    pub fn limiter_key(&self) -> String {
        let lower = self.0.to_lowercase();
        let Some((local, domain)) = lower.rsplit_once('@') else {
            return lower;
        };
        let local = local.trim_matches('"');
        let local = local.split('+').next().unwrap_or(local);
        format!("{local}@{domain}")
    }
}

/// An address as a page may show it to the one who typed it: the first character of the
/// local part and the domain ("a***@example.vn"), enough to recognise it, not to read it.
pub fn mask_email(address: &str) -> String {
    match address.rsplit_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".into(),
    }
}

/// A comment whose every field has been checked.
#[derive(Debug, Clone)]
pub struct ValidComment {
    /// NFC, line ends normalised, trimmed.
    pub body: String,
    pub email: Email,
    pub name: String,
    pub publish_name: bool,
    pub kind: CommenterKind,
    pub organisation: String,
    pub locality_code: Option<String>,
    /// Links are allowed but flagged for the moderator.
    pub has_links: bool,
    /// What the text seems to hold of personal data (Law 91/2025/QH15): such a comment
    /// waits for a moderator, whatever the draft's moderation.
    pub personal_data: Vec<PersonalData>,
}

/// A kind of personal data found in a comment's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PersonalData {
    Phone,
    Email,
    /// A 9-digit identity card or 12-digit citizen identity number.
    IdNumber,
}

impl PersonalData {
    pub fn as_str(self) -> &'static str {
        match self {
            PersonalData::Phone => "phone",
            PersonalData::Email => "email",
            PersonalData::IdNumber => "id",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "phone" => Some(PersonalData::Phone),
            "email" => Some(PersonalData::Email),
            "id" => Some(PersonalData::IdNumber),
            _ => None,
        }
    }

    /// As stored: the kinds, comma-separated (empty for none).
    pub fn join(found: &[PersonalData]) -> String {
        found
            .iter()
            .map(|k| k.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }

    pub fn split(stored: &str) -> Vec<PersonalData> {
        stored.split(',').filter_map(PersonalData::parse).collect()
    }
}

static EMAIL_IN_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}").expect("email pattern")
});
/// Vietnamese phone numbers: mobile (0 or +84, then 3, 5, 7, 8 or 9 and 8 digits) and
/// landline (02 and 9 digits), written together or in groups.
static PHONE_IN_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\+84|\b84|\b0)[\s.\-]?[35789]\d(?:[\s.\-]?\d){7}\b|\b02\d(?:[\s.\-]?\d){8}\b")
        .expect("phone pattern")
});
/// Identity numbers: 9 digits (old card) or 12 (citizen identity), standing alone.
static ID_IN_TEXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:\d{12}|\d{9})\b").expect("id pattern"));

/// The kinds of personal data `text` seems to hold. Deliberately eager: a false alarm
/// costs a moderator a look, a miss publishes someone's number.
pub fn personal_data_in(text: &str) -> Vec<PersonalData> {
    let mut found = Vec::new();
    if PHONE_IN_TEXT.is_match(text) {
        found.push(PersonalData::Phone);
    }
    if EMAIL_IN_TEXT.is_match(text) {
        found.push(PersonalData::Email);
    }
    // A 10- or 11-digit phone number is not an identity number; 9 and 12 digits are.
    if ID_IN_TEXT.is_match(text) {
        found.push(PersonalData::IdNumber);
    }
    found
}

static MARKUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)<\s*/?\s*[a-z!][^<>]*>|<\s*script|javascript\s*:|<!--")
        .expect("markup pattern")
});
static LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:https?://|www\.)\S+|\b[a-z0-9-]+\.(?:com|vn|net|org|info|xyz|top|io|me|ly)\b",
    )
    .expect("link pattern")
});

/// What `text::check` refuses (control characters, noncharacters, piles of marks), and
/// in a comment also every bidirectional override and the zero-width no-break space:
/// nothing a commenter needs, and what can make text read differently from what it says.
/// Line breaks and tabs are ordinary text in the body only.
fn has_forbidden_chars(s: &str, multiline: bool) -> bool {
    text::check(s, multiline).is_err()
        || s.chars()
            .any(|c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'))
}

fn clean_line(raw: &str) -> String {
    text::nfc(raw.trim())
}

impl ValidComment {
    /// Checks a form. `locality_exists` says whether a commune code is in the
    /// jurisdiction's list. Returns every problem at once, so the form shows them all.
    pub fn parse(
        form: &CommentForm,
        rules: CommentRules,
        locality_exists: impl Fn(&str) -> bool,
    ) -> Result<Self, Vec<Problem>> {
        let mut problems = Vec::new();

        let body = text::nfc(&form.noi_dung.replace("\r\n", "\n").replace('\r', "\n"));
        let body = body.trim().to_string();
        let chars = body.chars().count();
        if body.contains('\u{FFFD}') {
            // Form decoding replaces bytes that are not UTF-8 with U+FFFD.
            problems.push(Problem::BodyEncoding);
        } else if has_forbidden_chars(&body, true) {
            problems.push(Problem::BodyControlChars);
        } else if MARKUP.is_match(&body) {
            problems.push(Problem::BodyMarkup);
        } else if chars < rules.min_chars {
            problems.push(Problem::BodyTooShort {
                min: rules.min_chars,
            });
        } else if chars > rules.max_chars {
            problems.push(Problem::BodyTooLong {
                max: rules.max_chars,
                got: chars,
            });
        }

        let email = Email::parse(&form.email).map_err(|p| problems.push(p)).ok();

        let publish_name = form.cong_khai_ten.is_some();
        let name = clean_line(&form.ho_ten);
        if has_forbidden_chars(&name, false) || MARKUP.is_match(&name) || name.contains(['<', '>'])
        {
            problems.push(Problem::NameInvalid);
        } else if name.chars().count() > 100 {
            problems.push(Problem::NameTooLong);
        } else if publish_name && name.is_empty() {
            problems.push(Problem::NameNeeded);
        }

        let kind = CommenterKind::parse(form.loai.trim());
        if kind.is_none() {
            problems.push(Problem::KindMissing);
        }

        let organisation = clean_line(&form.to_chuc);
        if has_forbidden_chars(&organisation, false) || organisation.contains(['<', '>']) {
            problems.push(Problem::OrganisationInvalid);
        } else if organisation.chars().count() > 200 {
            problems.push(Problem::OrganisationTooLong);
        } else if kind.is_some_and(CommenterKind::needs_organisation) && organisation.is_empty() {
            problems.push(Problem::OrganisationNeeded);
        }

        let locality = form.xa.trim();
        let locality_code = if locality.is_empty() {
            None
        } else if locality.len() <= 100 && locality_exists(locality) {
            Some(locality.to_string())
        } else {
            problems.push(Problem::LocalityUnknown);
            None
        };

        if form.dong_y.is_none() {
            problems.push(Problem::ConsentMissing);
        }

        match (email, kind) {
            (Some(email), Some(kind)) if problems.is_empty() => Ok(ValidComment {
                has_links: LINK.is_match(&body),
                personal_data: personal_data_in(&body),
                body,
                email,
                // A name given without consent to publish it is still kept for the
                // agency's answer by e-mail, never shown.
                name,
                publish_name,
                kind,
                organisation: if kind == CommenterKind::Individual {
                    String::new()
                } else {
                    organisation
                },
                locality_code,
            }),
            _ => Err(problems),
        }
    }

    /// "The same text from the same e-mail on the same draft": SHA-256 of the three,
    /// with the text folded so that NFC/NFD, tone-mark placement, case and spacing do
    /// not make a copy look new.
    pub fn dedupe_key(&self, draft_id: DraftId) -> String {
        use sha2::{Digest, Sha256};
        let folded: String = text::fold(&self.body)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let mut h = Sha256::new();
        h.update(draft_id.get().to_le_bytes());
        h.update(self.email.normalized().as_bytes());
        h.update([0]);
        h.update(folded.as_bytes());
        hex::encode(h.finalize())
    }
}

/// GY-2026-000123: the year the comment was made (in Viet Nam) and its number.
pub fn tracking_number(id: CommentId, created_at: NaiveDateTime) -> String {
    format!("GY-{}-{:06}", super::time::local_year(created_at), id)
}

/// The comment id in a tracking number, if it is well formed.
pub fn parse_tracking_number(s: &str) -> Option<(i32, CommentId)> {
    let rest = s.trim().strip_prefix("GY-")?;
    let (year, id) = rest.split_once('-')?;
    if year.len() != 4 || id.len() < 6 || id.len() > 18 {
        return None;
    }
    Some((year.parse().ok()?, id.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_data_is_found_in_the_text() {
        use PersonalData::*;
        assert_eq!(personal_data_in("Gọi 0903123456 nhé"), vec![Phone]);
        assert_eq!(personal_data_in("Số +84 903 123 456"), vec![Phone]);
        assert_eq!(personal_data_in("Máy bàn 028 3823 4567"), vec![Phone]);
        assert_eq!(personal_data_in("CCCD 079203012345"), vec![IdNumber]);
        assert_eq!(personal_data_in("CMND 025123456"), vec![IdNumber]);
        assert_eq!(personal_data_in("thư a.b@example.vn"), vec![Email]);
        // Amounts, years, article numbers and dates are not personal data.
        for text in [
            "Mức phí 100.000.000 đồng",
            "năm 2026",
            "Điều 12 khoản 3",
            "ngày 01/12/2026",
            "25.000 đồng/giờ",
        ] {
            assert!(personal_data_in(text).is_empty(), "{text}");
        }
        assert_eq!(
            PersonalData::split(&PersonalData::join(&[Phone, IdNumber])),
            vec![Phone, IdNumber]
        );
    }

    const RULES: CommentRules = CommentRules {
        min_chars: 10,
        max_chars: 10_000,
    };

    fn form() -> CommentForm {
        CommentForm {
            noi_dung: "Đề nghị làm rõ mức thu đối với hộ kinh doanh nhỏ.".into(),
            email: "nguoi.dan@example.vn".into(),
            loai: "individual".into(),
            dong_y: Some("1".into()),
            ..Default::default()
        }
    }

    fn problems(f: &CommentForm) -> Vec<Problem> {
        ValidComment::parse(f, RULES, |c| c == "phuong-sai-gon")
            .err()
            .unwrap_or_default()
    }

    #[test]
    fn a_good_comment_passes() {
        let c = ValidComment::parse(&form(), RULES, |_| true).unwrap();
        assert_eq!(c.kind, CommenterKind::Individual);
        assert!(!c.has_links && !c.publish_name);
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let f = CommentForm {
            noi_dung: "ngắn".into(),
            email: "khong-hop-le".into(),
            ..Default::default()
        };
        let p = problems(&f);
        assert!(p.contains(&Problem::BodyTooShort { min: 10 }));
        assert!(p.contains(&Problem::EmailInvalid));
        assert!(p.contains(&Problem::KindMissing));
        assert!(p.contains(&Problem::ConsentMissing));
    }

    #[test]
    fn markup_and_control_characters_are_refused_but_plain_punctuation_is_text() {
        let mut f = form();
        f.noi_dung = "Tôi đề nghị <script>alert(1)</script> sửa".into();
        assert_eq!(problems(&f), [Problem::BodyMarkup]);
        f.noi_dung = "Giá phải < 5 triệu và > 2 triệu; không dùng ' hay -- để phá".into();
        assert!(problems(&f).is_empty());
        f.noi_dung = "Nội dung có ký tự \u{0007} lạ ở đây".into();
        assert_eq!(problems(&f), [Problem::BodyControlChars]);
        f.noi_dung = "Nội dung đảo chiều \u{202E} ở đây".into();
        assert_eq!(problems(&f), [Problem::BodyControlChars]);
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        let mut f = form();
        f.noi_dung = "ữ".repeat(10);
        assert!(problems(&f).is_empty());
        f.noi_dung = "ữ".repeat(10_001);
        assert_eq!(
            problems(&f),
            [Problem::BodyTooLong {
                max: 10_000,
                got: 10_001
            }]
        );
    }

    #[test]
    fn a_name_to_publish_and_an_organisation_to_speak_for_are_required() {
        let mut f = form();
        f.cong_khai_ten = Some("1".into());
        assert_eq!(problems(&f), [Problem::NameNeeded]);
        f.ho_ten = "Nguyễn Thị Hoà".into();
        f.loai = "business".into();
        assert_eq!(problems(&f), [Problem::OrganisationNeeded]);
        f.to_chuc = "Công ty TNHH Xanh".into();
        f.xa = "xa-khong-co".into();
        assert_eq!(problems(&f), [Problem::LocalityUnknown]);
        f.xa = "phuong-sai-gon".into();
        assert!(problems(&f).is_empty());
    }

    #[test]
    fn links_are_flagged() {
        let mut f = form();
        f.noi_dung = "Xem thêm tại https://vi-du.vn/bai-viet nhé".into();
        assert!(ValidComment::parse(&f, RULES, |_| true).unwrap().has_links);
    }

    #[test]
    fn copies_in_another_spelling_have_the_same_key() {
        use unicode_normalization::UnicodeNormalization;
        let a = ValidComment::parse(&form(), RULES, |_| true).unwrap();
        let mut f = form();
        f.noi_dung = format!(
            "  {}  ",
            f.noi_dung.nfd().collect::<String>().to_uppercase()
        );
        f.email = "Nguoi.Dan@Example.vn".into();
        let b = ValidComment::parse(&f, RULES, |_| true).unwrap();
        assert_eq!(a.dedupe_key(DraftId(1)), b.dedupe_key(DraftId(1)));
        assert_ne!(a.dedupe_key(DraftId(1)), a.dedupe_key(DraftId(2)));
    }

    #[test]
    fn tracking_numbers_round_trip() {
        let t = chrono::NaiveDate::from_ymd_opt(2026, 3, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        assert_eq!(tracking_number(CommentId(123), t), "GY-2026-000123");
        assert_eq!(
            parse_tracking_number("GY-2026-000123"),
            Some((2026, CommentId(123)))
        );
        assert_eq!(
            parse_tracking_number("GY-2026-1234567"),
            Some((2026, CommentId(1_234_567)))
        );
        assert_eq!(parse_tracking_number("GY-26-1"), None);
        assert_eq!(parse_tracking_number("' OR 1=1"), None);
    }
}

text_enum! {
    /// Why a moderator keeps a comment off the public record.
    pub enum RejectionReason {
        OffTopic = "off_topic",
        Abusive = "abusive",
        PersonalData = "personal_data",
        Spam = "spam",
        Duplicate = "duplicate",
    }
}

text_enum! {
    /// How the drafting agency disposes of a comment (tiếp thu, giải trình).
    pub enum Disposition {
        Accepted = "accepted",
        PartlyAccepted = "partly_accepted",
        NotAccepted = "not_accepted",
        Noted = "noted",
    }
}

/// What replaces a span of personal data in the public text.
pub const REDACTION_MARK: &str = "[đã ẩn thông tin cá nhân]";

/// The public text with every occurrence of `span` hidden, or None when `span` is not
/// in the text (or is blank).
pub fn redact(text: &str, span: &str) -> Option<String> {
    let span = span.trim();
    if span.is_empty() || !text.contains(span) {
        return None;
    }
    Some(text.replace(span, REDACTION_MARK))
}

/// Which comments the answers list shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AnswerFilter {
    #[default]
    Unanswered,
    Answered,
    All,
}

impl AnswerFilter {
    pub fn slug(self) -> &'static str {
        match self {
            Self::Unanswered => "chua-tra-loi",
            Self::Answered => "da-tra-loi",
            Self::All => "tat-ca",
        }
    }

    pub fn from_slug(s: &str) -> Option<Self> {
        [Self::Unanswered, Self::Answered, Self::All]
            .into_iter()
            .find(|f| f.slug() == s)
    }
}

/// Which comments the queue shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum QueueStatus {
    /// Confirmed and waiting (pre-moderation), or published and not yet looked at
    /// (publish first, moderate after).
    #[default]
    Waiting,
    Published,
    Rejected,
    All,
}

impl QueueStatus {
    pub fn slug(self) -> &'static str {
        match self {
            Self::Waiting => "cho",
            Self::Published => "da-dang",
            Self::Rejected => "tu-choi",
            Self::All => "tat-ca",
        }
    }

    pub fn from_slug(s: &str) -> Option<Self> {
        [Self::Waiting, Self::Published, Self::Rejected, Self::All]
            .into_iter()
            .find(|q| q.slug() == s)
    }
}
