//! Text at the edge: NUL bytes, line breaks in one-line fields and redirect targets,
//! noncharacters, direction overrides, piles of combining marks, years far away. Each
//! is refused with a clear message and a 4xx on both databases, never a 5xx; and a
//! property test posts arbitrary strings to every form.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config as ProptestConfig, TestRunner};

use crate::helpers::*;
use crate::on_both_databases;

on_both_databases! {
    /// The findings of review, one by one.
    async fn hostile_characters_are_refused_clearly(app) {
        // A NUL in the comment form's fields (PostgreSQL refuses NUL in text).
        for (field, value) in [("noi_dung", "Ý kiến có ký tự\u{0} rỗng ở giữa câu."), ("ho_ten", "Tên\u{0}"), ("to_chuc", "Tổ\u{0}chức"), ("xa", "phuong-sai-gon\u{0}")] {
            let resp = app.submit_comment("hoc-phi", None, &with(good_comment(), field, value)).await;
            assert_eq!(resp.status(), 400, "{field}");
        }
        let resp = app.submit_comment("hoc-phi", None, &with(good_comment(), "noi_dung", "Ý kiến có ký tự \u{FFFF} không dùng trong văn bản.")).await;
        assert_eq!(resp.status(), 400);
        assert!(resp.text().await.unwrap().contains("ký tự điều khiển"));
        let zalgo = format!("Ý kiến{} có quá nhiều dấu chồng lên nhau.", "\u{0301}\u{0300}\u{0303}".repeat(3));
        assert_eq!(app.submit_comment("hoc-phi", None, &with(good_comment(), "noi_dung", &zalgo)).await.status(), 400);

        // Lost links: NUL in the address.
        let csrf = csrf_in(&app.page("/y-kien/tim-lai").await);
        let r = app.client.post(format!("{}/y-kien/tim-lai", app.address))
            .form(&[("csrf", csrf), ("email", "a\u{0}@example.vn".into()), ("ma_so", "GY-2026-000001".into())])
            .send().await.unwrap();
        assert_eq!(r.status(), 400);
        let html = r.text().await.unwrap();
        assert!(html.contains("Ô “email” có ký tự điều khiển"), "{html}");

        // Redirect targets with line breaks or NUL.
        for target in ["/quan-tri%0D%0ASet-Cookie:%20x=1", "/quan-tri%00"] {
            let r = app.get(&format!("/quan-tri/dang-nhap?tiep={target}")).await;
            assert_eq!(r.status(), 400, "{target}");
        }
        let email = app.staff("admin", None).await;
        let browser = reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let html = browser.get(format!("{}/quan-tri/dang-nhap", app.address)).send().await.unwrap().text().await.unwrap();
        let r = browser.post(format!("{}/quan-tri/dang-nhap", app.address))
            .form(&[("csrf", csrf_in(&html)), ("email", email.clone()), ("mat_khau", STAFF_PASSWORD.into()), ("tiep", "/quan-tri\r\nX: y".into())])
            .send().await.unwrap();
        assert_eq!(r.status(), 400);
        let m = app.sign_in(&email).await;
        let r = m.post_raw("/quan-tri/kiem-duyet", "/quan-tri/kiem-duyet", "quay_lai=%2Fquan-tri%2Fkiem-duyet%0D%0AX%3A+y&chon=1&hanh_dong=duyet".into()).await;
        assert_eq!(r.status(), 400);

        // A period extended to the year 262142, or a NUL in a staff field.
        let draft = app.draft_id("hoc-phi").await;
        let page = format!("/quan-tri/du-thao/{draft}");
        let r = m.post_form(&page, &format!("{page}/gia-han"), &[("dong_den_moi", "262142-01-01".into()), ("ly_do", "Gia hạn thử.".into())]).await;
        assert_eq!(r.status(), 422, "the form again, the problem at its field");
        assert!(r.text().await.unwrap().contains("href=\"#f-dong_den_moi\""));
        let r = m.post_form(&page, &format!("{page}/gia-han"), &[("dong_den_moi", "01/01/2030".into()), ("ly_do", "Gia\u{0} hạn.".into())]).await;
        assert_eq!(r.status(), 400);
        let r = m.get("/quan-tri/nhat-ky?nguoi=a%00b").await;
        assert_eq!(r.status(), 400);
    }
}

