//! The words of near-identical opinions in the console (see the parent module).

use super::number;

pub struct SimilarText {
    pub groups_title: &'static str,
    pub groups_intro: &'static str,
    pub col_group: &'static str,
    pub col_count: &'static str,
    pub col_unanswered: &'static str,
    pub col_text: &'static str,
    pub open_group: &'static str,
    pub leave_group: &'static str,
    pub group_answer_hint: &'static str,
    pub group_answered_all: &'static str,
}

pub static VI_SIMILAR: SimilarText = SimilarText {
    groups_title: "Ý kiến giống nhau",
    groups_intro: "Các ý kiến có nội dung giống hoặc gần giống nhau (ví dụ cùng một mẫu được vận động gửi, có thêm lời chào, sai chính tả hay đổi thứ tự câu) được xếp chung một nhóm để đọc và trả lời một lần. Mỗi ý kiến vẫn được giữ nguyên, đếm riêng và nhận câu trả lời dưới chính ý kiến đó.",
    col_group: "Nhóm",
    col_count: "Số ý kiến đã đăng",
    col_unanswered: "Chưa trả lời",
    col_text: "Nội dung (ý kiến đầu tiên)",
    open_group: "Xem và trả lời cả nhóm",
    leave_group: "Xem tất cả ý kiến",
    group_answer_hint: "Câu trả lời dưới đây được gửi cho mọi ý kiến đã đăng của nhóm chưa được trả lời; ý kiến đã có câu trả lời riêng giữ nguyên câu trả lời đó.",
    group_answered_all: "Mọi ý kiến đã đăng của nhóm đã được trả lời.",
};

impl SimilarText {
    /// Total against unique opinions: what the counts of a draft mean.
    pub fn unique_of_total(&self, unique: i64, total: i64) -> String {
        format!(
            "{} ý kiến đã đăng, trong đó {} ý kiến khác nhau (ý kiến giống nhau tính một lần).",
            number(total),
            number(unique)
        )
    }

    pub fn group_heading(&self, group: i64, size: i64) -> String {
        format!("Nhóm {group}: {} ý kiến giống nhau", number(size))
    }

    /// Beside a comment of a group: how large the group is.
    pub fn in_group(&self, size: i64) -> String {
        format!("Thuộc nhóm {} ý kiến giống nhau", number(size))
    }

    pub fn answer_group(&self, unanswered: i64) -> String {
        format!(
            "Trả lời {} ý kiến chưa trả lời của nhóm",
            number(unanswered)
        )
    }
}
