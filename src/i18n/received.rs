//! The words of opinions received outside the portal and of consultation letters (see
//! the parent module).

use chrono::NaiveDate;

use crate::domain::received::{OpinionSource, Problem, Refusal, ReplyState};

pub struct ReceivedText {
    pub title: &'static str,
    pub intro: &'static str,
    pub link: &'static str,
    pub letters_title: &'static str,
    pub letters_intro: &'static str,
    pub letters_none: &'static str,
    pub letter_number: &'static str,
    pub letter_sent_on: &'static str,
    pub letter_recipients: &'static str,
    pub letter_recipients_hint: &'static str,
    pub letter_due: &'static str,
    pub letter_rule_unconfirmed: &'static str,
    /// After the number of days of the reply deadline: how they are counted.
    pub letter_days_counted: &'static str,
    pub letter_add: &'static str,
    pub letter_added: &'static str,
    pub opinions_title: &'static str,
    pub opinions_none: &'static str,
    pub opinion_add_title: &'static str,
    pub opinion_source: &'static str,
    pub opinion_organisation: &'static str,
    pub opinion_organisation_hint: &'static str,
    pub opinion_reply_to: &'static str,
    pub opinion_reply_to_none: &'static str,
    pub opinion_document_number: &'static str,
    pub opinion_document_date: &'static str,
    pub opinion_received_on: &'static str,
    pub opinion_section: &'static str,
    pub opinion_whole_draft: &'static str,
    pub opinion_file: &'static str,
    pub opinion_file_none: &'static str,
    pub opinion_body: &'static str,
    pub opinion_body_hint: &'static str,
    pub opinion_add: &'static str,
    pub opinion_added: &'static str,
    pub opinion_answered: &'static str,
    pub opinion_unanswered: &'static str,
    pub opinion_answer: &'static str,
    pub opinion_answer_change: &'static str,
}

pub static VI_RECEIVED: ReceivedText = ReceivedText {
    title: "Ý kiến nhận ngoài Cổng",
    intro: "Ghi nhận ý kiến cơ quan, tổ chức gửi bằng văn bản, ý kiến tại hội nghị, hội thảo, tọa đàm, ý kiến của Mặt trận Tổ quốc Việt Nam và ý kiến từ các nguồn khác. Mỗi ý kiến được trả lời như ý kiến góp ý trên Cổng và được tổng hợp theo nguồn trong bản tổng hợp, tiếp thu, giải trình. Văn bản góp ý về nhiều điều, khoản được ghi thành một ý kiến cho mỗi điều, khoản.",
    link: "Ý kiến nhận ngoài Cổng và văn bản xin ý kiến",
    letters_title: "Văn bản xin ý kiến",
    letters_intro: "Văn bản gửi cơ quan, tổ chức đề nghị góp ý dự thảo, với thời hạn trả lời tính từ ngày tiếp theo ngày gửi.",
    letters_none: "Chưa ghi nhận văn bản xin ý kiến nào.",
    letter_number: "Số văn bản",
    letter_sent_on: "Ngày gửi",
    letter_recipients: "Nơi nhận",
    letter_recipients_hint: "Mỗi dòng một cơ quan, tổ chức (không ghi tên cá nhân).",
    letter_due: "Hạn trả lời",
    letter_rule_unconfirmed: "(căn cứ chưa được xác nhận)",
    letter_days_counted: " ngày kể từ ngày tiếp theo ngày gửi",
    letter_add: "Ghi nhận văn bản xin ý kiến",
    letter_added: "Đã ghi nhận văn bản xin ý kiến.",
    opinions_title: "Ý kiến đã nhận",
    opinions_none: "Chưa ghi nhận ý kiến nào ngoài Cổng.",
    opinion_add_title: "Ghi nhận ý kiến",
    opinion_source: "Nguồn ý kiến",
    opinion_organisation: "Cơ quan, tổ chức góp ý",
    opinion_organisation_hint: "Tên cơ quan, tổ chức, hoặc tên hội nghị; không ghi tên cá nhân.",
    opinion_reply_to: "Trả lời văn bản xin ý kiến",
    opinion_reply_to_none: "Không phải văn bản trả lời",
    opinion_document_number: "Số văn bản góp ý",
    opinion_document_date: "Ngày văn bản",
    opinion_received_on: "Ngày nhận",
    opinion_section: "Điều, khoản, điểm",
    opinion_whole_draft: "Toàn bộ dự thảo",
    opinion_file: "Tệp văn bản (trong các tệp của dự thảo)",
    opinion_file_none: "Không có tệp",
    opinion_body: "Nội dung góp ý",
    opinion_body_hint: "Nội dung hoặc tóm tắt ý kiến về điều, khoản đã chọn.",
    opinion_add: "Ghi nhận ý kiến",
    opinion_added: "Đã ghi nhận ý kiến.",
    opinion_answered: "Đã trả lời ý kiến.",
    opinion_unanswered: "Chưa trả lời",
    opinion_answer: "Trả lời",
    opinion_answer_change: "Sửa câu trả lời",
};