/// Text a fuzzer would try: anything, and the characters that broke things in review.
fn hostile() -> impl Strategy<Value = String> {
    let special = prop::sample::select(vec![
        "\u{0}",
        "\r",
        "\n",
        "\r\n",
        "\t",
        "\u{1b}",
        "\u{7f}",
        "\u{FFFF}",
        "\u{FFFE}",
        "\u{FDD0}",
        "\u{202E}",
        "\u{202C}",
        "\u{2066}",
        "\u{2069}",
        "\u{FEFF}",
        "\u{0301}",
        "\u{0300}\u{0301}\u{0303}\u{0309}\u{0323}",
        "<script>alert(1)</script>",
        "'; DROP TABLE comments; --",
        "%00",
        "../../etc/passwd",
        "Đất đai",
        "😀",
        "\u{10FFFF}",
        "9999-12-31",
        "262142-01-01",
        "GY-2026-000001",
        "a@b.vn",
    ]);
    prop_oneof![
        any::<String>(),
        prop::collection::vec(special.clone(), 0..6).prop_map(|v| v.concat()),
        (
            "[a-zA-Zđ0-9 ]{0,20}",
            prop::collection::vec(special, 1..4),
            any::<String>()
        )
            .prop_map(|(a, b, c)| format!("{a}{}{c}", b.concat())),
        Just("x".repeat(5_000)),
    ]
}

/// Every form, as (page that holds the form, where it posts, its fields).
fn forms(draft: gopy::domain::ids::DraftId) -> Vec<(String, String, Vec<&'static str>)> {
    let d = format!("/quan-tri/du-thao/{draft}");
    vec![
        (
            "/du-thao/hoc-phi/gop-y".into(),
            "/du-thao/hoc-phi/gop-y".into(),
            vec![
                "noi_dung",
                "email",
                "ho_ten",
                "cong_khai_ten",
                "loai",
                "to_chuc",
                "xa",
                "dong_y",
                "muc",
            ],
        ),
        (
            "/y-kien/tim-lai".into(),
            "/y-kien/tim-lai".into(),
            vec!["email", "ma_so"],
        ),
        (
            "/quan-tri/du-thao/moi".into(),
            "/quan-tri/du-thao/moi".into(),
            vec![
                "tieu_de",
                "duong_dan",
                "so_hieu",
                "loai",
                "co_quan",
                "tom_tat",
                "giai_doan",
                "kiem_duyet",
                "mo_tu",
                "dong_den",
            ],
        ),
        (
            d.clone(),
            d.clone(),
            vec![
                "tieu_de",
                "duong_dan",
                "so_hieu",
                "tom_tat",
                "mo_tu",
                "dong_den",
            ],
        ),
        (
            d.clone(),
            format!("{d}/gia-han"),
            vec!["dong_den_moi", "ly_do"],
        ),
        (d.clone(), format!("{d}/dong-som"), vec!["ly_do"]),
        (
            format!("{d}/van-ban"),
            format!("{d}/van-ban/luu"),
            vec!["van_ban", "ghi_chu"],
        ),
        (
            "/quan-tri/kiem-duyet".into(),
            "/quan-tri/kiem-duyet".into(),
            vec![
                "chon",
                "hanh_dong",
                "ly_do",
                "ghi_chu",
                "an",
                "quay_lai",
                "mot",
            ],
        ),
        (
            format!("{d}/tra-loi"),
            format!("{d}/tra-loi"),
            vec!["chon", "hinh_thuc", "ly_do", "quay_lai"],
        ),
        (
            format!("{d}/y-kien-khac"),
            format!("{d}/y-kien-khac"),
            vec![
                "nguon",
                "co_quan",
                "tra_loi_cho",
                "so_van_ban",
                "ngay_van_ban",
                "ngay_nhan",
                "muc",
                "tep",
                "noi_dung",
            ],
        ),
        (
            format!("{d}/y-kien-khac"),
            format!("{d}/y-kien-khac/xin-y-kien"),
            vec!["so", "ngay_gui", "noi_nhan"],
        ),
        (
            "/quan-tri/tai-khoan".into(),
            "/quan-tri/tai-khoan".into(),
            vec!["ten", "email", "vai_tro", "co_quan", "mat_khau"],
        ),
        (
            "/quan-tri/co-quan".into(),
            "/quan-tri/co-quan".into(),
            vec![
                "ten",
                "ma",
                "ten_ngan",
                "viet_tat",
                "co_quan_cap_tren",
                "chuc_danh_ky",
                "xa",
                "dia_chi",
                "trang_web",
                "mo_ta",
            ],
        ),
        (
            "/quan-tri/co-quan-van-hanh".into(),
            "/quan-tri/co-quan-van-hanh".into(),
            vec!["ten", "dia_chi", "dien_thoai", "thu_dien_tu", "trang_web"],
        ),
        (
            "/quan-tri/mat-khau".into(),
            "/quan-tri/mat-khau".into(),
            vec!["cu", "moi"],
        ),
        (
            "/quan-tri/can-cu-phap-ly/1".into(),
            "/quan-tri/can-cu-phap-ly/1".into(),
            vec!["so_ngay", "can_cu", "nguon", "xac_nhan"],
        ),
    ]
}

