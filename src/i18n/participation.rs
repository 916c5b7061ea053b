//! The words of participation dashboards (issue 16, point 6; see the parent module).

use super::number;

pub struct ParticipationText {
    pub title: &'static str,
    pub intro: &'static str,
    pub none_yet: &'static str,
    pub by_day: &'static str,
    pub by_commune: &'static str,
    pub by_kind: &'static str,
    pub by_campaign: &'static str,
    pub col_day: &'static str,
    pub col_commune: &'static str,
    pub col_kind: &'static str,
    pub col_organisation: &'static str,
    pub col_campaign: &'static str,
    pub col_count: &'static str,
    pub no_commune: &'static str,
    pub dimension_day: &'static str,
    pub dimension_commune: &'static str,
    pub dimension_kind: &'static str,
    pub dimension_campaign: &'static str,
    pub csv: &'static str,
    pub col_dimension: &'static str,
    pub col_label: &'static str,
}

pub static VI_PARTICIPATION: ParticipationText = ParticipationText {
    title: "Tình hình tham gia góp ý",
    intro: "Số ý kiến đã công khai, theo ngày gửi, xã, phường, đối tượng góp ý và chiến dịch vận động của Mặt trận. Số liệu được cập nhật ngay khi ý kiến được công khai hoặc rút lại.",
    none_yet: "Chưa có ý kiến nào được công khai.",
    by_day: "Theo ngày gửi",
    by_commune: "Theo xã, phường",
    by_kind: "Theo đối tượng góp ý",
    by_campaign: "Qua chiến dịch vận động",
    col_day: "Ngày",
    col_commune: "Xã, phường",
    col_kind: "Đối tượng",
    col_organisation: "Tổ chức",
    col_campaign: "Chiến dịch",
    col_count: "Số ý kiến",
    no_commune: "Không nêu xã, phường",
    dimension_day: "ngày",
    dimension_commune: "xã, phường",
    dimension_kind: "đối tượng",
    dimension_campaign: "chiến dịch",
    csv: "Tải số liệu (CSV)",
    col_dimension: "Chiều",
    col_label: "Nhóm",
};

impl ParticipationText {
    pub fn public_threshold(&self, min: i64) -> String {
        format!(
            "Ý kiến gửi qua chiến dịch vận động được tính theo tổ chức của Mặt trận; tổ chức có dưới {} ý kiến không được hiển thị, để việc tham gia không chỉ ra được một người cụ thể.",
            number(min)
        )
    }

    pub fn total(&self, n: i64) -> String {
        format!("Tổng cộng {} ý kiến đã công khai.", number(n))
    }
}