impl ReceivedText {
    pub fn source(&self, s: OpinionSource) -> &'static str {
        match s {
            OpinionSource::ConsultationReply => "Văn bản trả lời xin ý kiến",
            OpinionSource::Conference => "Hội nghị, hội thảo, tọa đàm",
            OpinionSource::FatherlandFront => "Mặt trận Tổ quốc Việt Nam",
            OpinionSource::Other => "Nguồn khác",
        }
    }

    /// The heading of a group of the report's rows; None is the portal's own comments.
    pub fn report_group(&self, s: Option<OpinionSource>) -> &'static str {
        match s {
            None => "Ý kiến góp ý qua Cổng",
            Some(OpinionSource::ConsultationReply) => {
                "Ý kiến bằng văn bản của cơ quan, tổ chức được xin ý kiến"
            }
            Some(OpinionSource::Conference) => "Ý kiến tại hội nghị, hội thảo, tọa đàm",
            Some(OpinionSource::FatherlandFront) => {
                "Ý kiến của Mặt trận Tổ quốc Việt Nam và các tổ chức thành viên"
            }
            Some(OpinionSource::Other) => "Ý kiến từ các nguồn khác",
        }
    }

    /// "Sở Tư pháp (văn bản số 123/STP ngày 01/12/2026)", as the report names the body.
    pub fn who(&self, organisation: &str, number: &str, date: Option<NaiveDate>) -> String {
        let date = date.map(|d| d.format("%d/%m/%Y").to_string());
        match (number.is_empty(), date) {
            (true, None) => organisation.to_string(),
            (false, None) => format!("{organisation} (văn bản số {number})"),
            (true, Some(d)) => format!("{organisation} (văn bản ngày {d})"),
            (false, Some(d)) => format!("{organisation} (văn bản số {number} ngày {d})"),
        }
    }

    pub fn reply_state(&self, s: ReplyState) -> &'static str {
        match s {
            ReplyState::Replied => "Đã trả lời",
            ReplyState::Awaited => "Chưa trả lời",
            ReplyState::Overdue => "Quá hạn, chưa trả lời",
        }
    }

    pub fn problem(&self, p: Problem) -> &'static str {
        match p {
            Problem::SourceUnknown => "Chọn nguồn của ý kiến.",
            Problem::OrganisationMissing => "Ghi tên cơ quan, tổ chức góp ý.",
            Problem::OrganisationTooLong => "Tên cơ quan, tổ chức dài quá 300 ký tự.",
            Problem::DocumentNumberTooLong => "Số văn bản dài quá 100 ký tự.",
            Problem::DocumentDateInvalid => "Ngày văn bản không đúng dạng ngày/tháng/năm.",
            Problem::ReceivedOnInvalid => "Ghi ngày nhận theo dạng ngày/tháng/năm.",
            Problem::ReceivedOnImpossible => {
                "Ngày nhận không thể sau hôm nay hoặc trước ngày của văn bản."
            }
            Problem::BodyMissing => "Ghi nội dung hoặc tóm tắt ý kiến.",
            Problem::BodyTooLong => "Nội dung dài quá 20.000 ký tự; hãy tóm tắt.",
            Problem::LetterNumberMissing => "Ghi số văn bản xin ý kiến (tối đa 100 ký tự).",
            Problem::SentOnInvalid => "Ghi ngày gửi theo dạng ngày/tháng/năm, không sau hôm nay.",
            Problem::RecipientsMissing => "Ghi ít nhất một cơ quan, tổ chức nhận văn bản.",
            Problem::RecipientsTooMany => "Một văn bản ghi tối đa 200 nơi nhận.",
            Problem::RecipientTooLong => "Tên một nơi nhận dài quá 300 ký tự.",
            Problem::Characters(_) => "Trường này có ký tự điều khiển hoặc ký tự không hợp lệ.",
        }
    }

    pub fn refusal(&self, r: Refusal) -> &'static str {
        match r {
            Refusal::UnknownSection => "Dự thảo không có điều, khoản, điểm đã chọn.",
            Refusal::UnknownFile => "Tệp đã chọn không thuộc dự thảo này.",
            Refusal::UnknownRecipient => "Văn bản xin ý kiến đã chọn không thuộc dự thảo này.",
            Refusal::TooMany => "Dự thảo đã có số ý kiến, văn bản tối đa được ghi nhận (2.000).",
        }
    }
}
