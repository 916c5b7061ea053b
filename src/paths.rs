//! Every address the portal links to, built in one place from typed values, so that a
//! page, a redirect and a mail can never disagree on where a thing lives. The route
//! table (`web::public::routes`, `web::console::routes`) holds the same shapes as
//! patterns; `tests` below checks each builder against its pattern.
//!
//! Paths are relative to the site; a mail prefixes them with the base URL
//! (`absolute`).

use crate::domain::ids::{
    AccountId, AgencyId, AnswerId, AttachmentId, CampaignId, CommentId, CritiqueId,
    CritiquePointId, DraftId, LegalRuleId, MeetingId, OrganisationId, ReceivedOpinionId,
};

/// `path` with the outcome its page shows a notice for (`?ket-qua=da-luu`), and the
/// part of the page to show (`#tep`), if any.
pub fn with_result(path: &str, result: &str, part: Option<&str>) -> String {
    match part {
        Some(p) => format!("{path}?ket-qua={result}#{p}"),
        None => format!("{path}?ket-qua={result}"),
    }
}

/// `base` + `path`, for links that leave the site (mail, feeds).
pub fn absolute(base: &str, path: &str) -> String {
    format!("{}{path}", base.trim_end_matches('/'))
}

/// The public side.
pub mod public {
    use super::*;

    pub const DRAFTS: &str = "/du-thao";
    pub const SEARCH: &str = "/tim-kiem";
    pub const AGENCIES: &str = "/co-quan";
    pub const FIND_MY_COMMENTS: &str = "/y-kien/tim-lai";

    pub fn draft(slug: &str) -> String {
        format!("/du-thao/{slug}")
    }

    /// A draft's published comments; `section`: only those on this section anchor.
    pub fn comments(slug: &str, section: Option<&str>) -> String {
        match section {
            Some(a) => format!("/du-thao/{slug}/y-kien?muc={a}"),
            None => format!("/du-thao/{slug}/y-kien"),
        }
    }

    /// One published comment's page.
    pub fn comment(slug: &str, id: CommentId) -> String {
        format!("/du-thao/{slug}/y-kien/{id}")
    }

    /// Where a reader comments on a draft, or on one of its sections.
    pub fn comment_form(slug: &str, anchor: Option<&str>) -> String {
        match anchor {
            Some(a) => format!("/du-thao/{slug}/gop-y?muc={a}"),
            None => format!("/du-thao/{slug}/gop-y"),
        }
    }

    pub fn report(slug: &str) -> String {
        format!("/du-thao/{slug}/bao-cao")
    }

    /// A draft's participation, in aggregate.
    pub fn participation(slug: &str) -> String {
        format!("/du-thao/{slug}/tham-gia")
    }

    pub fn attachment(slug: &str, id: AttachmentId, file_name: &str) -> String {
        format!("/du-thao/{slug}/tep/{id}/{file_name}")
    }

    pub fn agency(slug: &str) -> String {
        format!("/co-quan/{slug}")
    }

    /// A published social critique beside the agency's answer, point by point.
    pub fn critique(slug: &str, id: CritiqueId) -> String {
        format!("/du-thao/{slug}/phan-bien/{id}")
    }

    /// The document of a published social critique.
    pub fn critique_document(slug: &str, id: CritiqueId) -> String {
        format!("/du-thao/{slug}/phan-bien/{id}/van-ban")
    }

    /// A campaign's short link, printed on its posters.
    pub fn campaign(code: &str) -> String {
        format!("/v/{code}")
    }

    /// The page a commenter lands on after sending (by its receipt token).
    pub fn sent(token: &str) -> String {
        format!("/y-kien/da-gui/{token}")
    }

    pub fn resend(token: &str) -> String {
        format!("/y-kien/da-gui/{token}/gui-lai")
    }

    /// The confirmation link of a comment.
    pub fn confirm(token: &str) -> String {
        format!("/y-kien/xac-nhan/{token}")
    }

