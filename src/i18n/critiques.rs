//! The words of the Front's social critique (issue 16, points 7 and 8; see the parent
//! module).

use chrono::NaiveDate;

use crate::domain::critique::{
    CritiqueForm, CritiqueProblem, CritiqueRefusal, CritiqueState, Deadline, MAX_NUMBER,
    MAX_POINTS, MAX_REASON,
};

pub struct CritiqueText {
    pub title: &'static str,
    pub list_title: &'static str,
    pub intro: &'static str,
    pub front_intro: &'static str,
    pub none_yet: &'static str,
    pub col_organisation: &'static str,
    pub col_draft: &'static str,
    pub col_request: &'static str,
    pub col_state: &'static str,
    pub col_deadline: &'static str,
    pub request_title: &'static str,
    pub organisation: &'static str,
    pub choose_organisation: &'static str,
    pub number: &'static str,
    pub request_date: &'static str,
    pub dossier_sent_on: &'static str,
    pub planned_submission: &'static str,
    pub shortened_reason: &'static str,
    pub shortened_hint: &'static str,
    pub files: &'static str,
    pub files_hint: &'static str,
    pub no_files: &'static str,
    pub request_button: &'static str,
    pub lead_rule: &'static str,
    pub lead_unconfirmed: &'static str,
    pub no_deadline: &'static str,
    pub overdue: &'static str,
    pub deadline_front: &'static str,
    pub deadline_agency: &'static str,
    pub request_section: &'static str,
    pub shortened_label: &'static str,
    pub received_on: &'static str,
    pub receive_title: &'static str,
    pub receive_button: &'static str,
    pub submit_title: &'static str,
    pub form: &'static str,
    pub critiqued_on: &'static str,
    pub document_number: &'static str,
    pub document: &'static str,
    pub document_hint: &'static str,
    pub document_missing: &'static str,
    pub points: &'static str,
    pub points_hint: &'static str,
    pub clause: &'static str,
    pub whole_draft: &'static str,
    pub point: &'static str,
    pub recommendation: &'static str,
    pub submit_button: &'static str,
    pub critique_section: &'static str,
    pub answer_section: &'static str,
    pub point_unanswered: &'static str,
    pub answer_point: &'static str,
    pub change_answer: &'static str,
    pub answer_title: &'static str,
    pub answer_number: &'static str,
    pub answered_on: &'static str,
    pub answer_button: &'static str,
    pub publish_title: &'static str,
    pub publish_hint: &'static str,
    pub publish_button: &'static str,
    pub withdraw_title: &'static str,
    pub withdraw_reason: &'static str,
    pub withdraw_button: &'static str,
    pub withdrawn_reason: &'static str,
    pub reason_needed: &'static str,
    pub requested: &'static str,
    pub received_notice: &'static str,
    pub submitted_notice: &'static str,
    pub point_answered: &'static str,
    pub answered_notice: &'static str,
    pub published_notice: &'static str,
    pub withdrawn_notice: &'static str,
    pub public_title: &'static str,
    pub public_intro: &'static str,
    pub public_link: &'static str,
    pub public_document: &'static str,
    pub public_col_clause: &'static str,
    pub public_col_point: &'static str,
    pub public_col_answer: &'static str,
    pub report_title: &'static str,
    pub report_none: &'static str,
    pub back_to_draft: &'static str,
}

