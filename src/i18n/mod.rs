//! Every word the interface shows, in one place, so that a second language is one more
//! value of [`Text`] and no view has to change.

pub mod agencies;
pub mod campaigns;
pub mod console;
pub mod critiques;
pub mod front;
pub mod meetings;
pub mod own;
pub mod participation;
pub mod received;
pub mod search;
pub mod similar;

use crate::domain::comment::{CommentStatus, CommenterKind, Disposition, Problem, RejectionReason};
use crate::domain::draft::ImpactCriteria;
use crate::domain::{AttachmentKind, PeriodStatus, Stage};

pub struct Text {
    pub lang: &'static str,
    pub site_name: &'static str,
    pub tagline: &'static str,
    pub skip_to_content: &'static str,
    pub nav_label: &'static str,
    pub crumbs_label: &'static str,
    pub nav_home: &'static str,
    pub nav_drafts: &'static str,
    pub nav_agencies: &'static str,
    pub footer_about: &'static str,
    pub footer_open_data: &'static str,
    pub footer_operator: &'static str,
    pub footer_address: &'static str,
    pub footer_phone: &'static str,
    pub footer_email: &'static str,
    pub footer_privacy: &'static str,
    pub privacy_controller_title: &'static str,
    pub privacy_controller_text: &'static str,
    pub privacy_controller_missing: &'static str,

    pub home_title: &'static str,
    pub home_lead: &'static str,
    pub home_closing_soon: &'static str,
    pub home_open: &'static str,
    pub home_upcoming: &'static str,
    pub home_recently_closed: &'static str,
    pub home_none_open: &'static str,
    pub see_all: &'static str,

    pub drafts_title: &'static str,
    pub filter_heading: &'static str,
    pub filter_agency: &'static str,
    pub filter_doc_type: &'static str,
    pub filter_status: &'static str,
    pub filter_year: &'static str,
    pub filter_all: &'static str,
    pub filter_apply: &'static str,
    pub filter_clear: &'static str,
    pub no_drafts: &'static str,
    pub pagination_label: &'static str,
    pub page_prev: &'static str,
    pub page_next: &'static str,

    pub agencies_title: &'static str,
    pub agency_drafts: &'static str,
    pub agency_website: &'static str,
    pub agency_address: &'static str,

    pub draft_info: &'static str,
    pub draft_number: &'static str,
    pub draft_number_pending: &'static str,
    pub draft_doc_type: &'static str,
    pub draft_agency: &'static str,
    pub draft_period: &'static str,
    pub draft_period_not_set: &'static str,
    pub draft_published_at: &'static str,
    pub draft_updated_at: &'static str,
    pub draft_stage: &'static str,
    pub draft_version: &'static str,
    pub draft_versions: &'static str,
    pub draft_min_days: &'static str,
    pub draft_summary: &'static str,
    /// In place of the minimum, for a draft under the shortened procedure.
    pub draft_shortened: &'static str,
    pub draft_stage_history: &'static str,
    pub draft_elsewhere: &'static str,
    pub draft_attachments: &'static str,
    pub draft_no_attachments: &'static str,
    pub draft_download_text: &'static str,
    pub draft_toc: &'static str,
    pub draft_toc_close: &'static str,
    pub draft_bases: &'static str,
    pub draft_text: &'static str,
    pub draft_no_text: &'static str,
    pub draft_preamble: &'static str,
    pub draft_signature: &'static str,
    pub draft_large_impact: &'static str,
    pub draft_impact_heading: &'static str,
    pub draft_impact_needs_proposal: &'static str,
    pub draft_impact_rights: &'static str,
    pub draft_impact_sensitive: &'static str,
    pub draft_impact_wide: &'static str,
    pub draft_viewing_old_version: &'static str,
    pub draft_see_latest: &'static str,
    pub comment: &'static str,
    pub comment_on_whole: &'static str,
    /// The whole draft as the subject of a comment, where a section label would be.
    pub whole_draft: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub back_to_top: &'static str,

    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub bad_request_title: &'static str,
    pub server_error_title: &'static str,
    pub server_error_text: &'static str,
    pub unavailable_title: &'static str,
    pub unavailable_text: &'static str,
    pub error_go_home: &'static str,
    pub error_see_drafts: &'static str,
    pub invalid_page: &'static str,
    pub invalid_filter: &'static str,
    pub invalid_version: &'static str,
    pub comment_quoted: &'static str,
    pub error_summary_title: &'static str,
    /// Before the title of a page sent back with problems.
    pub error_title_prefix: &'static str,
    pub honeypot_label: &'static str,
    pub field_body: &'static str,
    pub field_kind: &'static str,
    pub field_organisation: &'static str,
    pub field_organisation_hint: &'static str,
    pub field_locality: &'static str,
    pub field_locality_hint: &'static str,
    pub field_locality_none: &'static str,
    pub field_email: &'static str,
    pub field_email_hint: &'static str,
    pub field_name: &'static str,
    pub field_name_hint: &'static str,
    pub field_publish_name: &'static str,
    pub field_consent_before: &'static str,
    pub field_consent_after: &'static str,
    pub privacy_title: &'static str,
    pub privacy_version_label: &'static str,
    pub submit_comment: &'static str,
    pub receipt_title: &'static str,
    pub receipt_number: &'static str,
    pub receipt_duplicate: &'static str,
    pub receipt_about: &'static str,
    pub receipt_next_title: &'static str,
    pub receipt_step_mail: &'static str,
    pub receipt_step_answer: &'static str,
    pub back_to_draft: &'static str,
    pub confirm_title: &'static str,
    pub confirm_button: &'static str,
    pub confirmed_title: &'static str,
    pub confirmed_published: &'static str,
    pub confirmed_moderation: &'static str,
    pub own_draft: &'static str,
    pub own_section: &'static str,
    pub own_sent: &'static str,
    pub own_status: &'static str,
    pub own_text: &'static str,
    pub withdraw_title: &'static str,
    pub withdraw_text: &'static str,
    pub withdraw_button: &'static str,
    pub withdraw_closed: &'static str,
    pub withdraw_done: &'static str,
    pub withdraw_already: &'static str,
    pub comments_all: &'static str,
    pub comments_on_whole: &'static str,
    pub comments_none: &'static str,
    pub comments_heading: &'static str,
    pub too_many_title: &'static str,
    pub forbidden_title: &'static str,
    pub forbidden_text: &'static str,
    pub conflict_title: &'static str,
    pub gone_title: &'static str,
    pub too_large_title: &'static str,
    pub too_large_text: &'static str,
    pub body_too_slow: &'static str,
    pub method_not_allowed: &'static str,
    pub honeypot_filled: &'static str,
    pub unknown_section: &'static str,
    pub csrf_failed: &'static str,
    pub confirm_unknown: &'static str,
    pub own_unknown: &'static str,
    pub form_invalid: &'static str,
    pub comments_whole_heading: &'static str,
    pub not_allowed: &'static str,
    pub report_short: &'static str,
    pub report_heading: &'static str,
    pub report_signature_note: &'static str,
    pub report_motto_1: &'static str,
    pub report_motto_2: &'static str,
    pub report_col_number: &'static str,
    pub report_col_section: &'static str,
    pub report_col_commenter: &'static str,
    pub report_col_content: &'static str,
    pub report_col_disposition: &'static str,
    pub report_col_reason: &'static str,
    pub report_download_docx: &'static str,
    pub report_download_csv: &'static str,
    pub report_link: &'static str,
    pub answer_label: &'static str,
    pub rejected_placeholder: &'static str,
    pub redacted_note: &'static str,
    pub changed_since: &'static str,
    pub version_changed: &'static str,
    pub version_new: &'static str,
    pub version_previous_text: &'static str,
    pub version_removed: &'static str,
    pub report_versions_label: &'static str,
    pub report_answer_changed: &'static str,
    pub privacy_sections: &'static [(&'static str, &'static [&'static str])],
    pub console: &'static console::ConsoleText,
    pub search: &'static search::SearchText,
    pub own: &'static own::OwnText,
    pub received: &'static received::ReceivedText,
    pub agencies: &'static agencies::AgencyText,
    pub front: &'static front::FrontText,
    pub campaigns: &'static campaigns::CampaignText,
    pub similar: &'static similar::SimilarText,
    pub meetings: &'static meetings::MeetingText,
    pub critiques: &'static critiques::CritiqueText,
    pub participation: &'static participation::ParticipationText,
}