    /// The private page of one's own comment.
    pub fn own(token: &str) -> String {
        format!("/y-kien/cua-toi/{token}")
    }

    pub fn withdraw(token: &str) -> String {
        format!("/y-kien/cua-toi/{token}/rut")
    }
}

/// The agency console.
pub mod console {
    use super::*;

    pub const HOME: &str = "/quan-tri";
    pub const SIGN_IN: &str = "/quan-tri/dang-nhap";
    pub const SIGN_OUT: &str = "/quan-tri/dang-xuat";
    pub const DRAFTS: &str = "/quan-tri/du-thao";
    pub const NEW_DRAFT: &str = "/quan-tri/du-thao/moi";
    pub const MODERATION: &str = "/quan-tri/kiem-duyet";
    pub const ACCOUNTS: &str = "/quan-tri/tai-khoan";
    pub const AUDIT: &str = "/quan-tri/nhat-ky";
    pub const OPERATOR: &str = "/quan-tri/co-quan-van-hanh";
    pub const JOBS: &str = "/quan-tri/cong-viec";
    pub const LEGAL_RULES: &str = "/quan-tri/can-cu-phap-ly";
    pub const AGENCIES: &str = "/quan-tri/co-quan";

    pub fn agency(id: AgencyId) -> String {
        format!("/quan-tri/co-quan/{id}")
    }

    pub const CAMPAIGNS: &str = "/quan-tri/chien-dich";

    pub fn campaign(id: CampaignId) -> String {
        format!("/quan-tri/chien-dich/{id}")
    }

    pub fn campaign_poster(id: CampaignId) -> String {
        format!("/quan-tri/chien-dich/{id}/ap-phich")
    }

    pub fn campaign_qr(id: CampaignId) -> String {
        format!("/quan-tri/chien-dich/{id}/ma-qr.png")
    }

    /// A campaign's published opinions per day and commune, as CSV (counts only).
    pub fn campaign_participation_csv(id: CampaignId) -> String {
        format!("/quan-tri/chien-dich/{id}/tham-gia.csv")
    }

    pub fn campaign_step(id: CampaignId) -> String {
        format!("/quan-tri/chien-dich/{id}/trang-thai")
    }

    /// Where an organiser records a meeting's result in the campaign.
    pub fn campaign_meetings(id: CampaignId) -> String {
        format!("/quan-tri/chien-dich/{id}/hop-dan")
    }

    /// A meeting's minutes (for the agency and the organisers; never public).
    pub fn meeting_minutes(id: MeetingId) -> String {
        format!("/quan-tri/hop-dan/{id}/bien-ban")
    }

    pub const ORGANISATIONS: &str = "/quan-tri/to-chuc";

    pub fn organisation(id: OrganisationId) -> String {
        format!("/quan-tri/to-chuc/{id}")
    }

    pub fn legal_rule(id: LegalRuleId) -> String {
        format!("/quan-tri/can-cu-phap-ly/{id}")
    }
    pub const PASSWORD: &str = "/quan-tri/mat-khau";

    pub fn draft(id: DraftId) -> String {
        format!("/quan-tri/du-thao/{id}")
    }

    /// The social critiques asked of the Front on a draft, and the form to ask.
    pub fn critiques_of(id: DraftId) -> String {
        format!("/quan-tri/du-thao/{id}/phan-bien")
    }

    /// The critiques an organiser's organisations were asked for, and what is overdue.
    pub const CRITIQUES: &str = "/quan-tri/phan-bien";

    /// One critique: its request, the Front's critique and the agency's answer.
    pub fn critique(id: CritiqueId) -> String {
        format!("/quan-tri/phan-bien/{id}")
    }

    /// A step of a critique (`nhan`, `gui`, `tra-loi`, `cong-bo`, `rut`).
    pub fn critique_step(id: CritiqueId, step: &str) -> String {
        format!("/quan-tri/phan-bien/{id}/{step}")
    }

