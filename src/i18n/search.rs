//! The words of search (see the parent module).

use super::number;
use crate::domain::DocKind;

pub struct SearchText {
    pub nav: &'static str,
    pub title: &'static str,
    pub box_label: &'static str,
    pub box_hint: &'static str,
    pub submit: &'static str,
    pub kind_label: &'static str,
    pub kind_all: &'static str,
    pub sort_label: &'static str,
    pub sort_relevance: &'static str,
    pub sort_newest: &'static str,
    pub facets_heading: &'static str,
    pub facet_agency: &'static str,
    pub facet_doc_type: &'static str,
    pub facet_status: &'static str,
    pub facet_year: &'static str,
    pub results_heading: &'static str,
    pub nothing_found: &'static str,
    pub nothing_found_hint: &'static str,
    pub start_hint: &'static str,
    pub examples_label: &'static str,
    pub examples: &'static [&'static str],
    pub in_draft: &'static str,
    pub query_too_long: &'static str,
    pub invalid_kind: &'static str,
    pub invalid_sort: &'static str,
    pub unavailable_title: &'static str,
    pub unavailable_text: &'static str,
    pub preparing_text: &'static str,
    pub comment_page_section: &'static str,
    pub comment_page_whole: &'static str,
    pub comment_page_more: &'static str,
    pub remove_filter: &'static str,
}

impl SearchText {
    pub fn kind(&self, k: DocKind) -> &'static str {
        match k {
            DocKind::Draft => "Dự thảo",
            DocKind::Section => "Điều, khoản",
            DocKind::Comment => "Ý kiến",
            DocKind::Answer => "Trả lời của cơ quan",
        }
    }

    /// The spelling of a kind in URLs (?ket-qua=y-kien).
    pub fn kind_slug(k: DocKind) -> &'static str {
        match k {
            DocKind::Draft => "du-thao",
            DocKind::Section => "dieu-khoan",
            DocKind::Comment => "y-kien",
            DocKind::Answer => "tra-loi",
        }
    }

    pub fn kind_from_slug(s: &str) -> Option<DocKind> {
        DocKind::ALL
            .iter()
            .copied()
            .find(|k| Self::kind_slug(*k) == s)
    }

    pub fn found(&self, n: i64, at_least: bool, q: &str) -> String {
        let count = if at_least {
            format!("Hơn {}", number(n))
        } else {
            number(n)
        };
        if q.is_empty() {
            format!("{count} kết quả")
        } else {
            format!("{count} kết quả cho “{q}”")
        }
    }

    pub fn page_too_far(&self, max_page: i64) -> String {
        format!(
            "Chỉ xem được {} trang kết quả đầu; hãy thu hẹp tìm kiếm.",
            number(max_page)
        )
    }

    /// Under the filters when counting stopped at the newest `n` matches.
    pub fn counts_of_newest(&self, n: i64) -> String {
        format!(
            "Số đếm tính trên {} kết quả mới nhất; thêm từ hoặc chọn bộ lọc để thu hẹp.",
            number(n)
        )
    }

    pub fn page_title(&self, q: &str) -> String {
        if q.is_empty() {
            self.title.to_string()
        } else {
            format!("{q} – {}", self.title)
        }
    }

    pub fn comment_title(&self, tracking: &str) -> String {
        format!("Ý kiến {tracking}")
    }
}

pub static VI_SEARCH: SearchText = SearchText {
    nav: "Tìm kiếm",
    title: "Tìm kiếm",
    box_label: "Tìm trong dự thảo, điều, khoản, ý kiến và trả lời",
    box_hint: "Gõ có dấu hoặc không dấu, ví dụ “đất đai” hoặc “dat dai”.",
    submit: "Tìm",
    kind_label: "Loại kết quả",
    kind_all: "Tất cả",
    sort_label: "Sắp xếp",
    sort_relevance: "Phù hợp nhất",
    sort_newest: "Mới nhất",
    facets_heading: "Thu hẹp kết quả",
    facet_agency: "Cơ quan chủ trì soạn thảo",
    facet_doc_type: "Loại văn bản",
    facet_status: "Trạng thái lấy ý kiến",
    facet_year: "Năm",
    results_heading: "Kết quả",
    nothing_found: "Không tìm thấy kết quả nào.",
    nothing_found_hint: "Thử từ khác, bớt từ, hoặc bỏ bớt bộ lọc.",
    start_hint: "Tìm các dự thảo liên quan đến bạn, từng điều, khoản cụ thể, ý kiến của người dân và trả lời của cơ quan chủ trì soạn thảo.",
    examples_label: "Ví dụ:",
    examples: &["đất đai", "học phí", "xe máy", "vỉa hè"],
    in_draft: "Trong dự thảo",
    query_too_long: "Từ khóa tìm kiếm dài tối đa 200 ký tự.",
    invalid_kind: "Loại kết quả không hợp lệ.",
    invalid_sort: "Cách sắp xếp không hợp lệ.",
    unavailable_title: "Tìm kiếm tạm thời gián đoạn",
    unavailable_text: "Dịch vụ tìm kiếm tạm thời không phản hồi. Các dự thảo và ý kiến vẫn xem được bình thường; xin thử tìm lại sau ít phút.",
    preparing_text: "Dịch vụ tìm kiếm đang được chuẩn bị hoặc tạm thời không phản hồi. Các dự thảo và ý kiến vẫn xem được bình thường; xin thử tìm lại sau ít phút.",
    comment_page_section: "Ý kiến về",
    comment_page_whole: "Ý kiến về toàn bộ dự thảo",
    comment_page_more: "Các ý kiến khác về nội dung này",
    remove_filter: "Bỏ lọc",
};
