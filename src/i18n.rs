//! Every word the interface shows, in one place, so that a second language is one more
//! value of [`Text`] and no view has to change.

use crate::domain::draft::ImpactCriteria;
use crate::domain::{AttachmentKind, PeriodStatus, SectionKind, Stage};

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
    pub draft_unverified_rule: &'static str,
    pub draft_summary: &'static str,
    pub draft_attachments: &'static str,
    pub draft_no_attachments: &'static str,
    pub draft_download_text: &'static str,
    pub draft_toc: &'static str,
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
}

impl Text {
    pub fn stage(&self, s: Stage) -> &'static str {
        match s {
            Stage::Proposal => "Đề nghị xây dựng",
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

    pub fn section_kind(&self, k: SectionKind) -> &'static str {
        match k {
            SectionKind::Part => "Phần",
            SectionKind::Chapter => "Chương",
            SectionKind::Section => "Mục",
            SectionKind::Article => "Điều",
            SectionKind::Clause => "Khoản",
            SectionKind::Point => "Điểm",
        }
    }

    pub fn attachment_kind(&self, k: AttachmentKind) -> &'static str {
        match k {
            AttachmentKind::Submission => "Tờ trình",
            AttachmentKind::ImpactAssessment => "Báo cáo đánh giá tác động",
            AttachmentKind::LawmakingProposal => "Đề nghị xây dựng văn bản",
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
            d if d <= 0 => "Mở trong hôm nay".to_string(),
            1 => "Mở vào ngày mai".to_string(),
            d => format!("Mở sau {d} ngày"),
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

    /// "Khoản 2 Điều 5": how a section is named in running text, innermost first.
    /// Articles are numbered through the whole document, so the name stops at the
    /// article; a chapter or part is named only when it is the section itself.
    pub fn section_name(&self, path: &[(SectionKind, &str)]) -> String {
        let mut parts = Vec::new();
        for (k, n) in path.iter().rev() {
            if !parts.is_empty() && !k.is_commentable() {
                break;
            }
            parts.push(format!("{} {}", self.section_kind(*k), n));
            if *k == SectionKind::Article {
                break;
            }
        }
        parts.join(" ")
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
    tagline: "Cổng lấy ý kiến về dự thảo văn bản quy phạm pháp luật và chính sách",
    skip_to_content: "Bỏ qua, đến nội dung chính",
    nav_label: "Điều hướng chính",
    crumbs_label: "Vị trí trang",
    nav_home: "Trang chủ",
    nav_drafts: "Dự thảo",
    nav_agencies: "Cơ quan soạn thảo",
    footer_about: "Góp Ý là cổng mở để người dân, doanh nghiệp và tổ chức góp ý dự thảo văn bản; mọi ý kiến được cơ quan soạn thảo tiếp thu, giải trình công khai.",
    footer_open_data: "Nội dung công khai trên cổng là dữ liệu mở.",

    home_title: "Góp ý dự thảo văn bản",
    home_lead: "Đọc dự thảo, góp ý vào từng điều, khoản, điểm và xem cơ quan soạn thảo tiếp thu, giải trình ý kiến của bạn.",
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
    draft_period_not_set: "Chưa công bố",
    draft_published_at: "Ngày đăng",
    draft_updated_at: "Cập nhật",
    draft_stage: "Giai đoạn",
    draft_version: "Phiên bản",
    draft_versions: "Các lần dự thảo",
    draft_min_days: "Thời gian lấy ý kiến tối thiểu",
    draft_unverified_rule: "căn cứ đang được xác minh",
    draft_summary: "Tóm tắt",
    draft_attachments: "Tài liệu kèm theo",
    draft_no_attachments: "Chưa có tài liệu kèm theo.",
    draft_download_text: "Tải toàn văn dự thảo (.txt)",
    draft_toc: "Mục lục",
    draft_text: "Toàn văn dự thảo",
    draft_no_text: "Cơ quan soạn thảo chưa đăng toàn văn dự thảo.",
    draft_preamble: "Phần mở đầu",
    draft_signature: "Nơi nhận và chữ ký",
    draft_large_impact: "Chính sách có tác động lớn đến xã hội",
    draft_impact_heading: "Tiêu chí theo Quyết định 407/QĐ-TTg",
    draft_impact_needs_proposal: "Loại văn bản phải lập đề nghị xây dựng",
    draft_impact_rights: "Trực tiếp làm phát sinh, thay đổi, chấm dứt quyền và nghĩa vụ",
    draft_impact_sensitive: "Khó, nhạy cảm hoặc còn nhiều ý kiến khác nhau",
    draft_impact_wide: "Tác động trên phạm vi cả nước hoặc toàn tỉnh, thành phố",
    draft_viewing_old_version: "Bạn đang xem một lần dự thảo trước.",
    draft_see_latest: "Xem lần dự thảo mới nhất",
    comment: "Góp ý",
    comment_on_whole: "Góp ý toàn bộ dự thảo",
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
};
