//! The words of meetings held in a campaign (issue 16, point 5; see the parent module).

use crate::domain::meeting::{
    MAX_OPINIONS, MAX_PARTICIPANTS, MAX_SUMMARY, MeetingProblem, MeetingRefusal,
};

pub struct MeetingText {
    pub title: &'static str,
    pub intro: &'static str,
    pub none_yet: &'static str,
    pub col_date: &'static str,
    pub col_commune: &'static str,
    pub col_participants: &'static str,
    pub col_opinions: &'static str,
    pub col_minutes: &'static str,
    pub form_title: &'static str,
    pub held_on: &'static str,
    pub held_on_hint: &'static str,
    pub commune: &'static str,
    pub choose_commune: &'static str,
    pub participants: &'static str,
    pub summary: &'static str,
    pub summary_hint: &'static str,
    pub minutes: &'static str,
    pub minutes_hint: &'static str,
    pub opinions: &'static str,
    pub opinions_hint: &'static str,
    pub clause: &'static str,
    pub opinion: &'static str,
    pub submit: &'static str,
    pub recorded: &'static str,
    pub minutes_missing: &'static str,
    pub not_started_hint: &'static str,
}

pub static VI_MEETINGS: MeetingText = MeetingText {
    title: "Kết quả hội nghị, họp dân",
    intro: "Ý kiến thu được tại các hội nghị, cuộc họp của chiến dịch được chuyển cho cơ quan chủ trì soạn thảo như ý kiến nhận ngoài Cổng, nguồn \"Mặt trận Tổ quốc\", để tiếp thu, giải trình và đưa vào báo cáo tổng hợp. Biên bản chỉ cơ quan chủ trì soạn thảo và người tổ chức xem được, không công khai.",
    none_yet: "Chưa ghi nhận cuộc họp nào.",
    col_date: "Ngày họp",
    col_commune: "Xã, phường",
    col_participants: "Số người tham dự",
    col_opinions: "Số ý kiến",
    col_minutes: "Biên bản",
    form_title: "Ghi nhận kết quả một cuộc họp",
    held_on: "Ngày họp",
    held_on_hint: "Dạng ngày/tháng/năm, trong thời gian của chiến dịch và không sau hôm nay.",
    commune: "Xã, phường nơi họp",
    choose_commune: "Chọn xã, phường",
    participants: "Số người tham dự",
    summary: "Tóm tắt cuộc họp (không bắt buộc)",
    summary_hint: "Không ghi họ tên, số điện thoại hay địa chỉ của người dân.",
    minutes: "Biên bản cuộc họp",
    minutes_hint: "Tệp PDF, DOCX hoặc ODT (bản chụp biên bản có chữ ký lưu dạng PDF).",
    opinions: "Các ý kiến của cuộc họp",
    opinions_hint: "Mỗi dòng một ý kiến, gắn với điều, khoản mà ý kiến đề cập hoặc toàn bộ dự thảo. Dòng để trống được bỏ qua.",
    clause: "Điều, khoản",
    opinion: "Ý kiến",
    submit: "Ghi nhận kết quả cuộc họp",
    recorded: "Đã ghi nhận kết quả cuộc họp; các ý kiến đã được chuyển cho cơ quan chủ trì soạn thảo.",
    minutes_missing: "Tải lên biên bản cuộc họp.",
    not_started_hint: "Kết quả cuộc họp được ghi nhận khi chiến dịch đã bắt đầu.",
};

impl MeetingText {
    pub fn opinion_n(&self, n: usize) -> String {
        format!("Ý kiến {n}")
    }

    pub fn problem(&self, p: MeetingProblem) -> String {
        match p {
            MeetingProblem::HeldOnInvalid => {
                "Nhập ngày họp dạng ngày/tháng/năm, ví dụ 05/12/2026.".to_string()
            }
            MeetingProblem::HeldOnOutside { from, to } => format!(
                "Ngày họp phải từ {} đến {}.",
                from.format("%d/%m/%Y"),
                to.format("%d/%m/%Y")
            ),
            MeetingProblem::CommuneMissing => "Chọn xã, phường nơi họp.".to_string(),
            MeetingProblem::ParticipantsInvalid => format!(
                "Nhập số người tham dự, từ 1 đến {}.",
                super::number(i64::from(MAX_PARTICIPANTS))
            ),
            MeetingProblem::SummaryTooLong => format!(
                "Tóm tắt dài quá {} ký tự.",
                super::number(MAX_SUMMARY as i64)
            ),
            MeetingProblem::OpinionsMissing => "Nhập ít nhất một ý kiến của cuộc họp.".to_string(),
            MeetingProblem::OpinionsTooMany => {
                format!("Một cuộc họp ghi nhận tối đa {MAX_OPINIONS} ý kiến.")
            }
            MeetingProblem::OpinionTooLong(n) => format!(
                "Ý kiến {n} dài quá {} ký tự.",
                super::number(crate::domain::meeting::MAX_OPINION as i64)
            ),
            MeetingProblem::Characters(_) => {
                "Nội dung có ký tự điều khiển hoặc ký tự không hợp lệ; hãy gõ lại.".to_string()
            }
        }
    }

    /// The field a refusal is about, and what it says.
    pub fn refusal(&self, r: MeetingRefusal) -> (&'static str, &'static str) {
        match r {
            MeetingRefusal::NotStarted => ("ngay_hop", self.not_started_hint),
            MeetingRefusal::UnknownCommune => {
                ("xa", "Xã, phường này không thuộc địa bàn của chiến dịch.")
            }
            MeetingRefusal::UnknownSection => (
                "y_kien_1",
                "Một ý kiến gắn với điều, khoản không có trong dự thảo.",
            ),
            MeetingRefusal::TooMany => (
                "y_kien_1",
                "Dự thảo đã có số ý kiến nhận ngoài Cổng tối đa.",
            ),
        }
    }
}
