//! The words of mobilisation campaigns in the console (see the parent module).

use crate::domain::campaign::{CampaignProblem, CampaignState};

pub struct CampaignText {
    pub title: &'static str,
    pub nav: &'static str,
    pub intro: &'static str,
    pub none_yet: &'static str,
    pub new_title: &'static str,
    pub no_open_draft: &'static str,
    pub draft: &'static str,
    pub draft_hint: &'static str,
    pub choose_draft: &'static str,
    pub draft_needed: &'static str,
    pub until: &'static str,
    pub organisation: &'static str,
    pub organisation_needed: &'static str,
    pub col_title: &'static str,
    pub col_draft: &'static str,
    pub col_dates: &'static str,
    pub col_state: &'static str,
    pub goal: &'static str,
    pub goal_hint: &'static str,
    pub target: &'static str,
    pub target_hint: &'static str,
    pub starts_on: &'static str,
    pub ends_on: &'static str,
    pub channels: &'static str,
    pub via_link: &'static str,
    pub via_meetings: &'static str,
    pub via_groups: &'static str,
    pub via_social: &'static str,
    pub communes: &'static str,
    pub communes_hint: &'static str,
    pub priority: &'static str,
    pub sections: &'static str,
    pub sections_choose_draft: &'static str,
    pub create: &'static str,
    pub created: &'static str,
    pub link: &'static str,
    pub link_not_live: &'static str,
    pub qr_title: &'static str,
    pub qr_download: &'static str,
    pub poster: &'static str,
    pub poster_invite: &'static str,
    pub poster_scan: &'static str,
    pub steps: &'static str,
    pub start: &'static str,
    pub end: &'static str,
    pub cancel: &'static str,
    pub stepped: &'static str,
    pub step_refused: &'static str,
    pub step_draft_closed: &'static str,
    pub step_unknown: &'static str,
    pub counts_title: &'static str,
    pub counts_intro: &'static str,
    pub count_confirmed: &'static str,
    pub count_published: &'static str,
}

pub static VI_CAMPAIGNS: CampaignText = CampaignText {
    title: "Chiến dịch vận động",
    nav: "Chiến dịch vận động",
    intro: "Vận động hội viên, đoàn viên và người dân góp ý một dự thảo đang lấy ý kiến: qua đường dẫn ngắn và mã QR in trên áp phích, qua họp ở xã, phường, tổ dân phố và trang mạng xã hội. Người tổ chức chiến dịch chỉ thấy số lượng ý kiến, không bao giờ thấy ai đã góp ý.",
    none_yet: "Chưa có chiến dịch nào.",
    new_title: "Tạo chiến dịch",
    no_open_draft: "Hiện không có dự thảo nào đang lấy ý kiến.",
    draft: "Dự thảo",
    draft_hint: "Chọn dự thảo rồi bấm “Chọn dự thảo” để liệt kê các điều, khoản của nó.",
    choose_draft: "Chọn dự thảo",
    draft_needed: "Chọn một dự thảo đang lấy ý kiến.",
    until: "đến hết ngày",
    organisation: "Tổ chức vận động",
    organisation_needed: "Chọn tổ chức mà bạn làm việc cho (hoặc tổ chức trực thuộc).",
    col_title: "Tên chiến dịch",
    col_draft: "Dự thảo",
    col_dates: "Thời gian",
    col_state: "Trạng thái",
    goal: "Mục tiêu",
    goal_hint: "Ví dụ: mỗi tổ dân phố có ít nhất một ý kiến về quy định phân loại rác.",
    target: "Chỉ tiêu số ý kiến",
    target_hint: "Không bắt buộc.",
    starts_on: "Từ ngày",
    ends_on: "Đến ngày",
    channels: "Hình thức vận động",
    via_link: "Đường dẫn và mã QR",
    via_meetings: "Họp ở xã, phường, đặc khu",
    via_groups: "Tổ dân phố, ấp, khu phố",
    via_social: "Trang mạng xã hội",
    communes: "Địa bàn vận động",
    communes_hint: "Các xã, phường, đặc khu ưu tiên (khó khăn, vùng đồng bào dân tộc thiểu số) được đánh dấu.",
    priority: "ưu tiên",
    sections: "Điều, khoản cần nhấn mạnh",
    sections_choose_draft: "Chọn dự thảo ở trên để liệt kê các điều, khoản.",
    create: "Tạo chiến dịch",
    created: "Đã tạo chiến dịch. Kiểm tra thông tin rồi bấm “Bắt đầu” để đường dẫn có hiệu lực.",
    link: "Đường dẫn ngắn",
    link_not_live: "Đường dẫn chỉ có hiệu lực khi chiến dịch bắt đầu.",
    qr_title: "Mã QR",
    qr_download: "Tải mã QR (PNG)",
    poster: "Áp phích khổ A4 để in",
    poster_invite: "Mời bạn góp ý dự thảo",
    poster_scan: "Quét mã QR hoặc gõ địa chỉ:",
    steps: "Trạng thái chiến dịch",
    start: "Bắt đầu",
    end: "Kết thúc",
    cancel: "Hủy chiến dịch",
    stepped: "Đã cập nhật trạng thái chiến dịch.",
    step_refused: "Không đổi được trạng thái: chiến dịch đã ở trạng thái khác.",
    step_draft_closed: "Chưa bắt đầu được: dự thảo không còn trong thời gian lấy ý kiến.",
    step_unknown: "Thao tác không hợp lệ.",
    counts_title: "Ý kiến qua chiến dịch",
    counts_intro: "Ý kiến gửi từ đường dẫn của chiến dịch trong thời gian chiến dịch diễn ra được tính cho chiến dịch. Người tổ chức chiến dịch chỉ thấy số lượng (dưới 5 ý kiến chỉ hiện “dưới 5”), không thấy ai đã gửi hay nội dung từng ý kiến; việc xác nhận và kiểm duyệt như mọi ý kiến khác.",
    count_confirmed: "Đã được người gửi xác nhận",
    count_published: "Đã công khai",
};