impl Text {
    /// The title and the default text of an error page for `status`.
    pub fn status_text(&self, status: actix_web::http::StatusCode) -> (&'static str, &'static str) {
        use actix_web::http::StatusCode;
        match status {
            StatusCode::NOT_FOUND => (self.not_found_title, self.not_found_text),
            StatusCode::FORBIDDEN => (self.forbidden_title, self.forbidden_text),
            StatusCode::UNPROCESSABLE_ENTITY => (self.bad_request_title, self.invalid_filter),
            StatusCode::CONFLICT => (self.conflict_title, self.invalid_filter),
            StatusCode::GONE => (self.gone_title, self.invalid_filter),
            StatusCode::PAYLOAD_TOO_LARGE => (self.too_large_title, self.too_large_text),
            StatusCode::SERVICE_UNAVAILABLE => (self.unavailable_title, self.unavailable_text),
            StatusCode::TOO_MANY_REQUESTS => (self.too_many_title, self.invalid_filter),
            StatusCode::REQUEST_TIMEOUT => (self.bad_request_title, self.body_too_slow),
            StatusCode::METHOD_NOT_ALLOWED => (self.bad_request_title, self.method_not_allowed),
            s if s.is_server_error() => (self.server_error_title, self.server_error_text),
            _ => (self.bad_request_title, self.invalid_filter),
        }
    }