    pub fn critique_point(id: CritiqueId, point: CritiquePointId) -> String {
        format!("/quan-tri/phan-bien/{id}/diem/{point}")
    }

    /// The critique document, for the agency and the Front before it is published.
    pub fn critique_document(id: CritiqueId) -> String {
        format!("/quan-tri/phan-bien/{id}/van-ban")
    }

    /// Opinions received outside the portal, and consultation letters.
    pub fn received(id: DraftId) -> String {
        format!("/quan-tri/du-thao/{id}/y-kien-khac")
    }

    /// A draft's participation dashboard, and its figures as CSV.
    pub fn participation(id: DraftId) -> String {
        format!("/quan-tri/du-thao/{id}/tham-gia")
    }

    pub fn participation_csv(id: DraftId) -> String {
        format!("/quan-tri/du-thao/{id}/tham-gia.csv")
    }

    pub fn received_letters(id: DraftId) -> String {
        format!("/quan-tri/du-thao/{id}/y-kien-khac/xin-y-kien")
    }

    pub fn received_answer(id: DraftId, opinion: ReceivedOpinionId) -> String {
        format!("/quan-tri/du-thao/{id}/y-kien-khac/{opinion}/tra-loi")
    }

    pub fn publish(id: DraftId) -> String {
        format!("/quan-tri/du-thao/{id}/cong-bo")
    }

    pub fn extend(id: DraftId) -> String {
        format!("/quan-tri/du-thao/{id}/gia-han")
    }

    pub fn close_early(id: DraftId) -> String {
        format!("/quan-tri/du-thao/{id}/ket-thuc")
    }

    pub fn text(id: DraftId) -> String {
        format!("/quan-tri/du-thao/{id}/van-ban")
    }

    pub fn attach(id: DraftId) -> String {
        format!("/quan-tri/du-thao/{id}/tep")
    }

    pub fn add_link(id: DraftId) -> String {
        format!("/quan-tri/du-thao/{id}/lien-ket")
    }

    pub fn remove_link(id: DraftId, link: i64) -> String {
        format!("/quan-tri/du-thao/{id}/lien-ket/{link}/xoa")
    }

    pub fn withdraw_attachment(id: DraftId, file: AttachmentId) -> String {
        format!("/quan-tri/du-thao/{id}/tep/{file}/rut")
    }

    pub fn remove_attachment(id: DraftId, file: AttachmentId) -> String {
        format!("/quan-tri/du-thao/{id}/tep/{file}/xoa")
    }

    pub fn preview_text(id: DraftId) -> String {
        format!("/quan-tri/du-thao/{id}/van-ban/xem-truoc")
    }

    pub fn save_text(id: DraftId) -> String {
        format!("/quan-tri/du-thao/{id}/van-ban/luu")
    }

    pub fn answers(id: DraftId) -> String {
        format!("/quan-tri/du-thao/{id}/tra-loi")
    }

    pub fn edit_answer(id: AnswerId) -> String {
        format!("/quan-tri/tra-loi/{id}")
    }

    pub fn report(id: DraftId) -> String {
        format!("/quan-tri/du-thao/{id}/bao-cao")
    }

    pub fn moderation_of(id: DraftId) -> String {
        format!("/quan-tri/kiem-duyet?du-thao={id}")
    }

    pub fn account_active(id: AccountId) -> String {
        format!("/quan-tri/tai-khoan/{id}/trang-thai")
    }