pub static VI_CRITIQUES: CritiqueText = CritiqueText {
    title: "Phản biện xã hội",
    list_title: "Phản biện xã hội của Mặt trận Tổ quốc",
    intro: "Cơ quan chủ trì soạn thảo đề nghị Mặt trận Tổ quốc (hoặc tổ chức thành viên phụ trách lĩnh vực) phản biện xã hội dự thảo và gửi hồ sơ; Mặt trận ghi nhận đã nhận hồ sơ, gửi văn bản phản biện với từng ý kiến; cơ quan trả lời bằng văn bản từng ý kiến, rồi công bố ý kiến phản biện và nội dung trả lời song song trên trang dự thảo.",
    front_intro: "Các đề nghị phản biện xã hội gửi đến tổ chức của Ông/Bà. Ghi nhận đã nhận hồ sơ và gửi ý kiến phản biện tại trang của từng đề nghị.",
    none_yet: "Chưa có đề nghị phản biện xã hội nào.",
    col_organisation: "Tổ chức phản biện",
    col_draft: "Dự thảo",
    col_request: "Văn bản đề nghị",
    col_state: "Tình trạng",
    col_deadline: "Thời hạn",
    request_title: "Đề nghị phản biện xã hội",
    organisation: "Tổ chức được đề nghị phản biện",
    choose_organisation: "Chọn tổ chức",
    number: "Số văn bản đề nghị",
    request_date: "Ngày văn bản đề nghị",
    dossier_sent_on: "Ngày gửi hồ sơ",
    planned_submission: "Ngày dự kiến trình cơ quan có thẩm quyền",
    shortened_reason: "Lý do rút ngắn thời gian (thủ tục rút gọn)",
    shortened_hint: "Chỉ khi dự thảo được xây dựng theo trình tự, thủ tục rút gọn và ngày trình sớm hơn thời gian tối thiểu. Lý do này được công khai.",
    files: "Tài liệu trong hồ sơ gửi Mặt trận",
    files_hint: "Chọn các tệp của dự thảo đã gửi kèm.",
    no_files: "Dự thảo chưa có tệp đính kèm.",
    request_button: "Ghi nhận đề nghị",
    lead_rule: "Dự thảo phải được gửi đến Mặt trận Tổ quốc ít nhất",
    lead_unconfirmed: "căn cứ chưa được xác nhận",
    no_deadline: "Chưa đặt thời hạn",
    overdue: "Quá hạn",
    deadline_front: "Hạn Mặt trận gửi phản biện",
    deadline_agency: "Hạn cơ quan trả lời",
    request_section: "Đề nghị và hồ sơ",
    shortened_label: "Thời gian rút ngắn theo thủ tục rút gọn",
    received_on: "Ngày nhận hồ sơ",
    receive_title: "Ghi nhận đã nhận hồ sơ",
    receive_button: "Ghi nhận đã nhận",
    submit_title: "Gửi ý kiến phản biện",
    form: "Hình thức phản biện",
    critiqued_on: "Ngày phản biện",
    document_number: "Số văn bản phản biện",
    document: "Văn bản phản biện",
    document_hint: "Tệp PDF, DOCX hoặc ODT. Văn bản được công khai khi cơ quan công bố kết quả.",
    document_missing: "Chọn tệp văn bản phản biện.",
    points: "Các ý kiến phản biện",
    points_hint: "Mỗi ý kiến gắn với một điều, khoản, điểm hoặc với toàn bộ dự thảo, kèm kiến nghị. Dòng để trống được bỏ qua.",
    clause: "Điều, khoản, điểm",
    whole_draft: "Toàn bộ dự thảo",
    point: "Ý kiến phản biện",
    recommendation: "Kiến nghị",
    submit_button: "Gửi ý kiến phản biện",
    critique_section: "Ý kiến phản biện",
    answer_section: "Trả lời của cơ quan chủ trì soạn thảo",
    point_unanswered: "Chưa trả lời",
    answer_point: "Trả lời ý kiến này",
    change_answer: "Sửa trả lời",
    answer_title: "Gửi văn bản trả lời",
    answer_number: "Số văn bản trả lời",
    answered_on: "Ngày văn bản trả lời",
    answer_button: "Ghi nhận văn bản trả lời",
    publish_title: "Công bố",
    publish_hint: "Ý kiến phản biện và nội dung trả lời từng ý kiến sẽ được đăng song song trên trang dự thảo và đưa vào bản tổng hợp.",
    publish_button: "Công bố phản biện và trả lời",
    withdraw_title: "Rút đề nghị",
    withdraw_reason: "Lý do rút đề nghị",
    withdraw_button: "Rút đề nghị phản biện",
    withdrawn_reason: "Lý do rút",
    reason_needed: "Nhập lý do (từ 3 ký tự).",
    requested: "Đã ghi nhận đề nghị phản biện xã hội.",
    received_notice: "Đã ghi nhận Mặt trận nhận hồ sơ.",
    submitted_notice: "Đã gửi ý kiến phản biện.",
    point_answered: "Đã lưu trả lời ý kiến.",
    answered_notice: "Đã ghi nhận văn bản trả lời.",
    published_notice: "Đã công bố ý kiến phản biện và nội dung trả lời.",
    withdrawn_notice: "Đã rút đề nghị phản biện.",
    public_title: "Phản biện xã hội của Mặt trận Tổ quốc",
    public_intro: "Ý kiến phản biện xã hội của Mặt trận Tổ quốc Việt Nam và tổ chức thành viên, đặt bên cạnh nội dung tiếp thu, giải trình của cơ quan chủ trì soạn thảo.",
    public_link: "Xem ý kiến phản biện và trả lời",
    public_document: "Tải văn bản phản biện",
    public_col_clause: "Điều, khoản",
    public_col_point: "Ý kiến phản biện và kiến nghị",
    public_col_answer: "Tiếp thu, giải trình",
    report_title: "Ý kiến phản biện xã hội của Mặt trận Tổ quốc Việt Nam",
    report_none: "Không có ý kiến phản biện xã hội được công bố.",
    back_to_draft: "Về dự thảo",
};