    pub fn stage(&self, s: Stage) -> &'static str {
        match s {
            Stage::Proposal => "Đề xuất chính sách",
            Stage::Draft => "Dự thảo",
            Stage::Appraisal => "Thẩm định",
            Stage::Adopted => "Đã thông qua",
            Stage::Withdrawn => "Đã dừng",
        }
    }

    pub fn period(&self, p: PeriodStatus) -> &'static str {
        match p {
            PeriodStatus::NotScheduled => "Chưa có lịch lấy ý kiến",
            PeriodStatus::Upcoming => "Sắp lấy ý kiến",
            PeriodStatus::Open => "Đang lấy ý kiến",
            PeriodStatus::Closed => "Đã kết thúc lấy ý kiến",
        }
    }

    pub fn attachment_kind(&self, k: AttachmentKind) -> &'static str {
        match k {
            AttachmentKind::Submission => "Tờ trình",
            AttachmentKind::ImpactAssessment => "Báo cáo đánh giá tác động",
            AttachmentKind::LawmakingProposal => "Hồ sơ đề xuất chính sách",
            AttachmentKind::Other => "Tài liệu khác",
        }
    }

    /// "Còn 5 ngày", "Hạn chót hôm nay": how long a period has left, in calendar days.
    pub fn days_left(&self, days: i64) -> String {
        match days {
            d if d <= 0 => "Hạn chót hôm nay".to_string(),
            1 => "Còn 1 ngày (hạn chót ngày mai)".to_string(),
            d => format!("Còn {d} ngày"),
        }
    }

    pub fn opens_in(&self, days: i64) -> String {
        match days {
            d if d <= 0 => "Mở hôm nay".to_string(),
            1 => "Mở vào ngày mai".to_string(),
            d => format!("Mở sau {d} ngày"),
        }
    }

    /// When a period ends: "24 giờ ngày 27/11/2026" for a period that runs to the end of
    /// its last day, as the law counts it (Civil Code 2015, Art. 148) and as it is stored
    /// (`period::end_of`, the last microsecond before midnight), rather than "23:59"; the
    /// hour and minute for a period closed early at a moment of the day.
    pub fn deadline(&self, utc: chrono::NaiveDateTime) -> String {
        let day = crate::domain::time::local_date(utc);
        // Only the period's own end of day (the last microsecond before 24:00, as
        // `period::end_of` stores it) is "24 giờ"; a close at 23:59:59.2 is a moment.
        if utc == crate::domain::period::end_of(day) {
            format!("24 giờ ngày {}", day.format("%d/%m/%Y"))
        } else {
            crate::domain::time::date_time(utc)
        }
    }

    pub fn period_range(&self, from: &str, to: &str) -> String {
        format!("Từ {from} đến {to}")
    }

    pub fn closed_on(&self, date: &str) -> String {
        format!("Đã kết thúc ngày {date}")
    }

    pub fn opens_on(&self, date: &str) -> String {
        format!("Bắt đầu ngày {date}")
    }

    pub fn version_label(&self, n: i32) -> String {
        format!("Dự thảo lần {n}")
    }

    pub fn link_place(&self, p: crate::domain::draft::LinkPlace) -> &'static str {
        use crate::domain::draft::LinkPlace as P;
        match p {
            P::ProvincePortal => "Cổng thông tin điện tử của tỉnh, thành phố",
            P::NationalLawPortal => "Cổng Pháp luật quốc gia",
            P::Other => "Nơi khác",
        }
    }

    /// A file withdrawn from a posted draft: when, and the public reason.
    pub fn attachment_withdrawn(&self, date: &str, reason: &str) -> String {
        format!("Đã rút ngày {date}. Lý do: {reason}")
    }

    pub fn min_days(&self, days: i32) -> String {
        format!("Tối thiểu {days} ngày")
    }

    pub fn drafts_found(&self, n: i64) -> String {
        format!("{n} dự thảo")
    }

    pub fn page_of(&self, page: i64, pages: i64) -> String {
        format!("Trang {page}/{pages}")
    }

    pub fn see_all_open(&self, n: i64) -> String {
        format!("Xem tất cả {n} dự thảo đang lấy ý kiến")
    }

    pub fn comment_on(&self, label: &str) -> String {
        format!("Góp ý về {label}")
    }

    pub fn comment_until(&self, date: &str) -> String {
        format!("Nhận ý kiến đến {date} (giờ Việt Nam).")
    }

    pub fn comment_not_open(&self, date: &str) -> String {
        format!("Dự thảo này bắt đầu nhận ý kiến từ {date} (giờ Việt Nam).")
    }

    pub fn comment_closed(&self, date: &str) -> String {
        format!(
            "Dự thảo đã hết thời gian lấy ý kiến lúc {date} (giờ Việt Nam); không nhận thêm ý kiến."
        )
    }

    pub fn field_body_hint(&self, min: usize, max: usize) -> String {
        format!(
            "Từ {} đến {} ký tự. Chỉ nhận văn bản thường (không nhận thẻ HTML).",
            number(min as i64),
            number(max as i64)
        )
    }

    pub fn commenter_kind(&self, k: CommenterKind) -> &'static str {
        match k {
            CommenterKind::Individual => "Cá nhân",
            CommenterKind::Business => "Doanh nghiệp",
            CommenterKind::Organisation => "Tổ chức, hội, hiệp hội",
            CommenterKind::Expert => "Chuyên gia, nhà khoa học",
            CommenterKind::StateAgency => "Cơ quan nhà nước",
        }
    }

    pub fn comment_status(&self, s: CommentStatus) -> &'static str {
        match s {
            CommentStatus::Unconfirmed => "Chưa xác nhận qua thư điện tử",
            CommentStatus::Pending => "Đã xác nhận, đang chờ kiểm duyệt",
            CommentStatus::Published => "Đã công khai",
            CommentStatus::Rejected => "Không được công khai",
            CommentStatus::Withdrawn => "Đã rút lại",
        }
    }

    /// The message for one problem with a comment form.
    pub fn problem(&self, p: &Problem) -> String {
        match p {
            Problem::BodyTooShort { min } => format!("Ý kiến cần ít nhất {min} ký tự."),
            Problem::BodyTooLong { max, got } => format!(
                "Ý kiến dài tối đa {} ký tự; bạn đã nhập {} ký tự.",
                number(*max as i64),
                number(*got as i64)
            ),
            Problem::BodyControlChars => "Ý kiến có ký tự điều khiển không hiển thị được (thường do sao chép từ văn bản khác); hãy xóa chúng.".into(),
            Problem::BodyEncoding => "Ý kiến có ký tự không đọc được (không phải văn bản UTF-8, hiện thành �); hãy gõ lại hoặc dán lại đoạn đó.".into(),
            Problem::BodyMarkup => "Ý kiến chỉ nhận văn bản thường; hãy bỏ các thẻ HTML hoặc mã như <script>.".into(),
            Problem::EmailMissing => "Nhập địa chỉ thư điện tử để xác nhận ý kiến.".into(),
            Problem::EmailInvalid => "Địa chỉ thư điện tử chưa đúng định dạng, ví dụ: ten@example.vn.".into(),
            Problem::NameNeeded => "Nhập họ và tên nếu bạn đồng ý công khai họ tên.".into(),
            Problem::NameTooLong => "Họ và tên dài tối đa 100 ký tự.".into(),
            Problem::NameInvalid => "Họ và tên có ký tự không hợp lệ.".into(),
            Problem::KindMissing => "Chọn tư cách góp ý của bạn.".into(),
            Problem::OrganisationNeeded => "Nhập tên doanh nghiệp, tổ chức hoặc cơ quan bạn đại diện.".into(),
            Problem::OrganisationTooLong => "Tên tổ chức dài tối đa 200 ký tự.".into(),
            Problem::OrganisationInvalid => "Tên tổ chức có ký tự không hợp lệ.".into(),
            Problem::LocalityUnknown => "Chọn xã, phường, đặc khu trong danh sách.".into(),
            Problem::ConsentMissing => "Bạn cần đồng ý với Thông báo về xử lý dữ liệu cá nhân để gửi ý kiến.".into(),
        }
    }

    pub fn receipt_step_confirm(&self, hours: i64) -> String {
        format!(
            "Mở thư và bấm “Xác nhận ý kiến” trong {hours} giờ; ý kiến chỉ được tính khi đã xác nhận."
        )
    }

    pub fn confirm_text(&self, tracking: &str) -> String {
        format!("Bấm nút dưới đây để xác nhận ý kiến {tracking} về dự thảo")
    }

    pub fn confirmed_text(&self, tracking: &str) -> String {
        format!("Cảm ơn bạn. Ý kiến {tracking} đã được tính.")
    }

    pub fn confirm_expired(&self, hours: i64) -> String {
        format!(
            "Liên kết xác nhận chỉ dùng được trong {hours} giờ và đã hết hạn, nên ý kiến không được tính. Hãy gửi lại ý kiến."
        )
    }

    pub fn own_title(&self, tracking: &str) -> String {
        format!("Ý kiến {tracking}")
    }

    pub fn comments_on(&self, label: &str) -> String {
        format!("Ý kiến về {label}")
    }

    pub fn comments_count(&self, n: i64) -> String {
        format!("{} ý kiến đã công khai", number(n))
    }

    /// "12 ý kiến" next to a section.
    pub fn comments_short(&self, n: i64) -> String {
        format!("{} ý kiến", number(n))
    }

    pub fn see_all_comments(&self, n: i64) -> String {
        format!("Xem tất cả {} ý kiến", number(n))
    }

    pub fn too_many_text(&self, secs: u64) -> String {
        let wait = if secs < 90 {
            format!("{secs} giây")
        } else {
            format!("{} phút", secs.div_ceil(60))
        };
        format!(
            "Để chống gửi tự động, mỗi người chỉ gửi được một số lần trong một khoảng thời gian. Nội dung của bạn chưa được gửi; hãy thử lại sau {wait}."
        )
    }

    pub fn period_closed_post(&self, status: PeriodStatus, date: &str) -> String {
        match status {
            PeriodStatus::Upcoming => self.comment_not_open(date),
            _ => self.comment_closed(date),
        }
    }

    pub fn disposition(&self, d: Disposition) -> &'static str {
        match d {
            Disposition::Accepted => "Tiếp thu",
            Disposition::PartlyAccepted => "Tiếp thu một phần",
            Disposition::NotAccepted => "Không tiếp thu, giải trình",
            Disposition::Noted => "Ghi nhận",
        }
    }

    pub fn rejection_reason(&self, r: RejectionReason) -> &'static str {
        match r {
            RejectionReason::OffTopic => "không liên quan đến dự thảo",
            RejectionReason::Abusive => "ngôn từ xúc phạm",
            RejectionReason::PersonalData => "chứa thông tin cá nhân",
            RejectionReason::Spam => "thư rác, quảng cáo",
            RejectionReason::Duplicate => "trùng lặp",
        }
    }

    pub fn report_subheading(&self, draft_title: &str) -> String {
        format!("đối với dự thảo {draft_title}")
    }

    /// "ngày 27 tháng 11 năm 2026", in Viet Nam, with Decree 30's leading zeros.
    pub fn report_date_line(&self, at: chrono::NaiveDateTime) -> String {
        crate::domain::report::date_line(crate::domain::time::local_date(at))
    }

    /// "12 ý kiến: 10 cá nhân, 2 doanh nghiệp".
    pub fn report_group(&self, count: i64, by_kind: &[(CommenterKind, i64)]) -> String {
        let kinds: Vec<String> = by_kind
            .iter()
            .map(|(k, n)| format!("{} {}", number(*n), self.commenter_kind(*k).to_lowercase()))
            .collect();
        format!("{} ý kiến: {}", number(count), kinds.join(", "))
    }

    pub fn report_group_content(&self, text: &str, others: i64) -> String {
        format!(
            "{text}\n(và {} ý kiến cùng nội dung hoặc tương tự)",
            number(others)
        )
    }

    /// The line under a report: comments answered, then per disposition (`totals`, in
    /// the order of `Disposition::ALL`).
    /// The retention period of the privacy notice (GOPY_CONTACT_RETENTION_DAYS).
    pub fn privacy_retention(&self, days: i64) -> String {
        format!(
            "Địa chỉ thư điện tử và họ tên của bạn được lưu đến hết {} ngày kể từ khi kết thúc lấy ý kiến đối với dự thảo bạn góp ý, để gửi thư trả lời và bản tổng hợp; sau đó được xóa tự động, ý kiến và câu trả lời của cơ quan được giữ lại dưới dạng ẩn danh như một phần của hồ sơ dự thảo.",
            number(days)
        )
    }

    pub fn report_old_version(&self, n: i32) -> String {
        format!("Đây là bản công bố lần {n}, đã được thay thế.")
    }

    pub fn report_version_item(&self, n: i32, date: &str) -> String {
        format!("lần {n} ngày {date}")
    }

    /// What a published version counted besides its answers.
    pub fn report_stats_line(&self, s: &crate::domain::report::ReportStats) -> String {
        let rejected: i64 = s.rejected.iter().map(|(_, n)| n).sum();
        let mut line = format!(
            "Qua Cổng nhận {} ý kiến, {} ý kiến được người gửi xác nhận, {} ý kiến được công khai",
            number(s.sent),
            number(s.confirmed),
            number(s.published)
        );
        if rejected > 0 {
            let reasons: Vec<String> = s
                .rejected
                .iter()
                .map(|(r, n)| format!("{}: {}", self.rejection_reason(*r), number(*n)))
                .collect();
            line.push_str(&format!(
                ", {} ý kiến không công khai ({})",
                number(rejected),
                reasons.join("; ")
            ));
        }
        if s.withdrawn > 0 {
            line.push_str(&format!(
                ", {} ý kiến người gửi rút lại",
                number(s.withdrawn)
            ));
        }
        line.push_str(&format!(
            ". Ngoài Cổng nhận {} ý kiến.",
            number(s.received_outside)
        ));
        line
    }

    pub fn report_totals_line(&self, totals: &[(Disposition, i64)]) -> String {
        let answered: i64 = totals.iter().map(|(_, n)| n).sum();
        let parts: Vec<String> = totals
            .iter()
            .map(|(d, n)| format!("{}: {}", self.disposition(*d), number(*n)))
            .collect();
        format!(
            "Tổng số {} ý kiến đã trả lời. {}.",
            number(answered),
            parts.join("; ")
        )
    }

    pub fn impact_items(&self, c: ImpactCriteria) -> [(&'static str, bool); 4] {
        [
            (self.draft_impact_needs_proposal, c.needs_proposal),
            (self.draft_impact_rights, c.rights),
            (self.draft_impact_sensitive, c.sensitive),
            (self.draft_impact_wide, c.wide),
        ]
    }

    pub fn file_size(&self, bytes: i64) -> String {
        match bytes {
            b if b < 1024 => format!("{b} byte"),
            b if b < 1024 * 1024 => format!("{} KB", (b + 512) / 1024),
            b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)).replace('.', ","),
        }
    }
}

