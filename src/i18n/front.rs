//! The words of the Front's organisations in the console (see the parent module).

use crate::domain::front::{OrganisationKind, OrganisationProblem};

pub struct FrontText {
    pub title: &'static str,
    pub intro: &'static str,
    pub intro_organiser: &'static str,
    pub nav: &'static str,
    pub new_title: &'static str,
    pub create: &'static str,
    pub save: &'static str,
    pub created: &'static str,
    pub saved: &'static str,
    pub kind: &'static str,
    pub name: &'static str,
    pub short_name: &'static str,
    pub short_name_hint: &'static str,
    pub parent: &'static str,
    pub parent_none: &'static str,
    pub parent_hint: &'static str,
    pub commune: &'static str,
    pub commune_hint: &'static str,
    pub commune_none: &'static str,
    pub office_address: &'static str,
    pub office_phone: &'static str,
    pub office_phone_hint: &'static str,
    pub office_email: &'static str,
    pub office_email_hint: &'static str,
    pub col_level: &'static str,
    pub level_city: &'static str,
    pub under: &'static str,
    pub none_yet: &'static str,
}

pub static VI_FRONT: FrontText = FrontText {
    title: "Tổ chức Mặt trận",
    intro: "Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố, Ủy ban Mặt trận Tổ quốc Việt Nam các xã, phường, đặc khu và các tổ chức thành viên trực thuộc (Luật Mặt trận Tổ quốc Việt Nam số 75/2015/QH13, được sửa đổi, bổ sung bởi Luật số 97/2025/QH15). Cán bộ Mặt trận làm việc cho một tổ chức và các tổ chức trực thuộc. Thông tin liên hệ là của văn phòng, không ghi số điện thoại di động hay hộp thư cá nhân.",
    intro_organiser: "Tổ chức bạn làm việc cho và các tổ chức trực thuộc.",
    nav: "Tổ chức Mặt trận",
    new_title: "Thêm tổ chức",
    create: "Thêm tổ chức",
    save: "Lưu",
    created: "Đã thêm tổ chức.",
    saved: "Đã lưu thông tin tổ chức.",
    kind: "Loại tổ chức",
    name: "Tên tổ chức",
    short_name: "Tên ngắn",
    short_name_hint: "Để trống thì dùng tên tổ chức.",
    parent: "Trực thuộc",
    parent_none: "Không (Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố)",
    parent_hint: "Ủy ban Mặt trận cấp xã trực thuộc Ủy ban Mặt trận Thành phố; tổ chức thành viên trực thuộc một Ủy ban Mặt trận.",
    commune: "Xã, phường, đặc khu",
    commune_hint: "Chỉ ghi với Ủy ban Mặt trận cấp xã; tổ chức thành viên thuộc xã của Ủy ban Mặt trận mà nó trực thuộc.",
    commune_none: "—",
    office_address: "Địa chỉ văn phòng",
    office_phone: "Điện thoại văn phòng",
    office_phone_hint: "Số máy bàn (ví dụ 028 3822 1234) hoặc đường dây 1800, 1900; không ghi số di động cá nhân.",
    office_email: "Thư điện tử của văn phòng",
    office_email_hint: "Hộp thư của cơ quan, tổ chức; không dùng hộp thư cá nhân (Gmail, Yahoo, Outlook…).",
    col_level: "Cấp",
    level_city: "Thành phố",
    under: "Tổ chức trực thuộc",
    none_yet: "Chưa có tổ chức nào.",
};

impl FrontText {
    pub fn kind_name(&self, k: OrganisationKind) -> &'static str {
        match k {
            OrganisationKind::FrontCommittee => "Ủy ban Mặt trận Tổ quốc Việt Nam",
            OrganisationKind::WomensUnion => "Hội Liên hiệp Phụ nữ Việt Nam",
            OrganisationKind::YouthUnion => "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
            OrganisationKind::FarmersAssociation => "Hội Nông dân Việt Nam",
            OrganisationKind::VeteransAssociation => "Hội Cựu chiến binh Việt Nam",
            OrganisationKind::TradeUnion => "Công đoàn Việt Nam",
            OrganisationKind::OtherMember => "Tổ chức thành viên khác",
        }
    }

    pub fn problem(&self, p: OrganisationProblem) -> &'static str {
        match p {
            OrganisationProblem::Kind => "Chọn loại tổ chức trong danh sách.",
            OrganisationProblem::Name => "Ghi tên tổ chức (ít nhất 3 ký tự).",
            OrganisationProblem::TooLong(_) => "Nội dung dài quá mức cho phép của trường này.",
            OrganisationProblem::Characters(_) => {
                "Trường này có ký tự điều khiển hoặc ký tự không hợp lệ."
            }
            OrganisationProblem::Phone => {
                "Ghi số máy bàn của văn phòng (bắt đầu bằng 02, 11 chữ số) hoặc đường dây 1800, 1900; không ghi số di động cá nhân."
            }
            OrganisationProblem::Email => {
                "Ghi hộp thư của cơ quan, tổ chức; không dùng hộp thư cá nhân như Gmail, Yahoo, Outlook."
            }
            OrganisationProblem::Parent => {
                "Tổ chức trực thuộc không phù hợp: Ủy ban Mặt trận cấp xã trực thuộc Ủy ban Mặt trận Thành phố, tổ chức thành viên trực thuộc một Ủy ban Mặt trận."
            }
            OrganisationProblem::Commune => {
                "Chỉ Ủy ban Mặt trận cấp xã chọn xã, phường, đặc khu (một xã trong danh sách); tổ chức thành viên thuộc xã của Ủy ban Mặt trận mà nó trực thuộc."
            }
            OrganisationProblem::CommitteeExists => {
                "Thành phố hoặc xã, phường, đặc khu này đã có Ủy ban Mặt trận."
            }
            OrganisationProblem::ShortNameNeeded => "Tên tổ chức dài hơn 150 ký tự: ghi tên ngắn.",
            OrganisationProblem::HasChildren => {
                "Tổ chức còn tổ chức trực thuộc: không đổi loại hoặc nơi trực thuộc được."
            }
        }
    }
}