fn day(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

impl CritiqueText {
    pub fn state(&self, s: CritiqueState) -> &'static str {
        match s {
            CritiqueState::Requested => "Đã đề nghị, chờ Mặt trận nhận",
            CritiqueState::Received => "Mặt trận đã nhận hồ sơ",
            CritiqueState::Submitted => "Đã có ý kiến phản biện, chờ trả lời",
            CritiqueState::Answered => "Đã trả lời bằng văn bản",
            CritiqueState::Published => "Đã công bố",
            CritiqueState::Withdrawn => "Đã rút đề nghị",
        }
    }

    pub fn form_name(&self, f: CritiqueForm) -> &'static str {
        match f {
            CritiqueForm::Conference => "Hội nghị phản biện xã hội",
            CritiqueForm::Written => "Gửi dự thảo văn bản để lấy ý kiến phản biện bằng văn bản",
            CritiqueForm::Dialogue => "Đối thoại trực tiếp",
        }
    }

    pub fn deadline(&self, d: Deadline) -> &'static str {
        match d {
            Deadline::FrontReply => self.deadline_front,
            Deadline::AgencyAnswer => self.deadline_agency,
        }
    }

    pub fn point_n(&self, n: usize) -> String {
        format!("Ý kiến {n}")
    }

    pub fn lead_days(&self, days: i32) -> String {
        format!(
            "{} {days} ngày trước ngày trình cơ quan có thẩm quyền",
            self.lead_rule
        )
    }

    pub fn problem(&self, p: CritiqueProblem) -> String {
        use CritiqueProblem::*;
        match p {
            OrganisationMissing => "Chọn tổ chức được đề nghị phản biện.".into(),
            NumberMissing => "Nhập số văn bản.".into(),
            NumberTooLong => format!("Số văn bản dài tối đa {MAX_NUMBER} ký tự."),
            RequestDateInvalid => {
                "Nhập ngày văn bản đề nghị theo dạng dd/mm/yyyy, không sau hôm nay.".into()
            }
            DossierDateInvalid => "Nhập ngày gửi hồ sơ theo dạng dd/mm/yyyy.".into(),
            DossierDateImpossible => {
                "Ngày gửi hồ sơ không thể trước ngày văn bản đề nghị hoặc sau hôm nay.".into()
            }
            PlannedInvalid => {
                "Nhập ngày dự kiến trình theo dạng dd/mm/yyyy, sau ngày gửi hồ sơ.".into()
            }
            LeadTooShort { earliest, days } => format!(
                "Dự thảo phải đến Mặt trận Tổ quốc ít nhất {days} ngày trước khi trình: ngày trình sớm nhất là {}. Chỉ dự thảo theo trình tự, thủ tục rút gọn mới được rút ngắn, kèm lý do.",
                day(earliest)
            ),
            ShortenedReasonMissing { earliest, days } => format!(
                "Ngày trình sớm hơn {} ({days} ngày sau ngày gửi hồ sơ): nêu lý do rút ngắn theo thủ tục rút gọn; lý do được công khai.",
                day(earliest)
            ),
            ReasonTooLong => format!("Lý do dài tối đa {MAX_REASON} ký tự."),
            FormMissing => "Chọn hình thức phản biện.".into(),
            CritiquedOnInvalid => "Nhập ngày phản biện theo dạng dd/mm/yyyy.".into(),
            CritiquedOnOutside { from, to } => format!(
                "Ngày phản biện phải từ ngày gửi hồ sơ {} đến hôm nay {}.",
                day(from),
                day(to)
            ),
            DocumentMissing => self.document_missing.into(),
            PointsMissing => "Nhập ít nhất một ý kiến phản biện.".into(),
            PointsTooMany => format!("Mỗi lần gửi tối đa {MAX_POINTS} ý kiến."),
            PointTooLong(n) => format!("{} quá dài.", self.point_n(n)),
            AnswerNumberMissing => "Nhập số văn bản trả lời.".into(),
            AnsweredOnInvalid => "Nhập ngày văn bản trả lời theo dạng dd/mm/yyyy.".into(),
            AnsweredOnOutside { from, to } => format!(
                "Ngày trả lời phải từ ngày phản biện {} đến hôm nay {}.",
                day(from),
                day(to)
            ),
            Characters(_) => {
                "Nội dung có ký tự điều khiển hoặc ký tự không hợp lệ; hãy gõ lại.".into()
            }
        }
    }

    /// The field a refusal is shown beside, and its message.
    pub fn refusal(&self, r: CritiqueRefusal) -> (&'static str, &'static str) {
        match r {
            CritiqueRefusal::WrongState => (
                "trang_thai",
                "Đề nghị phản biện không còn ở bước cho phép thao tác này; tải lại trang để xem tình trạng mới.",
            ),
            CritiqueRefusal::UnknownOrganisation => (
                "to_chuc",
                "Không có tổ chức này trong danh sách Mặt trận Tổ quốc.",
            ),
            CritiqueRefusal::UnknownSection => (
                "noi_dung_1",
                "Một ý kiến gắn với điều, khoản không có trong dự thảo.",
            ),
            CritiqueRefusal::UnknownFile => ("tep", "Một tệp đã chọn không thuộc dự thảo."),
            CritiqueRefusal::PointsUnanswered => (
                "so_tra_loi",
                "Hãy trả lời tất cả các ý kiến phản biện trước khi ghi nhận văn bản trả lời.",
            ),
            CritiqueRefusal::NotFound => ("trang_thai", "Không tìm thấy ý kiến này."),
        }
    }
}