    pub fn requeue(queue: &str) -> String {
        format!("/quan-tri/cong-viec/{queue}/thu-lai")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `path` fits the route `pattern` ({name} matches one segment).
    fn fits(pattern: &str, path: &str) -> bool {
        let path = path.split('?').next().unwrap_or(path);
        let (p, q): (Vec<&str>, Vec<&str>) =
            (pattern.split('/').collect(), path.split('/').collect());
        p.len() == q.len()
            && p.iter()
                .zip(&q)
                .all(|(a, b)| (a.starts_with('{') && !b.is_empty()) || a == b)
    }

    #[test]
    fn every_builder_fits_a_route() {
        let source = concat!(
            include_str!("web/public/mod.rs"),
            include_str!("web/public/own.rs"),
            include_str!("web/public/comments.rs"),
            include_str!("web/public/search.rs"),
            include_str!("web/console/mod.rs"),
        );
        // The quoted paths of the route tables.
        let patterns: Vec<&str> = source
            .split('"')
            .skip(1)
            .step_by(2)
            .filter(|s| s.starts_with('/') && !s.contains(' '))
            .collect();
        let console = |p: &str| patterns.iter().any(|r| fits(&format!("/quan-tri{r}"), p));
        let public = |p: &str| patterns.iter().any(|r| fits(r, p));
        let (d, c, a) = (DraftId(3), CommentId(5), AttachmentId(7));
        for p in [
            public::draft("hoc-phi"),
            public::comments("hoc-phi", Some("dieu-1")),
            public::campaign("abcdefg"),
            public::comment("hoc-phi", c),
            public::comment_form("hoc-phi", None),
            public::report("hoc-phi"),
            public::attachment("hoc-phi", a, "to-trinh.pdf"),
            public::agency("so-xay-dung"),
            public::critique("hoc-phi", CritiqueId(4)),
            public::critique_document("hoc-phi", CritiqueId(4)),
            public::sent("t"),
            public::resend("t"),
            public::confirm("t"),
            public::own("t"),
            public::withdraw("t"),
            public::DRAFTS.into(),
            public::SEARCH.into(),
            public::AGENCIES.into(),
            public::FIND_MY_COMMENTS.into(),
        ] {
            assert!(public(&p), "{p} fits no public route");
        }
        for p in [
            console::draft(d),
            console::publish(d),
            console::extend(d),
            console::close_early(d),
            console::text(d),
            console::attach(d),
            console::remove_attachment(d, a),
            console::answers(d),
            console::critiques_of(d),
            console::campaign_participation_csv(CampaignId(3)),
            console::CRITIQUES.into(),
            console::critique(CritiqueId(4)),
            console::critique_step(CritiqueId(4), "nhan"),
            console::critique_point(CritiqueId(4), CritiquePointId(9)),
            console::critique_document(CritiqueId(4)),
            console::preview_text(d),
            console::save_text(d),
            console::edit_answer(AnswerId(2)),
            console::report(d),
            console::moderation_of(d),
            console::account_active(AccountId(4)),
            console::requeue("mail"),
            console::SIGN_IN.into(),
            console::SIGN_OUT.into(),
            console::DRAFTS.into(),
            console::NEW_DRAFT.into(),
            console::MODERATION.into(),
            console::ACCOUNTS.into(),
            console::AUDIT.into(),
            console::OPERATOR.into(),
            console::JOBS.into(),
            console::LEGAL_RULES.into(),
            console::legal_rule(LegalRuleId(2)),
            console::ORGANISATIONS.into(),
            console::organisation(OrganisationId(2)),
            console::CAMPAIGNS.into(),
            console::campaign(CampaignId(3)),
            console::campaign_poster(CampaignId(3)),
            console::campaign_qr(CampaignId(3)),
            console::campaign_step(CampaignId(3)),
            console::campaign_meetings(CampaignId(3)),
            console::meeting_minutes(MeetingId(4)),
            console::participation(DraftId(5)),
            console::participation_csv(DraftId(5)),
            console::PASSWORD.into(),
        ] {
            assert!(console(&p), "{p} fits no console route");
        }
        assert_eq!(
            absolute("https://gopy.vn/", "/du-thao/a"),
            "https://gopy.vn/du-thao/a"
        );
    }
}
