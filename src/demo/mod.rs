//! Demo content for a fresh install: Thành phố Hồ Chí Minh, some of its communes, three
//! of its departments, and three drafts whose comment periods are set relative to the
//! moment of loading, so that one is open, one closes soon and one has closed.
//!
//! Loaded only into an empty database, and only while GOPY_DEMO is on (the default).

use crate::domain::ids::*;
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::models::DraftFields;
use crate::db::models::NewAttachment;
use crate::db::queries::authoring;
use crate::db::queries::reference;
use crate::db::schema::*;
use crate::db::{Db, DbConnection};
use crate::domain::draft::ImpactCriteria;
use crate::domain::time;
use crate::domain::{AttachmentKind, Moderation, Publication, Stage};
use crate::parse;
use crate::storage::FileStore;

/// The demo drafts' texts, as an agency would paste them.
pub const TEXTS: &[(&str, &str)] = &[
    ("chat-thai-ran", include_str!("texts/chat-thai-ran.txt")),
    ("hoc-phi", include_str!("texts/hoc-phi.txt")),
    ("via-he", include_str!("texts/via-he.txt")),
    ("pho-di-bo", include_str!("texts/pho-di-bo.txt")),
];

/// Communes (xã, phường, đặc khu) of the city since 1 July 2025; a sample, not the list.
const LOCALITIES: &[(&str, &str, &str)] = &[
    ("phuong-sai-gon", "Phường Sài Gòn", "phuong"),
    ("phuong-tan-dinh", "Phường Tân Định", "phuong"),
    ("phuong-ben-thanh", "Phường Bến Thành", "phuong"),
    ("phuong-cau-ong-lanh", "Phường Cầu Ông Lãnh", "phuong"),
    ("phuong-ban-co", "Phường Bàn Cờ", "phuong"),
    ("phuong-xuan-hoa", "Phường Xuân Hòa", "phuong"),
    ("phuong-cho-lon", "Phường Chợ Lớn", "phuong"),
    ("phuong-thu-duc", "Phường Thủ Đức", "phuong"),
    ("phuong-go-vap", "Phường Gò Vấp", "phuong"),
    ("phuong-tan-son-nhat", "Phường Tân Sơn Nhất", "phuong"),
    ("phuong-thu-dau-mot", "Phường Thủ Dầu Một", "phuong"),
    ("phuong-di-an", "Phường Dĩ An", "phuong"),
    ("phuong-vung-tau", "Phường Vũng Tàu", "phuong"),
    ("phuong-ba-ria", "Phường Bà Rịa", "phuong"),
    ("xa-cu-chi", "Xã Củ Chi", "xa"),
    ("xa-binh-chanh", "Xã Bình Chánh", "xa"),
    ("xa-nha-be", "Xã Nhà Bè", "xa"),
    ("xa-can-gio", "Xã Cần Giờ", "xa"),
    ("xa-long-son", "Xã Long Sơn", "xa"),
    ("dac-khu-con-dao", "Đặc khu Côn Đảo", "dac_khu"),
];

/// Communes given priority in mobilisation (issue 16, point 2): a coastal commune and an
/// island, far from the city's services. Demo data: the real designation is the
/// administrator's to enter.
const PRIORITY_COMMUNES: &[&str] = &["xa-can-gio", "dac-khu-con-dao"];

/// The demo's Front: the city's committee, two communes' committees, member
/// organisations under each (kind, name, short name, the commune's code of its committee
/// or None for the city's, the office's phone and mail: fictitious, and an office's,
/// never a person's).
struct DemoOrganisation {
    kind: crate::domain::front::OrganisationKind,
    name: &'static str,
    short_name: &'static str,
    /// None: the city's committee; Some(""): under the city's committee; Some(code):
    /// under that commune's committee (a committee names its own commune).
    under: Option<&'static str>,
    address: &'static str,
    phone: &'static str,
    email: &'static str,
}

const ORGANISATIONS: &[DemoOrganisation] = {
    use crate::domain::front::OrganisationKind as K;
    &[
        DemoOrganisation {
            kind: K::FrontCommittee,
            name: "Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố Hồ Chí Minh",
            short_name: "Ủy ban MTTQ Việt Nam Thành phố",
            under: None,
            address: "55 Mạc Đĩnh Chi, phường Sài Gòn",
            phone: "028 3829 0000",
            email: "vanphong@mttq.example.gov.vn",
        },
        DemoOrganisation {
            kind: K::WomensUnion,
            name: "Hội Liên hiệp Phụ nữ Thành phố Hồ Chí Minh",
            short_name: "Hội LHPN Thành phố",
            under: Some(""),
            address: "",
            phone: "",
            email: "hoiphunu@mttq.example.gov.vn",
        },
        DemoOrganisation {
            kind: K::YouthUnion,
            name: "Thành Đoàn Thành phố Hồ Chí Minh",
            short_name: "Thành Đoàn",
            under: Some(""),
            address: "",
            phone: "",
            email: "thanhdoan@mttq.example.gov.vn",
        },
        DemoOrganisation {
            kind: K::FrontCommittee,
            name: "Ủy ban Mặt trận Tổ quốc Việt Nam phường Sài Gòn",
            short_name: "Ủy ban MTTQ phường Sài Gòn",
            under: Some("phuong-sai-gon"),
            address: "45 Lê Duẩn, phường Sài Gòn",
            phone: "028 3822 1234",
            email: "mttq.saigon@example.gov.vn",
        },
        DemoOrganisation {
            kind: K::WomensUnion,
            name: "Hội Liên hiệp Phụ nữ phường Sài Gòn",
            short_name: "Hội LHPN phường Sài Gòn",
            under: Some("phuong-sai-gon"),
            address: "",
            phone: "",
            email: "",
        },
        DemoOrganisation {
            kind: K::YouthUnion,
            name: "Đoàn Thanh niên Cộng sản Hồ Chí Minh phường Sài Gòn",
            short_name: "Đoàn phường Sài Gòn",
            under: Some("phuong-sai-gon"),
            address: "",
            phone: "",
            email: "",
        },
        DemoOrganisation {
            kind: K::VeteransAssociation,
            name: "Hội Cựu chiến binh phường Sài Gòn",
            short_name: "Hội CCB phường Sài Gòn",
            under: Some("phuong-sai-gon"),
            address: "",
            phone: "",
            email: "",
        },
        DemoOrganisation {
            kind: K::FrontCommittee,
            name: "Ủy ban Mặt trận Tổ quốc Việt Nam xã Cần Giờ",
            short_name: "Ủy ban MTTQ xã Cần Giờ",
            under: Some("xa-can-gio"),
            address: "Đường Lương Văn Nho, xã Cần Giờ",
            phone: "028 3874 0000",
            email: "mttq.cangio@example.gov.vn",
        },
        DemoOrganisation {
            kind: K::FarmersAssociation,
            name: "Hội Nông dân xã Cần Giờ",
            short_name: "Hội Nông dân xã Cần Giờ",
            under: Some("xa-can-gio"),
            address: "",
            phone: "",
            email: "",
        },
    ]
};