impl CampaignText {
    pub fn state(&self, s: CampaignState) -> &'static str {
        match s {
            CampaignState::Draft => "Đang chuẩn bị",
            CampaignState::Active => "Đang diễn ra",
            CampaignState::Ended => "Đã kết thúc",
            CampaignState::Cancelled => "Đã hủy",
        }
    }

    /// A count as an organiser sees it: exact from the threshold on, "fewer than" below
    /// it (none is none).
    pub fn count(&self, n: i64) -> String {
        use crate::domain::campaign::MIN_SHOWN_COUNT;
        match n {
            0 => "0".into(),
            n if n < MIN_SHOWN_COUNT => format!("dưới {MIN_SHOWN_COUNT}"),
            n => crate::i18n::number(n),
        }
    }

    pub fn qr_alt(&self, link: &str) -> String {
        format!("Mã QR dẫn đến {link}")
    }

    pub fn problem(&self, p: CampaignProblem) -> String {
        match p {
            CampaignProblem::Title => "Ghi tên chiến dịch, từ 5 đến 200 ký tự.".into(),
            CampaignProblem::Goal => "Mục tiêu tối đa 2.000 ký tự.".into(),
            CampaignProblem::Characters(_) => {
                "Trường này có ký tự điều khiển hoặc ký tự không hợp lệ.".into()
            }
            CampaignProblem::Target => "Chỉ tiêu là một số nguyên dương, tối đa 10.000.000.".into(),
            CampaignProblem::Dates => {
                "Ghi ngày bắt đầu và ngày kết thúc (ngày/tháng/năm); ngày kết thúc không trước ngày bắt đầu.".into()
            }
            CampaignProblem::OutsidePeriod { first, last } => format!(
                "Thời gian chiến dịch phải nằm trong thời gian lấy ý kiến còn lại của dự thảo, từ ngày {} đến ngày {}.",
                first.format("%d/%m/%Y"),
                last.format("%d/%m/%Y")
            ),
            CampaignProblem::DraftNotOpen => {
                "Dự thảo này không còn trong thời gian lấy ý kiến.".into()
            }
            CampaignProblem::Channels => "Chọn ít nhất một hình thức vận động.".into(),
            CampaignProblem::Communes => {
                "Chọn các xã, phường, đặc khu trong danh sách (tối đa 200).".into()
            }
            CampaignProblem::Sections => {
                "Chọn các điều, khoản trong danh sách của dự thảo (tối đa 50).".into()
            }
        }
    }
}