pub static VI: Text = Text {
    lang: "vi",
    site_name: "Góp Ý",
    tagline: "Cổng lấy ý kiến về đề xuất chính sách và dự thảo văn bản quy phạm pháp luật",
    skip_to_content: "Chuyển đến nội dung chính",
    nav_label: "Điều hướng chính",
    crumbs_label: "Vị trí trang",
    nav_home: "Trang chủ",
    nav_drafts: "Dự thảo",
    nav_agencies: "Cơ quan chủ trì soạn thảo",
    footer_about: "Góp Ý là cổng để người dân, doanh nghiệp và tổ chức góp ý dự thảo văn bản; mọi ý kiến góp ý được cơ quan chủ trì soạn thảo tiếp thu, giải trình công khai.",
    footer_open_data: "Nội dung công khai trên Cổng là dữ liệu mở.",
    footer_operator: "Cơ quan vận hành",
    footer_address: "Địa chỉ",
    footer_phone: "Điện thoại",
    footer_email: "Thư điện tử",
    footer_privacy: "Thông báo về xử lý dữ liệu cá nhân",
    privacy_controller_title: "Bên kiểm soát và xử lý dữ liệu",
    privacy_controller_text: "Cơ quan vận hành Cổng Góp Ý là bên kiểm soát và xử lý dữ liệu cá nhân của người góp ý. Mọi yêu cầu về dữ liệu của bạn, xin gửi đến:",
    privacy_controller_missing: "Cơ quan vận hành Cổng chưa được khai báo; xin liên hệ cơ quan chủ trì soạn thảo của dự thảo bạn góp ý.",

    home_title: "Góp ý dự thảo văn bản",
    home_lead: "Đọc dự thảo, góp ý vào từng điều, khoản, điểm và theo dõi việc cơ quan chủ trì soạn thảo tiếp thu, giải trình ý kiến của bạn.",
    home_closing_soon: "Sắp hết hạn góp ý",
    home_open: "Đang lấy ý kiến",
    home_upcoming: "Sắp lấy ý kiến",
    home_recently_closed: "Vừa kết thúc lấy ý kiến",
    home_none_open: "Hiện không có dự thảo nào đang lấy ý kiến.",
    see_all: "Xem tất cả dự thảo",

    drafts_title: "Danh sách dự thảo",
    filter_heading: "Lọc dự thảo",
    filter_agency: "Cơ quan chủ trì soạn thảo",
    filter_doc_type: "Loại văn bản",
    filter_status: "Trạng thái lấy ý kiến",
    filter_year: "Năm",
    filter_all: "Tất cả",
    filter_apply: "Lọc",
    filter_clear: "Xóa bộ lọc",
    no_drafts: "Không có dự thảo nào phù hợp.",
    pagination_label: "Phân trang",
    page_prev: "Trang trước",
    page_next: "Trang sau",

    agencies_title: "Cơ quan chủ trì soạn thảo",
    agency_drafts: "Dự thảo của cơ quan",
    agency_website: "Trang thông tin điện tử",
    agency_address: "Địa chỉ",

    draft_info: "Thông tin dự thảo",
    draft_number: "Số, ký hiệu",
    draft_number_pending: "Chưa có số (dự thảo)",
    draft_doc_type: "Loại văn bản",
    draft_agency: "Cơ quan chủ trì soạn thảo",
    draft_period: "Thời gian lấy ý kiến",
    draft_period_not_set: "Chưa xác định",
    draft_published_at: "Ngày đăng tải",
    draft_updated_at: "Cập nhật",
    draft_stage: "Giai đoạn",
    draft_version: "Phiên bản",
    draft_versions: "Các lần dự thảo",
    draft_min_days: "Thời gian lấy ý kiến tối thiểu",
    draft_stage_history: "Quá trình xây dựng văn bản",
    draft_elsewhere: "Dự thảo cũng được đăng tải tại",
    draft_shortened: "Không áp dụng: dự thảo theo trình tự, thủ tục rút gọn",
    draft_summary: "Tóm tắt",
    draft_attachments: "Tài liệu kèm theo",
    draft_no_attachments: "Chưa có tài liệu kèm theo.",
    draft_download_text: "Tải toàn văn dự thảo (.txt)",
    draft_toc: "Mục lục",
    draft_toc_close: "Đóng mục lục, về toàn văn",
    draft_bases: "Căn cứ ban hành",
    draft_text: "Toàn văn dự thảo",
    draft_no_text: "Cơ quan chủ trì soạn thảo chưa đăng tải toàn văn dự thảo.",
    draft_preamble: "Phần mở đầu",
    draft_signature: "Nơi nhận và chữ ký",
    draft_large_impact: "Chính sách có tác động lớn đến xã hội",
    draft_impact_heading: "Tiêu chí theo Quyết định số 407/QĐ-TTg",
    draft_impact_needs_proposal: "Loại văn bản phải lập đề xuất chính sách",
    draft_impact_rights: "Trực tiếp làm phát sinh, thay đổi, chấm dứt quyền và nghĩa vụ",
    draft_impact_sensitive: "Khó, nhạy cảm hoặc còn nhiều ý kiến khác nhau",
    draft_impact_wide: "Tác động trên phạm vi cả nước hoặc toàn tỉnh, thành phố",
    draft_viewing_old_version: "Bạn đang xem một lần dự thảo trước.",
    draft_see_latest: "Xem lần dự thảo mới nhất",
    comment: "Góp ý",
    comment_on_whole: "Góp ý toàn bộ dự thảo",
    whole_draft: "Toàn bộ dự thảo",
    yes: "Có",
    no: "Không",
    back_to_top: "Về đầu trang",

    not_found_title: "Không tìm thấy trang",
    not_found_text: "Trang bạn tìm không có hoặc đã được chuyển đi. Hãy kiểm tra lại địa chỉ, hoặc tìm dự thảo trong danh sách.",
    bad_request_title: "Yêu cầu không hợp lệ",
    server_error_title: "Đã có lỗi xảy ra",
    server_error_text: "Hệ thống gặp lỗi khi xử lý yêu cầu của bạn. Không có dữ liệu nào bị mất; xin thử lại sau ít phút.",
    unavailable_title: "Hệ thống đang bận",
    unavailable_text: "Hệ thống tạm thời không phục vụ được yêu cầu. Xin thử lại sau ít phút.",
    error_go_home: "Về trang chủ",
    error_see_drafts: "Xem danh sách dự thảo",
    invalid_page: "Số trang không hợp lệ.",
    invalid_filter: "Bộ lọc không hợp lệ; hãy chọn lại từ danh sách.",
    invalid_version: "Lần dự thảo không hợp lệ.",
    comment_quoted: "Nội dung được góp ý",
    error_summary_title: "Thông tin đã nhập chưa hợp lệ",
    error_title_prefix: "Lỗi: ",
    honeypot_label: "Để trống ô này",
    field_body: "Ý kiến của bạn",
    field_kind: "Bạn góp ý với tư cách",
    field_organisation: "Tên doanh nghiệp, tổ chức hoặc cơ quan",
    field_organisation_hint: "Điền nếu bạn góp ý thay mặt doanh nghiệp, tổ chức hoặc cơ quan nhà nước.",
    field_locality: "Xã, phường, đặc khu nơi bạn sống hoặc làm việc",
    field_locality_hint: "Không bắt buộc. Dùng để tổng hợp ý kiến theo địa bàn.",
    field_locality_none: "Không nêu",
    field_email: "Thư điện tử",
    field_email_hint: "Để xác nhận ý kiến và nhận trả lời. Không bao giờ được công khai.",
    field_name: "Họ và tên",
    field_name_hint: "Không bắt buộc, trừ khi bạn đồng ý công khai họ tên.",
    field_publish_name: "Tôi đồng ý công khai họ tên cùng ý kiến. Nếu không chọn, mọi người chỉ thấy tư cách góp ý, tên tổ chức (nếu bạn góp ý thay mặt tổ chức) và xã, phường của bạn.",
    field_consent_before: "Tôi đã đọc và đồng ý với ",
    field_consent_after: " của Góp Ý.",
    privacy_title: "Thông báo về xử lý dữ liệu cá nhân",
    privacy_version_label: "Phiên bản:",
    submit_comment: "Gửi ý kiến",
    receipt_title: "Đã nhận ý kiến của bạn",
    receipt_number: "Mã số ý kiến của bạn:",
    receipt_duplicate: "Bạn đã gửi ý kiến này trước đó; ý kiến được lưu một lần, với mã số trên.",
    receipt_about: "Về:",
    receipt_next_title: "Việc tiếp theo",
    receipt_step_mail: "Chúng tôi đã gửi thư xác nhận đến địa chỉ thư điện tử bạn đã nhập.",
    receipt_step_answer: "Cơ quan chủ trì soạn thảo xem xét, tiếp thu hoặc giải trình và công bố trả lời; bạn theo dõi trạng thái qua liên kết riêng trong thư.",
    back_to_draft: "Quay lại dự thảo",
    confirm_title: "Xác nhận ý kiến",
    confirm_button: "Xác nhận ý kiến",
    confirmed_title: "Ý kiến đã được xác nhận",
    confirmed_published: "Ý kiến đã được công khai trên trang dự thảo.",
    confirmed_moderation: "Ý kiến sẽ được công khai sau khi người kiểm duyệt xem xét.",
    own_draft: "Dự thảo",
    own_section: "Góp ý về",
    own_sent: "Gửi lúc",
    own_status: "Trạng thái",
    own_text: "Nội dung",
    withdraw_title: "Rút lại ý kiến",
    withdraw_text: "Khi rút lại, ý kiến không còn được tính, không còn hiển thị công khai, và thư điện tử, họ tên, nội dung của bạn bị xóa khỏi hệ thống. Việc này không hoàn tác được.",
    withdraw_button: "Rút lại và xóa ý kiến",
    withdraw_closed: "Thời gian lấy ý kiến đã kết thúc nên không thể rút lại ý kiến.",
    withdraw_done: "Ý kiến đã được rút lại; nội dung và dữ liệu cá nhân của bạn đã bị xóa.",
    withdraw_already: "Ý kiến này đã được rút lại trước đó.",
    comments_all: "Tất cả ý kiến đã công khai",
    comments_on_whole: "Ý kiến về toàn bộ dự thảo",
    comments_none: "Chưa có ý kiến nào được công khai.",
    comments_heading: "Ý kiến đã công khai",
    too_many_title: "Bạn thao tác quá nhanh",
    forbidden_title: "Không thể gửi biểu mẫu",
    forbidden_text: "Yêu cầu không được gửi từ trang của Góp Ý, hoặc trang đã mở quá lâu. Hãy tải lại trang rồi thử lại.",
    conflict_title: "Không thể thực hiện",
    gone_title: "Liên kết đã hết hạn",
    too_large_title: "Nội dung quá lớn",
    too_large_text: "Nội dung bạn gửi vượt quá giới hạn cho phép. Hãy rút ngắn rồi gửi lại.",
    body_too_slow: "Dữ liệu gửi lên đến quá chậm nên yêu cầu đã dừng. Hãy kiểm tra kết nối rồi gửi lại.",
    method_not_allowed: "Địa chỉ này không nhận yêu cầu kiểu này (ví dụ: gửi biểu mẫu đến một trang chỉ để xem).",
    honeypot_filled: "Không gửi được ý kiến vì ô ẩn chống thư rác (phải để trống) đã có nội dung, có thể do trình duyệt tự điền. Hãy quay lại trang góp ý, để trống ô đó rồi gửi lại.",
    unknown_section: "Dự thảo không có điều, khoản hoặc điểm này để góp ý. Hãy chọn lại từ trang dự thảo.",
    csrf_failed: "Trang đã mở quá lâu hoặc trình duyệt chặn cookie nên chưa gửi được. Nội dung bạn nhập vẫn còn; hãy bấm “Gửi ý kiến” lần nữa.",
    confirm_unknown: "Liên kết xác nhận không đúng hoặc đã được dùng. Nếu bạn đã xác nhận, ý kiến của bạn đã được tính.",
    own_unknown: "Không tìm thấy ý kiến theo liên kết này. Hãy kiểm tra lại liên kết trong thư.",
    form_invalid: "Nội dung gửi lên không đọc được (ví dụ: không phải văn bản UTF-8). Hãy gửi lại từ trang góp ý.",
    comments_whole_heading: "Ý kiến về toàn bộ dự thảo",
    not_allowed: "Tài khoản của bạn không có quyền thực hiện việc này.",
    report_short: "Bản tổng hợp, tiếp thu, giải trình ý kiến",
    report_heading: "BẢN TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý",
    report_signature_note: "(Ký, ghi rõ họ tên và đóng dấu)",
    report_motto_1: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    report_motto_2: "Độc lập - Tự do - Hạnh phúc",
    report_col_number: "STT",
    report_col_section: "Điều, khoản, điểm",
    report_col_commenter: "Cơ quan, tổ chức, cá nhân góp ý",
    report_col_content: "Nội dung góp ý",
    report_col_disposition: "Kết quả tiếp thu",
    report_col_reason: "Nội dung tiếp thu, giải trình",
    report_download_docx: "Tải về (.docx)",
    report_download_csv: "Tải về (.csv)",
    report_link: "Xem bản tổng hợp, tiếp thu, giải trình ý kiến",
    answer_label: "Trả lời của cơ quan chủ trì soạn thảo",
    rejected_placeholder: "Ý kiến không được công khai",
    redacted_note: "Một phần thông tin cá nhân đã được ẩn.",
    changed_since: "Điều, khoản này đã được sửa đổi sau khi góp ý.",
    version_changed: "Sửa đổi so với lần trước",
    version_new: "Mới",
    version_previous_text: "Nội dung lần trước",
    version_removed: "Lần dự thảo này đã bỏ",
    report_versions_label: "Các lần công bố",
    report_answer_changed: "(Nội dung tiếp thu, giải trình sửa đổi so với lần công bố trước)",
    privacy_sections: PRIVACY_VI,
    console: &console::VI_CONSOLE,
    search: &search::VI_SEARCH,
    own: &own::VI_OWN,
    received: &received::VI_RECEIVED,
    agencies: &agencies::VI_AGENCIES,
    front: &front::VI_FRONT,
    campaigns: &campaigns::VI_CAMPAIGNS,
    similar: &similar::VI_SIMILAR,
    meetings: &meetings::VI_MEETINGS,
    critiques: &critiques::VI_CRITIQUES,
    participation: &participation::VI_PARTICIPATION,
};