struct DemoAgency {
    slug: &'static str,
    name: &'static str,
    short_name: &'static str,
    description: &'static str,
    /// The abbreviation in its document numbers (Decree 30/2020).
    abbreviation: &'static str,
}

const AGENCIES: &[DemoAgency] = &[
    DemoAgency {
        slug: "so-nong-nghiep-va-moi-truong",
        name: "Sở Nông nghiệp và Môi trường Thành phố Hồ Chí Minh",
        short_name: "Sở Nông nghiệp và Môi trường",
        description: "Tham mưu cho Ủy ban nhân dân Thành phố về nông nghiệp, đất đai, tài nguyên nước, môi trường và quản lý chất thải.",
        abbreviation: "SNNMT",
    },
    DemoAgency {
        slug: "so-giao-duc-va-dao-tao",
        name: "Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh",
        short_name: "Sở Giáo dục và Đào tạo",
        description: "Tham mưu cho Ủy ban nhân dân Thành phố về giáo dục mầm non, giáo dục phổ thông, giáo dục thường xuyên và học phí.",
        abbreviation: "SGDĐT",
    },
    DemoAgency {
        slug: "so-xay-dung",
        name: "Sở Xây dựng Thành phố Hồ Chí Minh",
        short_name: "Sở Xây dựng",
        description: "Tham mưu cho Ủy ban nhân dân Thành phố về xây dựng, giao thông, kết cấu hạ tầng đô thị và quản lý lòng đường, vỉa hè.",
        abbreviation: "SXD",
    },
];

struct DemoDraft {
    text: &'static str,
    agency: &'static str,
    doc_type: &'static str,
    title: &'static str,
    summary: &'static str,
    stage: Stage,
    /// Days from today (local) on which the period opens and closes.
    opens_in_days: i64,
    closes_in_days: i64,
    impact: ImpactCriteria,
    attachments: &'static [(AttachmentKind, &'static str, &'static str)],
    /// Decision 407's timeline: each stage entered, days from today, and what happened.
    stages: &'static [(Stage, i64, &'static str)],
    /// Where else the draft is posted for comment.
    links: &'static [(crate::domain::draft::LinkPlace, &'static str)],
}

const DRAFTS: &[DemoDraft] = &[
    DemoDraft {
        text: "chat-thai-ran",
        agency: "so-nong-nghiep-va-moi-truong",
        doc_type: "nghi-quyet-hdnd",
        title: "Nghị quyết quy định về phân loại, thu gom, vận chuyển và xử lý chất thải rắn sinh hoạt trên địa bàn Thành phố Hồ Chí Minh",
        summary: "Dự thảo quy định việc phân loại chất thải rắn sinh hoạt tại nguồn thành ba nhóm, lịch và điểm thu gom, giá dịch vụ thu gom, vận chuyển, xử lý tính theo khối lượng hoặc thể tích, trách nhiệm của hộ gia đình, cơ sở kinh doanh, đơn vị thu gom và chính quyền cấp xã.\n\nChính sách tác động trực tiếp đến mọi hộ gia đình trên địa bàn Thành phố; cơ quan chủ trì soạn thảo đề nghị người dân quan tâm góp ý về mức giá dịch vụ và lộ trình áp dụng.",
        stage: Stage::Draft,
        opens_in_days: -10,
        closes_in_days: 20,
        impact: ImpactCriteria {
            needs_proposal: true,
            rights: true,
            sensitive: true,
            wide: true,
        },
        attachments: &[
            (
                AttachmentKind::Submission,
                "Tờ trình dự thảo Nghị quyết",
                "to-trinh-chat-thai-ran.txt",
            ),
            (
                AttachmentKind::ImpactAssessment,
                "Báo cáo đánh giá tác động của chính sách",
                "danh-gia-tac-dong-chat-thai-ran.txt",
            ),
        ],
        stages: &[
            (
                Stage::Proposal,
                -75,
                "Hội đồng nhân dân Thành phố thông qua đề xuất chính sách về phân loại, thu gom và giá dịch vụ xử lý chất thải rắn sinh hoạt.",
            ),
            (
                Stage::Draft,
                -10,
                "Sở Nông nghiệp và Môi trường đăng tải dự thảo Nghị quyết để lấy ý kiến.",
            ),
        ],
        links: &[
            (
                crate::domain::draft::LinkPlace::ProvincePortal,
                "https://thanhpho.example.gov.vn/lay-y-kien/chat-thai-ran-sinh-hoat",
            ),
            (
                crate::domain::draft::LinkPlace::NationalLawPortal,
                "https://phapluat.example.gov.vn/du-thao/chat-thai-ran-tphcm",
            ),
        ],
    },
    DemoDraft {
        text: "hoc-phi",
        agency: "so-giao-duc-va-dao-tao",
        doc_type: "quyet-dinh-ubnd",
        title: "Quyết định quy định mức thu học phí đối với cơ sở giáo dục mầm non, giáo dục phổ thông công lập năm học {Y} - {Y+1} trên địa bàn Thành phố Hồ Chí Minh",
        summary: "Dự thảo quy định mức thu học phí năm học {Y} - {Y+1} theo địa bàn phường, xã và đặc khu, các trường hợp miễn, giảm học phí và thời hạn thu.",
        stage: Stage::Draft,
        opens_in_days: -28,
        closes_in_days: 2,
        impact: ImpactCriteria {
            needs_proposal: false,
            rights: true,
            sensitive: true,
            wide: true,
        },
        attachments: &[(
            AttachmentKind::Submission,
            "Tờ trình dự thảo Quyết định",
            "to-trinh-hoc-phi.txt",
        )],
        stages: &[(
            Stage::Draft,
            -28,
            "Sở Giáo dục và Đào tạo đăng tải dự thảo Quyết định để lấy ý kiến.",
        )],
        links: &[],
    },
    DemoDraft {
        text: "via-he",
        agency: "so-xay-dung",
        doc_type: "quyet-dinh-ubnd",
        title: "Quyết định quy định quản lý và sử dụng tạm thời một phần lòng đường, vỉa hè ngoài mục đích giao thông trên địa bàn Thành phố Hồ Chí Minh",
        summary: "Dự thảo quy định điều kiện, thủ tục và mức phí sử dụng tạm thời một phần lòng đường, vỉa hè ngoài mục đích giao thông, bảo đảm phần vỉa hè còn lại cho người đi bộ.",
        stage: Stage::Appraisal,
        opens_in_days: -45,
        closes_in_days: -10,
        impact: ImpactCriteria {
            needs_proposal: false,
            rights: true,
            sensitive: true,
            wide: true,
        },
        attachments: &[(
            AttachmentKind::Submission,
            "Tờ trình dự thảo Quyết định",
            "to-trinh-via-he.txt",
        )],
        stages: &[
            (
                Stage::Draft,
                -45,
                "Sở Xây dựng đăng tải dự thảo Quyết định để lấy ý kiến.",
            ),
            (
                Stage::Appraisal,
                -7,
                "Gửi hồ sơ dự thảo đến Sở Tư pháp thẩm định sau khi tổng hợp, tiếp thu ý kiến.",
            ),
        ],
        links: &[],
    },
    // A commune's own decision (Law 87/2025): the People's Committee of phường Sài Gòn
    // consults on the rules of its walking streets.
    DemoDraft {
        text: "pho-di-bo",
        agency: "ubnd-phuong-sai-gon",
        doc_type: "quyet-dinh-ubnd-xa",
        title: "Quyết định quy định giữ gìn trật tự, vệ sinh và hoạt động biểu diễn nghệ thuật đường phố trên các tuyến phố đi bộ thuộc phường Sài Gòn",
        summary: "Dự thảo quy định thời gian tổ chức phố đi bộ, việc đăng ký biểu diễn nghệ thuật đường phố, mức âm lượng và trách nhiệm giữ gìn vệ sinh, trật tự của hộ kinh doanh trên các tuyến phố đi bộ của phường.",
        stage: Stage::Draft,
        opens_in_days: -3,
        closes_in_days: 18,
        impact: ImpactCriteria {
            needs_proposal: false,
            rights: true,
            sensitive: false,
            wide: false,
        },
        attachments: &[(
            AttachmentKind::Submission,
            "Tờ trình dự thảo Quyết định",
            "to-trinh-pho-di-bo.txt",
        )],
        stages: &[(
            Stage::Draft,
            -3,
            "Ủy ban nhân dân phường Sài Gòn đăng tải dự thảo Quyết định để lấy ý kiến.",
        )],
        links: &[],
    },
];

