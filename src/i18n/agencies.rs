//! The words of the agencies' console page (see the parent module).

use crate::domain::agency::AgencyProblem;

pub struct AgencyText {
    pub title: &'static str,
    pub intro: &'static str,
    pub nav: &'static str,
    pub new_title: &'static str,
    pub create: &'static str,
    pub save: &'static str,
    pub created: &'static str,
    pub saved: &'static str,
    pub slug: &'static str,
    pub slug_hint: &'static str,
    pub name: &'static str,
    pub short_name: &'static str,
    pub short_name_hint: &'static str,
    pub abbreviation: &'static str,
    pub abbreviation_hint: &'static str,
    pub parent_body: &'static str,
    pub parent_body_hint: &'static str,
    pub signer_title: &'static str,
    pub address: &'static str,
    pub website: &'static str,
    pub description: &'static str,
    pub commune: &'static str,
    pub commune_none: &'static str,
    pub col_level: &'static str,
    pub level_city: &'static str,
}

pub static VI_AGENCIES: AgencyText = AgencyText {
    title: "Cơ quan",
    intro: "Cơ quan chủ trì soạn thảo của Thành phố và của các xã, phường, đặc khu. Tên cơ quan cấp trên, chữ viết tắt và chức danh người ký được dùng trong phần đầu và phần ký của bản tổng hợp, tiếp thu, giải trình (Nghị định số 30/2020/NĐ-CP).",
    nav: "Cơ quan",
    new_title: "Thêm cơ quan",
    create: "Thêm cơ quan",
    save: "Lưu",
    created: "Đã thêm cơ quan.",
    saved: "Đã lưu thông tin cơ quan.",
    slug: "Mã (dùng trong địa chỉ trang)",
    slug_hint: "Chữ thường không dấu, số và dấu gạch ngang, ví dụ ubnd-phuong-sai-gon.",
    name: "Tên cơ quan",
    short_name: "Tên ngắn",
    short_name_hint: "Để trống thì dùng tên cơ quan.",
    abbreviation: "Chữ viết tắt",
    abbreviation_hint: "Dùng trong số văn bản, ví dụ SXD trong “Số: …/BC-SXD”.",
    parent_body: "Cơ quan cấp trên",
    parent_body_hint: "Ví dụ Ủy ban nhân dân Thành phố Hồ Chí Minh; để trống nếu không có.",
    signer_title: "Chức danh người ký",
    address: "Địa chỉ trụ sở",
    website: "Trang thông tin điện tử",
    description: "Chức năng, nhiệm vụ",
    commune: "Thuộc xã, phường, đặc khu",
    commune_none: "Cơ quan cấp Thành phố",
    col_level: "Cấp",
    level_city: "Thành phố",
};

impl AgencyText {
    pub fn problem(&self, p: AgencyProblem) -> &'static str {
        match p {
            AgencyProblem::Slug => "Mã gồm 3 đến 80 chữ thường không dấu, số và dấu gạch ngang.",
            AgencyProblem::SlugTaken => "Mã này đã được cơ quan khác dùng.",
            AgencyProblem::Name => "Ghi tên cơ quan (ít nhất 3 ký tự).",
            AgencyProblem::TooLong(_) => "Nội dung dài quá mức cho phép của trường này.",
            AgencyProblem::Abbreviation => "Chữ viết tắt chỉ gồm chữ, số và dấu gạch ngang.",
            AgencyProblem::Website => "Ghi địa chỉ trang bắt đầu bằng https:// hoặc http://.",
            AgencyProblem::Characters(_) => {
                "Trường này có ký tự điều khiển hoặc ký tự không hợp lệ."
            }
            AgencyProblem::Commune => "Chọn một xã, phường, đặc khu trong danh sách.",
        }
    }
}