/// 12.345: numbers as Vietnamese write them, with dots between thousands.
pub fn number(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// The privacy notice for commenters (Law 91/2025/QH15 on personal data protection and
/// Decree 356/2025/NĐ-CP). Its version is `domain::comment::PRIVACY_VERSION`: change
/// that whenever this text changes.
static PRIVACY_VI: &[(&str, &[&str])] = &[
    (
        "Dữ liệu chúng tôi thu thập",
        &[
            "Khi bạn gửi ý kiến, Góp Ý ghi nhận: nội dung ý kiến; địa chỉ thư điện tử; họ tên và tên tổ chức nếu bạn nhập; tư cách góp ý (cá nhân, doanh nghiệp, tổ chức, chuyên gia, cơ quan nhà nước); xã, phường, đặc khu nếu bạn chọn; thời điểm gửi, thời điểm xác nhận và phiên bản thông báo này mà bạn đã đồng ý.",
            "Nếu bạn mở dự thảo qua đường dẫn hoặc mã QR của một chiến dịch vận động của Mặt trận Tổ quốc Việt Nam hoặc tổ chức thành viên, trình duyệt lưu mã của chiến dịch (một cookie chỉ dùng trên trang của dự thảo đó, hết hạn khi chiến dịch kết thúc, không gắn với bạn), và ý kiến bạn gửi trong thời gian chiến dịch được tính cho chiến dịch. Tổ chức vận động chỉ thấy số lượng ý kiến, không thấy ai đã gửi hay nội dung ý kiến.",
        ],
    ),
    (
        "Căn cứ xử lý",
        &[
            "Góp Ý xử lý dữ liệu cá nhân của bạn trên cơ sở sự đồng ý của bạn, theo Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15: bạn đánh dấu đồng ý khi gửi ý kiến, và việc công khai họ tên cần một sự đồng ý riêng.",
        ],
    ),
    (
        "Mục đích xử lý",
        &[
            "Xác nhận ý kiến do chính bạn gửi; chuyển ý kiến đến cơ quan chủ trì soạn thảo để tiếp thu, giải trình; tổng hợp số lượng ý kiến theo tư cách và địa bàn; thông báo cho bạn kết quả xử lý ý kiến.",
            "Góp Ý không dùng dữ liệu của bạn cho quảng cáo và không bán hoặc chuyển cho bên thứ ba ngoài cơ quan chủ trì soạn thảo.",
        ],
    ),
    (
        "Những gì được công khai",
        &[
            "Nội dung ý kiến (sau kiểm duyệt), tư cách góp ý, tên cơ quan, tổ chức mà bạn góp ý thay mặt (tên tổ chức không phải là dữ liệu cá nhân) và xã, phường của bạn được công khai cùng dự thảo và trong bản tổng hợp, tiếp thu, giải trình ý kiến.",
            "Họ tên của bạn chỉ được công khai khi bạn đánh dấu đồng ý riêng. Địa chỉ thư điện tử không bao giờ được công khai, kể cả trong dữ liệu mở và kết quả tìm kiếm. Ý kiến có số điện thoại, địa chỉ thư điện tử hoặc số định danh trong nội dung được giữ lại để người kiểm duyệt che các thông tin đó trước khi công khai.",
        ],
    ),
    (
        "Quyền của bạn",
        &[
            "Liên kết riêng trong thư xác nhận cho phép bạn: xem ý kiến, trạng thái và câu trả lời; rút lại sự đồng ý công khai họ tên bất cứ lúc nào; rút lại ý kiến khi dự thảo còn trong thời gian lấy ý kiến (nội dung và dữ liệu cá nhân của bạn bị xóa); sau khi thời gian lấy ý kiến kết thúc, xóa địa chỉ thư điện tử và họ tên của bạn, ý kiến được giữ lại dưới dạng ẩn danh.",
            "Các yêu cầu khác về dữ liệu của bạn (được biết, chỉnh sửa, hạn chế xử lý) xin gửi đến bên kiểm soát và xử lý dữ liệu nêu trên.",
            "Im lặng hoặc không phản hồi không được coi là đồng ý. Nếu bạn không xác nhận ý kiến trong thời hạn, ý kiến không được tính.",
        ],
    ),
    (
        "Lưu trữ và bảo vệ",
        &[
            "Dữ liệu được lưu trên hệ thống của cơ quan vận hành Cổng. Các liên kết bí mật trong thư chỉ được lưu dưới dạng mã băm. Thư đã gửi cho bạn được xóa khỏi hệ thống sau 30 ngày.",
            "Nếu xảy ra sự cố lộ lọt dữ liệu, cơ quan vận hành sẽ thông báo cho cơ quan có thẩm quyền và người bị ảnh hưởng theo thời hạn pháp luật quy định.",
        ],
    ),
];

#[cfg(test)]
mod tests {
    use super::VI;
    use crate::domain::{period, time};

    #[test]
    fn a_period_that_runs_to_the_end_of_its_day_ends_at_24_hours() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(VI.deadline(period::end_of(day)), "24 giờ ngày 01/12/2026");
        // Closed early, at a moment of the day: that moment.
        let early = time::local_to_utc(day.and_hms_opt(9, 30, 0).unwrap());
        assert_eq!(VI.deadline(early), "09:30 01/12/2026");
        // Closed early in the day's last second: a moment, not the end of the day.
        let last_second = time::local_to_utc(day.and_hms_opt(23, 59, 59).unwrap());
        assert_eq!(VI.deadline(last_second), "23:59 01/12/2026");
    }
}