/// The demo's Front organisations, through the same service an administrator uses (so
/// the tree's rules hold for them too).
fn front(c: &mut DbConnection, now: NaiveDateTime) -> QueryResult<()> {
    use crate::domain::front::OrganisationInput;
    let by = crate::domain::staff::By::process("demo");
    let mut city = None;
    for o in ORGANISATIONS {
        // A member organisation sits under its commune's committee (or the city's);
        // a commune's committee under the city's, naming its commune.
        let parent = match o.under {
            None => None,
            Some("") => city,
            Some(_) if o.kind.is_committee() => city,
            Some(code) => {
                let committees = crate::db::queries::front::all(c)?;
                committees
                    .iter()
                    .find(|x| x.kind.is_committee() && x.commune_code.as_deref() == Some(code))
                    .map(|x| x.id)
            }
        };
        let input = OrganisationInput {
            kind: o.kind,
            name: o.name.into(),
            short_name: o.short_name.into(),
            parent,
            commune: o
                .under
                .filter(|c| !c.is_empty() && o.kind.is_committee())
                .map(str::to_string),
            office_address: o.address.into(),
            office_phone: o.phone.into(),
            office_email: o.email.into(),
        };
        let id = crate::services::front::create(c, &input, &by, now)?.map_err(|p| {
            diesel::result::Error::QueryBuilderError(
                format!("demo organisation {}: {p:?}", o.name).into(),
            )
        })?;
        if o.under.is_none() {
            city = Some(id);
        }
    }
    Ok(())
}

/// Two campaigns on the open waste draft (issue 16, point 2): the city's Front committee
/// runs one in its priority communes and phường Sài Gòn, and the Women's Union of phường
/// Sài Gòn prepares another; both through the service an organiser uses.
fn campaigns(
    c: &mut DbConnection,
    now: NaiveDateTime,
    minutes: &crate::db::queries::meetings::Minutes,
) -> QueryResult<()> {
    use crate::domain::campaign::{CampaignInput, CampaignStep};
    let by = crate::domain::staff::By::process("demo");
    let draft = crate::db::queries::drafts::revision(c, "chat-thai-ran")?
        .map(|(id, _)| id)
        .ok_or(diesel::result::Error::NotFound)?;
    let organisations = crate::db::queries::front::all(c)?;
    let org = |name: &str| {
        organisations
            .iter()
            .find(|o| o.name == name)
            .map(|o| o.id)
            .ok_or(diesel::result::Error::NotFound)
    };
    let clauses: Vec<String> = crate::db::queries::received::sections_of(c, draft)?
        .into_iter()
        .map(|(anchor, _)| anchor)
        .collect();
    let today = time::local_date(now);
    let city = CampaignInput {
        title: "Cả Thành phố góp ý phân loại rác tại nguồn".into(),
        goal: "Mỗi tổ dân phố, ấp ở các địa bàn được vận động có ít nhất một ý kiến về phân loại và giá dịch vụ thu gom.".into(),
        target_count: Some(5000),
        starts_on: today,
        ends_on: today + Duration::days(15),
        via_link: true,
        via_meetings: true,
        via_groups: true,
        via_social: false,
        communes: vec!["dac-khu-con-dao".into(), "phuong-sai-gon".into(), "xa-can-gio".into()],
        sections: clauses.iter().take(2).cloned().collect(),
    };
    let women = CampaignInput {
        title: "Phụ nữ phường Sài Gòn góp ý giá dịch vụ thu gom rác".into(),
        goal: "Chi hội phụ nữ các khu phố thảo luận và gửi ý kiến về giá dịch vụ theo khối lượng."
            .into(),
        target_count: None,
        starts_on: today + Duration::days(1),
        ends_on: today + Duration::days(10),
        via_link: true,
        via_meetings: false,
        via_groups: false,
        via_social: true,
        communes: vec!["phuong-sai-gon".into()],
        sections: Vec::new(),
    };
    let failed = |what: &str| {
        diesel::result::Error::QueryBuilderError(format!("demo campaign: {what}").into())
    };
    let started = crate::services::campaigns::create(
        c,
        draft,
        org("Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố Hồ Chí Minh")?,
        &city,
        &by,
        now,
    )?
    .map_err(|p| failed(&format!("{p:?}")))?;
    let campaign =
        crate::db::queries::campaigns::find(c, started)?.ok_or(diesel::result::Error::NotFound)?;
    crate::services::campaigns::step(c, &campaign, CampaignStep::Start, &by, now)?
        .map_err(|p| failed(&format!("{p:?}")))?;
    // A meeting in xã Cần Giờ, held today in the campaign (issue 16, point 5): its
    // opinions reach the agency as opinions received from the Front.
    let campaign =
        crate::db::queries::campaigns::find(c, started)?.ok_or(diesel::result::Error::NotFound)?;
    let meeting = crate::domain::meeting::MeetingEntry {
        held_on: today,
        commune: "xa-can-gio".into(),
        participants: 46,
        summary: "Hội nghị lấy ý kiến nhân dân ấp Thạnh Bình về dự thảo, do Ban Công tác Mặt trận ấp chủ trì.".into(),
        opinions: vec![
            (
                clauses.first().cloned(),
                "Bà con đề nghị giải thích rõ ba nhóm chất thải bằng tranh ảnh, phát tận hộ, vì nhiều người lớn tuổi không đọc được chữ nhỏ.".into(),
            ),
            (
                None,
                "Ở xã đảo, xe thu gom chỉ đến hai ngày một lần; đề nghị bố trí điểm tập kết có mái che trước khi áp dụng phân loại.".into(),
            ),
        ],
    };
    crate::services::campaigns::record_meeting(c, &campaign, &meeting, minutes, &by, now)?
        .map_err(|p| failed(&format!("{p:?}")))?;
    crate::services::campaigns::create(
        c,
        draft,
        org("Hội Liên hiệp Phụ nữ phường Sài Gòn")?,
        &women,
        &by,
        now,
    )?
    .map_err(|p| failed(&format!("{p:?}")))?;
    Ok(())
}