/// Fuzzed queries of the pages that read them.
const QUERIES: [(&str, &[&str]); 4] = [
    (
        "/tim-kiem",
        &[
            "q",
            "ket-qua",
            "co-quan",
            "loai",
            "trang-thai",
            "nam",
            "sap-xep",
            "trang",
        ],
    ),
    (
        "/du-thao",
        &["co-quan", "loai", "trang-thai", "nam", "trang"],
    ),
    ("/du-thao/hoc-phi/y-kien", &["muc", "trang"]),
    (
        "/quan-tri/nhat-ky",
        &["nguoi", "hanh-dong", "du-thao", "tu", "den", "trang"],
    ),
];

on_both_databases! {
    /// Arbitrary strings in every field of every form and query: never a 5xx.
    async fn no_form_answers_5xx_whatever_is_typed(app, |b| b.setting("GOPY_RATE_SUBMIT_IP", "100000/s").setting("GOPY_RATE_SUBMIT_EMAIL", "100000/s").setting("GOPY_RATE_CONFIRM_IP", "100000/s").setting("GOPY_RATE_SEARCH_IP", "100000/s").setting("GOPY_RATE_LOGIN_ACCOUNT", "100000/s")) {
        let admin = app.staff("admin", None).await;
        let a = app.sign_in(&admin).await;
        let draft = app.draft_id("hoc-phi").await;
        let mut runner = TestRunner::new(ProptestConfig { cases: 1, ..ProptestConfig::default() });
        let strategy = hostile();
        let mut value = || strategy.new_tree(&mut runner).expect("a value").current();
        // Capped so that the suite keeps its time budget: each case is one request.
        let rounds = 6;
        for (page, action, fields) in forms(draft) {
            let token = csrf_in(&a.page(&page).await);
            for _ in 0..rounds {
                let mut form: Vec<(String, String)> = vec![("csrf".into(), token.clone())];
                form.extend(fields.iter().map(|f| (f.to_string(), value())));
                let resp = a.client.post(format!("{}{action}", app.address)).form(&form).send().await.unwrap();
                assert!(resp.status().as_u16() < 500, "{action} answered {} for {form:?}", resp.status());
                // The session survives whatever was posted (a password change would
                // end it only with the right current password).
            }
        }
        // The public forms from a browser without a session, too.
        for (page, action, fields) in forms(draft).into_iter().take(2) {
            let token = csrf_in(&app.page(&page).await);
            for _ in 0..rounds {
                let mut form: Vec<(String, String)> = vec![("csrf".into(), token.clone())];
                form.extend(fields.iter().map(|f| (f.to_string(), value())));
                let resp = app.client.post(format!("{}{action}", app.address)).form(&form).send().await.unwrap();
                assert!(resp.status().as_u16() < 500, "{action} answered {} for {form:?}", resp.status());
            }
        }
        for (path, params) in QUERIES {
            for _ in 0..rounds {
                let query: Vec<(&str, String)> = params.iter().map(|p| (*p, value())).collect();
                let url = format!("{}{path}?{}", app.address, serde_urlencoded::to_string(&query).unwrap());
                let resp = a.client.get(&url).send().await.unwrap();
                assert!(resp.status().as_u16() < 500, "{url} answered {}", resp.status());
            }
        }
    }
}
