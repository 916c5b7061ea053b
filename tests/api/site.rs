//! Whose site this is: the operating authority in every page's footer and as the data
//! controller in the privacy notice, set by an administrator.

use crate::helpers::*;
use crate::on_both_databases;

on_both_databases! {
    /// The demo names an example operator; an administrator sets the real one, which
    /// every page shows at once (the cached draft page included) and another process
    /// within its recheck interval.
    async fn the_operator_is_named_on_every_page(app) {
        for page in ["/", "/du-thao/via-he", "/du-thao/via-he/y-kien", "/tim-kiem", "/quyen-rieng-tu"] {
            let html = app.page(page).await;
            assert!(html.contains("Cơ quan vận hành: Văn phòng Ủy ban nhân dân Thành phố Hồ Chí Minh (thông tin minh họa)"), "{page}");
            assert!(html.contains("href=\"tel:+842800000000\""), "{page}");
            assert!(html.contains("href=\"/quyen-rieng-tu\">Thông báo về xử lý dữ liệu cá nhân</a>"), "{page}");
        }
        let privacy = app.page("/quyen-rieng-tu").await;
        assert!(privacy.contains("Bên kiểm soát và xử lý dữ liệu"));
        assert!(privacy.contains("<address class=\"controller\"><strong>Văn phòng Ủy ban nhân dân Thành phố Hồ Chí Minh (thông tin minh họa)</strong>"));
        let elsewhere = app.start_again().await;

        let admin = app.staff("admin", None).await;
        let a = app.sign_in(&admin).await;
        let form = "/quan-tri/co-quan-van-hanh";
        assert!(a.page(form).await.contains("value=\"lienhe@example.gov.vn\""));
        // Mistakes come back at their fields.
        let r = a.post_form(form, form, &[("ten", "".into()), ("dia_chi", "Số 1".into()), ("dien_thoai", "gọi tôi".into()), ("thu_dien_tu", "khong".into()), ("trang_web", "javascript:alert(1)".into())]).await;
        assert_eq!(r.status(), 400);
        let html = r.text().await.unwrap();
        for field in ["ten", "dia_chi", "dien_thoai", "thu_dien_tu", "trang_web"] {
            assert!(html.contains(&format!("href=\"#f-{field}\"")), "{field}");
        }
        assert!(html.contains("value=\"gọi tôi\""), "what was typed stays");

        let r = a.post_form(form, form, &[
            ("ten", "Sở Khoa học và Công nghệ Thành phố Hồ Chí Minh".into()),
            ("dia_chi", "244 Điện Biên Phủ, phường Xuân Hòa, Thành phố Hồ Chí Minh".into()),
            ("dien_thoai", "(028) 3930 0000".into()),
            ("thu_dien_tu", "gopy@tphcm.example.vn".into()),
            ("trang_web", "https://skhcn.example.vn".into()),
        ]).await;
        assert_eq!(r.status(), 303);
        for page in ["/", "/du-thao/via-he", "/quyen-rieng-tu"] {
            let html = app.page(page).await;
            assert!(html.contains("Cơ quan vận hành: Sở Khoa học và Công nghệ Thành phố Hồ Chí Minh"), "at once on {page}");
            assert!(!html.contains("thông tin minh họa"), "{page}");
        }
        // Another process sees it within its recheck interval (one second here).
        let client = reqwest::Client::new();
        let mut seen = false;
        for _ in 0..60 {
            let html = client.get(format!("{elsewhere}/du-thao/via-he")).send().await.unwrap().text().await.unwrap();
            if html.contains("Sở Khoa học và Công nghệ Thành phố Hồ Chí Minh") {
                seen = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(seen, "the other process shows the new operator");
        let log = a.page("/quan-tri/nhat-ky").await;
        assert!(log.contains("site.operator"));

        // Only administrators.
        let editor = app.staff("editor", Some("so-xay-dung")).await;
        let e = app.sign_in(&editor).await;
        assert_eq!(e.get(form).await.status(), 403);
    }
}