/// The Front's social critique of the waste draft (issue 16, point 7), through the
/// services staff and organisers use: the city committee's, asked 18 days ago, given,
/// answered point by point and published; and one just asked of the city's Women's
/// Union, waiting for it to receive the dossier.
fn critiques(
    c: &mut DbConnection,
    now: NaiveDateTime,
    document: &crate::db::queries::critiques::Document,
) -> QueryResult<()> {
    use crate::domain::comment::Disposition;
    use crate::domain::critique::{CritiqueForm, RequestEntry, SubmissionEntry, WrittenAnswer};
    use crate::services::critiques as s;
    let by = crate::domain::staff::By::process("demo");
    let failed = |what: &str| {
        diesel::result::Error::QueryBuilderError(format!("demo critique: {what}").into())
    };
    let draft = crate::db::queries::drafts::revision(c, "chat-thai-ran")?
        .map(|(id, _)| id)
        .ok_or(diesel::result::Error::NotFound)?;
    let organisations = crate::db::queries::front::all(c)?;
    let org = |name: &str| {
        organisations
            .iter()
            .find(|o| o.name == name)
            .map(|o| o.id.get())
            .ok_or(diesel::result::Error::NotFound)
    };
    let files: Vec<_> = crate::db::queries::received::files_of(c, draft)?
        .into_iter()
        .map(|a| a.id)
        .collect();
    let clauses: Vec<String> = crate::db::queries::received::sections_of(c, draft)?
        .into_iter()
        .map(|(anchor, _)| anchor)
        .collect();
    let lead = s::lead_rule(c)?.days;
    let today = time::local_date(now);
    let days = |n: i64| today - Duration::days(n);
    let asked = s::request(
        c,
        draft,
        &RequestEntry {
            organisation: org("Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố Hồ Chí Minh")?,
            number: "412/SXD-QLCTR".into(),
            request_date: days(18),
            dossier_sent_on: days(18),
            planned_submission: today + Duration::days(20),
            shortened_reason: String::new(),
        },
        lead,
        &files,
        &by,
        now,
    )?
    .map_err(|r| failed(&format!("{r:?}")))?;
    let find = |c: &mut DbConnection| {
        crate::db::queries::critiques::find(c, asked)?
            .map(|n| n.critique)
            .ok_or(diesel::result::Error::NotFound)
    };
    let critique = find(c)?;
    s::receive(c, &critique, days(17), &by, now)?.map_err(|r| failed(&format!("{r:?}")))?;
    let critique = find(c)?;
    let submission = SubmissionEntry {
        form: CritiqueForm::Conference,
        critiqued_on: days(5),
        document_number: "87/BC-MTTQ-BTT".into(),
        points: vec![
            (
                clauses.first().cloned(),
                "Việc phân loại thành ba nhóm là phù hợp, nhưng chưa có quy định về hỗ trợ dụng cụ phân loại cho hộ nghèo, hộ cận nghèo.".into(),
                "Bổ sung quy định hỗ trợ túi, thùng phân loại cho hộ nghèo, hộ cận nghèo trong năm đầu áp dụng.".into(),
            ),
            (
                clauses.get(1).cloned(),
                "Mức giá dịch vụ theo khối lượng có thể làm tăng tình trạng đổ rác trộm ở khu vực ven đô.".into(),
                "Quy định lộ trình áp dụng giá theo khối lượng và tăng cường kiểm tra ở các điểm nóng.".into(),
            ),
            (
                None,
                "Cần làm rõ trách nhiệm của Ban Công tác Mặt trận ở khu dân cư trong giám sát việc phân loại.".into(),
                "Bổ sung một điều về giám sát của cộng đồng dân cư.".into(),
            ),
        ],
    };
    s::submit(c, &critique, &submission, document, &by, now)?
        .map_err(|r| failed(&format!("{r:?}")))?;
    let critique = find(c)?;
    let answers = [
        (
            Disposition::Accepted,
            "Tiếp thu: bổ sung khoản 4 Điều 7 về hỗ trợ dụng cụ phân loại cho hộ nghèo, hộ cận nghèo trong 12 tháng đầu.",
        ),
        (
            Disposition::PartlyAccepted,
            "Tiếp thu một phần: giá theo khối lượng áp dụng từ năm thứ hai; việc kiểm tra đã được quy định tại Điều 12.",
        ),
        (
            Disposition::NotAccepted,
            "Giải trình: trách nhiệm giám sát của Mặt trận đã được quy định tại Luật Mặt trận Tổ quốc Việt Nam, không quy định lại.",
        ),
    ];
    for (point, (d, reason)) in crate::db::queries::critiques::points(c, asked)?
        .iter()
        .zip(answers)
    {
        s::answer_point(c, &critique, point.id, d, reason, &by, now)?
            .map_err(|r| failed(&format!("{r:?}")))?;
    }
    s::send_answer(
        c,
        &critique,
        &WrittenAnswer {
            number: "530/SXD-QLCTR".into(),
            answered_on: days(1),
        },
        &by,
        now,
    )?
    .map_err(|r| failed(&format!("{r:?}")))?;
    let critique = find(c)?;
    s::publish(c, &critique, &by, now)?.map_err(|r| failed(&format!("{r:?}")))?;
    s::request(
        c,
        draft,
        &RequestEntry {
            organisation: org("Hội Liên hiệp Phụ nữ phường Sài Gòn")?,
            number: "455/SXD-QLCTR".into(),
            request_date: today,
            dossier_sent_on: today,
            planned_submission: today + Duration::days(i64::from(lead) + 5),
            shortened_reason: String::new(),
        },
        lead,
        &files,
        &by,
        now,
    )?
    .map_err(|r| failed(&format!("{r:?}")))?;
    Ok(())
}

/// Loads the demo when the database holds no jurisdiction yet. Returns whether it did.
pub fn load_if_empty(db: &Db, files: &FileStore) -> Result<bool, String> {
    let mut conn = db.get().map_err(|e| e.to_string())?;
    if reference::jurisdiction(&mut conn)
        .map_err(|e| e.to_string())?
        .is_some()
    {
        return Ok(false);
    }
    // Files first: content-addressed, so writing them twice is harmless, and the rows
    // below never point at a file that is not there.
    let mut stored = Vec::new();
    for d in DRAFTS {
        for (kind, title, file_name) in d.attachments {
            let body = attachment_text(d, *kind, title, time::local_date(time::now_utc()));
            let sha = files
                .put(body.as_bytes())
                .map_err(|e| format!("writing {file_name}: {e}"))?;
            stored.push((d.text, *kind, *title, *file_name, sha, body.len() as i64));
        }
    }
    let pdf = minutes_pdf();
    let minutes = crate::db::queries::meetings::Minutes {
        sha256: files
            .put(&pdf)
            .map_err(|e| format!("writing the demo meeting's minutes: {e}"))?,
        name: "bien-ban-hop-ap-thanh-binh.pdf".into(),
        content_type: crate::upload::Document::Pdf.content_type().into(),
        size: pdf.len() as i64,
    };
    let pdf = critique_pdf();
    let critique = crate::db::queries::critiques::Document {
        sha256: files
            .put(&pdf)
            .map_err(|e| format!("writing the demo critique: {e}"))?,
        name: "bao-cao-phan-bien-xa-hoi.pdf".into(),
        content_type: crate::upload::Document::Pdf.content_type().into(),
        size: pdf.len() as i64,
    };
    conn.transaction(|c| load(c, &stored, &minutes, &critique))
        .map_err(|e: diesel::result::Error| e.to_string())?;
    Ok(true)
}

/// The demo meeting's minutes: a one-page PDF (the standard fonts have no Vietnamese
/// letters, so it is written without diacritics), its cross-reference table computed so
/// that any reader opens it.
fn minutes_pdf() -> Vec<u8> {
    one_page_pdf(&[
        "BIEN BAN HOP LAY Y KIEN NHAN DAN (ban mau cua du lieu trinh dien)",
        "Ap Thanh Binh, xa Can Gio - 46 nguoi tham du",
        "Noi dung: gop y du thao Nghi quyet ve chat thai ran sinh hoat",
    ])
}

/// The demo critique's document, made as the minutes are.
fn critique_pdf() -> Vec<u8> {
    one_page_pdf(&[
        "BAO CAO KET QUA PHAN BIEN XA HOI (ban mau cua du lieu trinh dien)",
        "Uy ban Mat tran To quoc Viet Nam Thanh pho Ho Chi Minh",
        "Du thao Nghi quyet ve quan ly chat thai ran sinh hoat",
    ])
}

/// A one-page PDF of these lines, in a standard font (no diacritics).
fn one_page_pdf(text: &[&str]) -> Vec<u8> {
    let mut stream = String::from("BT /F1 12 Tf 56 780 Td 16 TL");
    for line in text {
        stream.push_str(&format!(" ({line}) '"));
    }
    stream.push_str(" ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_string(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
        format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        pdf.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    pdf.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

type StoredFile = (
    &'static str,
    AttachmentKind,
    &'static str,
    &'static str,
    String,
    i64,
);

fn load(
    c: &mut DbConnection,
    stored: &[StoredFile],
    minutes: &crate::db::queries::meetings::Minutes,
    critique: &crate::db::queries::critiques::Document,
) -> QueryResult<()> {
    let now = time::now_utc();
    // Whose site it is, marked as an example: an administrator sets the real one.
    diesel::insert_into(crate::db::schema::site_operator::table)
        .values((
            crate::db::schema::site_operator::id.eq(1),
            crate::db::schema::site_operator::name
                .eq("Văn phòng Ủy ban nhân dân Thành phố Hồ Chí Minh (thông tin minh họa)"),
            crate::db::schema::site_operator::address
                .eq("86 Lê Thánh Tôn, phường Sài Gòn, Thành phố Hồ Chí Minh"),
            crate::db::schema::site_operator::phone.eq("(028) 0000 0000"),
            crate::db::schema::site_operator::email.eq("lienhe@example.gov.vn"),
            crate::db::schema::site_operator::updated_at.eq(now),
        ))
        .execute(c)?;
    let jurisdiction_id: JurisdictionId = diesel::insert_into(jurisdictions::table)
        .values((
            jurisdictions::code.eq("79"),
            jurisdictions::name.eq("Thành phố Hồ Chí Minh"),
            jurisdictions::kind.eq(crate::domain::Level::Province),
            // What heads the reports the city's agencies sign (Decree 30/2020).
            jurisdictions::place_name.eq("Thành phố Hồ Chí Minh"),
        ))
        .returning(jurisdictions::id)
        .get_result(c)?;
    for (code, name, kind) in LOCALITIES {
        diesel::insert_into(localities::table)
            .values((
                localities::jurisdiction_id.eq(jurisdiction_id),
                localities::code.eq(code),
                localities::name.eq(name),
                localities::kind.eq(kind),
            ))
            .execute(c)?;
    }
    diesel::update(localities::table.filter(localities::code.eq_any(PRIORITY_COMMUNES)))
        .set(localities::disadvantaged.eq(true))
        .execute(c)?;
    front(c, now)?;
    for a in AGENCIES {
        diesel::insert_into(agencies::table)
            .values((
                agencies::jurisdiction_id.eq(jurisdiction_id),
                agencies::slug.eq(a.slug),
                agencies::name.eq(a.name),
                agencies::short_name.eq(a.short_name),
                agencies::description.eq(a.description),
                agencies::created_at.eq(now),
                // The city's departments answer to its People's Committee; their
                // directors sign (Decree 30/2020's heading and signature).
                agencies::parent_body.eq("Ủy ban nhân dân Thành phố Hồ Chí Minh"),
                agencies::abbreviation.eq(a.abbreviation),
                agencies::signer_title.eq("Giám đốc"),
            ))
            .execute(c)?;
    }
    // A commune's own agency (Law 87/2025 gave communes their resolutions and
    // decisions): its People's Committee, with no parent body in its heading.
    let saigon = crate::db::queries::comments::locality_id(c, jurisdiction_id, "phuong-sai-gon")?;
    diesel::insert_into(agencies::table)
        .values((
            agencies::jurisdiction_id.eq(jurisdiction_id),
            agencies::slug.eq("ubnd-phuong-sai-gon"),
            agencies::name.eq("Ủy ban nhân dân phường Sài Gòn"),
            agencies::short_name.eq("UBND phường Sài Gòn"),
            agencies::description.eq("Cơ quan hành chính nhà nước ở phường Sài Gòn; ban hành quyết định của Ủy ban nhân dân phường và trình Hội đồng nhân dân phường các dự thảo nghị quyết."),
            agencies::created_at.eq(now),
            agencies::locality_id.eq(saigon),
            agencies::abbreviation.eq("UBND"),
            agencies::signer_title.eq("Chủ tịch"),
        ))
        .execute(c)?;
    for d in DRAFTS {
        let agency =
            reference::agency_by_slug(c, d.agency)?.ok_or(diesel::result::Error::NotFound)?;
        let doc_type = reference::document_type_by_code(c, d.doc_type)?
            .ok_or(diesel::result::Error::NotFound)?;
        let text = TEXTS
            .iter()
            .find(|(name, _)| *name == d.text)
            .map(|(_, t)| parse::normalize(&dated(t, time::local_date(now))))
            .ok_or(diesel::result::Error::NotFound)?;
        let draft_id = authoring::create_draft(
            c,
            &DraftFields {
                slug: d.text.into(),
                number: None,
                document_type_id: doc_type.id,
                agency_id: agency.id,
                title: dated(d.title, time::local_date(now)),
                summary: dated(d.summary, time::local_date(now)),
                stage: d.stage,
                moderation: Moderation::Pre,
                opens_at: Some(local_day(now, d.opens_in_days, 8, 0, 0)),
                // Until 24:00 of its last day (Civil Code 2015, Art. 148).
                closes_at: Some(crate::domain::period::end_of(
                    time::local_date(now) + Duration::days(d.closes_in_days),
                )),
                impact_needs_proposal: d.impact.needs_proposal,
                impact_rights: d.impact.rights,
                impact_sensitive: d.impact.sensitive,
                impact_wide: d.impact.wide,
                shortened_basis: String::new(),
                needs_proposal_reason: String::new(),
            },
            Publication::Published,
            now,
        )?;
        let doc = parse::parse(&text);
        authoring::add_version(c, draft_id, &text, &doc, "", true, now)?;
        for (place, url) in d.links {
            authoring::add_link(c, draft_id, *place, url, now)?;
        }
        for (stage, days, note) in d.stages {
            authoring::add_stage_event(
                c,
                draft_id,
                &authoring::NewStageEvent {
                    stage: *stage,
                    on: time::local_date(now) + Duration::days(*days),
                    note,
                    document_ref: "",
                },
                now,
            )?;
        }
        for (i, (_, kind, title, file_name, sha, size)) in
            stored.iter().filter(|s| s.0 == d.text).enumerate()
        {
            authoring::add_attachment(
                c,
                &NewAttachment {
                    draft_id,
                    kind: *kind,
                    title,
                    file_name,
                    content_type: "text/plain; charset=utf-8",
                    size_bytes: *size,
                    sha256: sha,
                    position: i as i32,
                    created_at: now,
                },
            )?;
        }
    }
    comments_and_answers(c, now)?;
    campaigns(c, now, minutes)?;
    critiques(c, now, critique)?;
    // The demo's comments and answers are written directly; queue all of it for search.
    crate::search::outbox::enqueue_everything(c, now)
}

/// A comment as the demo publishes it: confirmed and moderated, with no e-mail (no
/// personal data in demo content).
struct DemoComment {
    draft: &'static str,
    anchor: Option<&'static str>,
    body: &'static str,
    kind: &'static str,
    name: Option<&'static str>,
    /// For a comment sent on behalf of an organisation: its name, in its own field.
    organisation: &'static str,
    commune: &'static str,
}

const COMMENTS: &[DemoComment] = &[
    DemoComment {
        draft: "via-he",
        anchor: Some("dieu-6-khoan-1"),
        body: "Đề nghị giữ bề rộng tối thiểu 2 m cho người đi bộ trên các tuyến gần trường học và bệnh viện, thay vì 1,5 m.",
        kind: "individual",
        name: Some("Trần Thị Thu Hà"),
        organisation: "",
        commune: "phuong-ban-co",
    },
    DemoComment {
        draft: "via-he",
        anchor: Some("dieu-6-khoan-3"),
        body: "Khung giờ buôn bán buổi tối ở khu vực 1 nên kéo dài đến 24 giờ vào thứ Bảy, Chủ nhật để hộ kinh doanh nhỏ có thêm thu nhập.",
        kind: "business",
        name: None,
        organisation: "",
        commune: "phuong-ben-thanh",
    },
    DemoComment {
        draft: "via-he",
        anchor: Some("dieu-4-khoan-4"),
        body: "Không nên cho phép kinh doanh trên vỉa hè ở khu trung tâm; vỉa hè phải trả lại cho người đi bộ.",
        kind: "individual",
        name: None,
        organisation: "",
        commune: "phuong-sai-gon",
    },
    DemoComment {
        draft: "via-he",
        anchor: Some("dieu-4-khoan-4"),
        body: "Tôi đồng tình: vỉa hè khu trung tâm cần dành hoàn toàn cho người đi bộ và người khuyết tật.",
        kind: "individual",
        name: None,
        organisation: "",
        commune: "phuong-tan-dinh",
    },
    DemoComment {
        draft: "chat-thai-ran",
        anchor: Some("dieu-7"),
        body: "Cần hướng dẫn cụ thể cách phân loại cho người cao tuổi, có tranh ảnh minh họa dán tại tổ dân phố.",
        kind: "individual",
        name: None,
        organisation: "",
        commune: "phuong-go-vap",
    },
    DemoComment {
        draft: "chat-thai-ran",
        anchor: None,
        body: "Đề nghị lộ trình áp dụng giá theo khối lượng dài hơn ở các xã ngoại thành, nơi chưa có điểm thu gom riêng.",
        kind: "organisation",
        name: None,
        organisation: "Hội Nông dân xã Củ Chi",
        commune: "xa-cu-chi",
    },
    // A campaign's text, as members sent it (issue 16, point 4: grouped as one opinion).
    DemoComment {
        draft: "chat-thai-ran",
        anchor: Some("dieu-7"),
        body: "Đề nghị quy định rõ trách nhiệm phân loại rác tại nguồn của hộ gia đình, có lộ trình ít nhất hai năm để người dân làm quen, và hỗ trợ túi đựng rác miễn phí cho hộ nghèo, cận nghèo.",
        kind: "individual",
        name: None,
        organisation: "",
        commune: "phuong-sai-gon",
    },
    // A campaign's text, as members sent it (issue 16, point 4: grouped as one opinion).
    DemoComment {
        draft: "chat-thai-ran",
        anchor: Some("dieu-7"),
        body: "Kính gửi Ban soạn thảo. Đề nghị quy định rõ trách nhiệm phân loại rác tại nguồn của hộ gia đình, có lộ trình ít nhất hai năm để người dân làm quen, và hỗ trợ túi đựng rác miễn phí cho hộ nghèo, cận nghèo.",
        kind: "individual",
        name: None,
        organisation: "",
        commune: "phuong-sai-gon",
    },
    // A campaign's text, as members sent it (issue 16, point 4: grouped as one opinion).
    DemoComment {
        draft: "chat-thai-ran",
        anchor: Some("dieu-7"),
        body: "De nghi quy dinh ro trach nhiem phan loai rac tai nguon cua ho gia dinh, co lo trinh it nhat hai nam de nguoi dan lam quen, va ho tro tui dung rac mien phi cho ho ngheo, can ngheo.",
        kind: "individual",
        name: None,
        organisation: "",
        commune: "xa-can-gio",
    },
    // A campaign's text, as members sent it (issue 16, point 4: grouped as one opinion).
    DemoComment {
        draft: "chat-thai-ran",
        anchor: Some("dieu-7"),
        body: "Đề nghị quy định rõ trách nhiệm phân loại rác tại nguồn của hộ gia đình, có lộ trình ít nhất 2 năm để người dân làm quen, và hỗ trợ túi đựng rác miễn phí cho hộ nghèo, cận nghèo. Trân trọng cảm ơn!",
        kind: "individual",
        name: None,
        organisation: "",
        commune: "xa-can-gio",
    },
    // A campaign's text, as members sent it (issue 16, point 4: grouped as one opinion).
    DemoComment {
        draft: "chat-thai-ran",
        anchor: Some("dieu-7"),
        body: "Đề nghi quy định rõ trách nhiệm phân loai rác tại nguồn của hộ gia đình, có lộ trình ít nhất hai năm để người dân làm quen, và hỗ trợ túi đựng rác miễn phí cho hộ nghèo, cận nghèo.",
        kind: "individual",
        name: None,
        organisation: "",
        commune: "phuong-ben-thanh",
    },
    DemoComment {
        draft: "hoc-phi",
        anchor: Some("dieu-3"),
        body: "Mức thu ở đặc khu Côn Đảo nên được miễn hoàn toàn vì chi phí sinh hoạt trên đảo cao.",
        kind: "individual",
        name: None,
        organisation: "",
        commune: "dac-khu-con-dao",
    },
];

/// Published comments, answers on the closed draft, and its synthesis report, so the
/// demo shows the whole cycle.
fn comments_and_answers(c: &mut DbConnection, now: NaiveDateTime) -> QueryResult<()> {
    let mut ids: Vec<(&'static str, CommentId)> = Vec::new();
    for (i, d) in COMMENTS.iter().enumerate() {
        let (draft_id, version_id): (DraftId, VersionId) = drafts::table
            .inner_join(draft_versions::table)
            .filter(drafts::slug.eq(d.draft))
            .select((drafts::id, draft_versions::id))
            .first(c)?;
        let section_id: Option<SectionId> = match d.anchor {
            None => None,
            Some(a) => Some(
                sections::table
                    .filter(sections::version_id.eq(version_id))
                    .filter(sections::anchor.eq(a))
                    .select(sections::id)
                    .first(c)?,
            ),
        };
        let locality_id: Option<LocalityId> = localities::table
            .filter(localities::code.eq(d.commune))
            .select(localities::id)
            .first(c)
            .optional()?;
        let at = now - Duration::hours(30 - i as i64);
        let id: CommentId = diesel::insert_into(comments::table)
            .values((
                comments::draft_id.eq(draft_id),
                comments::version_id.eq(version_id),
                comments::section_id.eq(section_id),
                comments::original_section_id.eq(section_id),
                comments::body.eq(d.body),
                comments::name.eq(d.name.unwrap_or("")),
                comments::publish_name.eq(d.name.is_some()),
                comments::commenter_kind.eq(d.kind),
                comments::organisation.eq(d.organisation),
                comments::locality_id.eq(locality_id),
                comments::privacy_version.eq(crate::domain::comment::PRIVACY_VERSION),
                comments::privacy_consented_at.eq(at),
                comments::status.eq(crate::domain::comment::CommentStatus::Published),
                comments::confirm_expires_at.eq(at),
                comments::confirmed_at.eq(at),
                comments::status_token_hash.eq(crate::auth::token::hash(&format!("demo-{i}"))),
                comments::published_at.eq(at),
                comments::moderated_at.eq(at),
                comments::created_at.eq(at),
                comments::updated_at.eq(at),
            ))
            .returning(comments::id)
            .get_result(c)?;
        crate::db::queries::comments::set_published(c, id, draft_id, section_id, 1, now)?;
        ids.push((d.draft, id));
    }

    let via_he: DraftId = drafts::table
        .filter(drafts::slug.eq("via-he"))
        .select(drafts::id)
        .first(c)?;
    let on = |n: usize| {
        ids.iter()
            .filter(|(d, _)| *d == "via-he")
            .map(|(_, id)| *id)
            .nth(n)
            .unwrap_or_default()
    };
    let who = crate::domain::staff::By::process("demo");
    use crate::domain::comment::Disposition;
    let answers = [
        (
            vec![on(0)],
            Disposition::Accepted,
            "Tiếp thu: chỉnh lý điểm b khoản 1 Điều 6, quy định phần vỉa hè còn lại dành cho người đi bộ tối thiểu 2,0 m trên tuyến đường có trường học, cơ sở khám bệnh, chữa bệnh; các tuyến đường khác giữ mức tối thiểu 1,5 m.",
        ),
        (
            vec![on(1)],
            Disposition::Accepted,
            "Tiếp thu: chỉnh lý điểm a khoản 3 Điều 6, tại các tuyến đường thuộc khu vực 1 cho phép sử dụng đến 24 giờ 00 vào thứ Bảy, Chủ nhật; các ngày khác giữ đến 23 giờ 00 như dự thảo để bảo đảm trật tự, yên tĩnh cho khu dân cư.",
        ),
        (
            vec![on(2), on(3)],
            Disposition::NotAccepted,
            "Giải trình: dự thảo chỉ cho phép kinh doanh trên vỉa hè tại các tuyến đường thuộc danh mục do Ủy ban nhân dân Thành phố phê duyệt (khoản 4 Điều 4, khoản 1 Điều 13), với điều kiện vỉa hè rộng từ 3,0 m trở lên và phần vỉa hè còn lại dành cho người đi bộ tối thiểu 1,5 m (điểm a, điểm b khoản 1 Điều 6); tuyến đường ở khu trung tâm không đáp ứng các điều kiện này thì không được sử dụng vỉa hè để kinh doanh.",
        ),
    ];
    for (ids, disposition, reason) in answers {
        let text = crate::db::queries::answers::AnswerText {
            disposition,
            reason,
        };
        // The demo's comments carry no address, so no mail is written.
        crate::services::answers::answer(c, via_he, &ids, text, &who, "", now)?;
    }
    received_opinions(c, via_he, now)?;
    // Every demo comment and opinion of the draft is answered: the report publishes.
    let published = crate::services::report::publish(c, via_he, &who, "", now)?;
    if let Err(why) = published {
        tracing::warn!(?why, "the demo's synthesis report was not published");
    }
    Ok(())
}

/// The opinions the Sở Xây dựng received outside the portal on its pavement decision
/// (issue 15, point 6): its consultation letter to three bodies, sent the day the
/// period opened (two replied; the police's reply is missing and overdue), and the
/// Fatherland Front's opinion from its conference; all answered, so the report lists
/// them by source.
fn received_opinions(c: &mut DbConnection, draft: DraftId, now: NaiveDateTime) -> QueryResult<()> {
    use crate::domain::comment::Disposition;
    use crate::domain::received::{LetterEntry, OpinionAnswer, OpinionEntry, OpinionSource};
    use crate::services::received::{self as received, Targets};
    let who = crate::domain::staff::By::process("demo");
    let today = time::local_date(now);
    let day = |d: i64| today + Duration::days(d);
    let letter = LetterEntry {
        number: "1520/SXD-PC".into(),
        sent_on: day(-45),
        recipients: vec![
            "Sở Tư pháp Thành phố Hồ Chí Minh".into(),
            "Sở Tài chính Thành phố Hồ Chí Minh".into(),
            "Công an Thành phố Hồ Chí Minh".into(),
        ],
    };
    if received::send_letter(c, draft, &letter, &who, now)?.is_err() {
        return Ok(());
    }
    let recipients = crate::db::queries::received::letters(c, draft)?
        .into_iter()
        .flat_map(|l| l.recipients)
        .map(|(id, _, _)| id)
        .collect::<Vec<_>>();
    let opinions = [
        (
            OpinionEntry {
                source: OpinionSource::ConsultationReply,
                organisation: "Sở Tư pháp Thành phố Hồ Chí Minh".into(),
                document_number: "2231/STP-XDKTVB".into(),
                document_date: Some(day(-36)),
                received_on: day(-35),
                body: "Đề nghị quy định rõ cơ quan tiếp nhận hồ sơ và thời hạn giải quyết việc cho phép sử dụng tạm thời vỉa hè, bảo đảm phù hợp với thẩm quyền của Ủy ban nhân dân cấp xã sau khi sắp xếp đơn vị hành chính.".into(),
            },
            Some("dieu-9"),
            recipients.first().copied(),
            Disposition::Accepted,
            "Tiếp thu: nội dung này đã được quy định tại Điều 9 dự thảo: Ủy ban nhân dân phường, xã, đặc khu nơi có vỉa hè, lòng đường là cơ quan cấp phép, Sở Xây dựng cấp phép khi vị trí đề nghị sử dụng nằm trên địa bàn từ hai phường, xã trở lên (khoản 1); hồ sơ nộp trực tuyến hoặc trực tiếp tại Trung tâm Phục vụ hành chính công của phường, xã, đặc khu (khoản 3); thời hạn giải quyết 05 ngày làm việc, 07 ngày làm việc đối với trường hợp tổ chức sự kiện có sử dụng lòng đường (khoản 4).",
        ),
        (
            OpinionEntry {
                source: OpinionSource::ConsultationReply,
                organisation: "Sở Tài chính Thành phố Hồ Chí Minh".into(),
                document_number: "4107/STC-NSNN".into(),
                document_date: Some(day(-33)),
                received_on: day(-32),
                body: "Thống nhất với dự thảo. Mức thu phí tại khoản 1 Điều 10 thống nhất với mức thu tại Nghị quyết của Hội đồng nhân dân Thành phố quy định mức thu phí sử dụng tạm thời một phần lòng đường, vỉa hè mà dự thảo dẫn chiếu.".into(),
            },
            None,
            recipients.get(1).copied(),
            Disposition::Noted,
            "Ghi nhận: mức thu phí tại khoản 1 Điều 10 dự thảo thực hiện theo Nghị quyết của Hội đồng nhân dân Thành phố quy định mức thu phí sử dụng tạm thời một phần lòng đường, vỉa hè, được dẫn chiếu tại phần căn cứ ban hành.",
        ),
        (
            OpinionEntry {
                source: OpinionSource::FatherlandFront,
                organisation: "Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố Hồ Chí Minh".into(),
                document_number: "".into(),
                document_date: None,
                received_on: day(-20),
                body: "Đề nghị dành riêng phần vỉa hè tối thiểu 1,5 m cho người đi bộ, người khuyết tật trên mọi tuyến đường, kể cả tuyến được phép kinh doanh.".into(),
            },
            Some("dieu-6"),
            None,
            Disposition::PartlyAccepted,
            "Tiếp thu một phần: điểm b khoản 1 Điều 6 dự thảo đã quy định phần vỉa hè còn lại dành cho người đi bộ tối thiểu 1,5 m, liên tục và không bị cản trở, đối với mọi trường hợp sử dụng tạm thời vỉa hè rộng từ 3,0 m trở lên, kể cả để kinh doanh; đồng thời, theo ý kiến góp ý qua Cổng, nâng mức này lên tối thiểu 2,0 m trên tuyến đường có trường học, cơ sở khám bệnh, chữa bệnh. Vỉa hè rộng dưới 3,0 m chỉ được sử dụng tạm thời cho việc cưới, việc tang của hộ gia đình trong thời hạn ngắn (điểm a, điểm b khoản 1 Điều 8) nên giữ mức tối thiểu 1,0 m như khoản 2 Điều 6 dự thảo.",
        ),
    ];
    for (entry, anchor, recipient, disposition, reason) in opinions {
        let targets = Targets {
            anchor: anchor.map(str::to_string),
            attachment: None,
            recipient,
        };
        let Ok(id) = received::record(c, draft, &entry, &targets, &who, now)? else {
            continue;
        };
        let answer = OpinionAnswer {
            disposition,
            reason: reason.to_string(),
        };
        received::answer(c, draft, id, &answer, &who, now)?;
    }
    Ok(())
}

/// A demo text with its years set from the day the demo is loaded, so that no draft
/// dates itself in the past (the tuition decision always governs the next school year,
/// not one already begun): `{N}` is this year (documents being written now), `{N+k}`
/// the years after it (deadlines and stages), `{Y}` the year the next school year
/// starts (this year until June, else the next: a decision adopted, signed and in force
/// before 1 September), `{Y+k}` and `{Y-k}` the years beside it; k from 1 to 5.
pub fn dated(text: &str, today: NaiveDate) -> String {
    let year = today.year();
    let school = if today.month() <= 6 { year } else { year + 1 };
    let mut text = text.to_string();
    for k in 1..=5 {
        text = text
            .replace(&format!("{{N+{k}}}"), &(year + k).to_string())
            .replace(&format!("{{Y+{k}}}"), &(school + k).to_string())
            .replace(&format!("{{Y-{k}}}"), &(school - k).to_string());
    }
    text.replace("{N}", &year.to_string())
        .replace("{Y}", &school.to_string())
}

/// A local wall-clock time `days` from today, as UTC.
fn local_day(now: NaiveDateTime, days: i64, h: u32, m: u32, s: u32) -> NaiveDateTime {
    let day = time::local_date(now) + Duration::days(days);
    time::local_to_utc(day.and_hms_opt(h, m, s).expect("a valid time of day"))
}

/// The text of a demo attachment: short, but shaped like the real document.
fn attachment_text(d: &DemoDraft, kind: AttachmentKind, title: &str, today: NaiveDate) -> String {
    let agency = AGENCIES
        .iter()
        .find(|a| a.slug == d.agency)
        .map_or("", |a| a.name);
    let purpose = match kind {
        AttachmentKind::ImpactAssessment => {
            "Báo cáo đánh giá tác động về kinh tế, xã hội, giới, thủ tục hành chính và hệ thống pháp luật của các chính sách trong dự thảo."
        }
        _ => {
            "Tờ trình nêu sự cần thiết ban hành, mục đích, quan điểm xây dựng, quá trình soạn thảo và bố cục, nội dung cơ bản của dự thảo."
        }
    };
    format!(
        "{agency}\n\n{}\n\n{}\n\n{purpose}\n\n(Tài liệu minh họa của bản trình diễn Góp Ý.)\n",
        title.to_uppercase(),
        dated(d.title, today)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
    }

    /// Loaded in December, the tuition decision governs the school year that starts the
    /// next September, not the one under way; loaded in spring, the coming September's.
    #[test]
    fn the_tuition_decision_governs_the_next_school_year() {
        let (title, text) = (DRAFTS[1].title, TEXTS[1].1);
        assert!(title.contains("{Y}"), "the tuition draft is the second");
        let december = dated(text, day(2026, 12, 7));
        assert!(december.contains("năm học 2027 - 2028"));
        assert!(december.contains("từ ngày 01 tháng 9 năm 2027"));
        assert!(december.contains("năm học 2026 - 2027 thì phần chênh lệch"));
        assert!(!december.contains("năm học 2026 - 2027 trên"));
        let march = dated(title, day(2027, 3, 1));
        assert!(march.ends_with("năm học 2027 - 2028 trên địa bàn Thành phố Hồ Chí Minh"));
        for (_, t) in TEXTS {
            let t = dated(t, day(2026, 12, 7));
            assert!(!t.contains("{Y") && !t.contains("{N"), "every year is set");
        }
    }
}
