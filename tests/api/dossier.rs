//! Issue 15, point 5: a draft is posted with the files its type requires at its stage;
//! a file of a posted draft is withdrawn with a public reason and stays listed.

use crate::helpers::*;
use crate::on_both_databases;

fn day(n: i64) -> String {
    (gopy::domain::time::local_date(now()) + chrono::Duration::days(n))
        .format("%Y-%m-%d")
        .to_string()
}

on_both_databases! {
    async fn a_draft_is_posted_with_its_dossier_and_files_are_withdrawn_in_public(app) {
        let editor = app.staff("editor", Some("so-xay-dung")).await;
        let e = app.sign_in(&editor).await;
        let (type_id, agency) = app
            .with_db(|c| {
                let t = gopy::db::queries::reference::document_type_by_code(c, "nghi-quyet-hdnd").unwrap().unwrap();
                let a = gopy::db::queries::reference::agency_by_slug(c, "so-xay-dung").unwrap().unwrap();
                (t.id.to_string(), a.id.to_string())
            })
            .await;
        let new = "/quan-tri/du-thao/moi";
        let r = e
            .post_form(new, new, &[
                ("tieu_de", "Nghị quyết quy định về bãi đỗ xe ngầm".to_string()),
                ("duong_dan", "bai-do-xe-ngam".to_string()),
                ("loai", type_id),
                ("co_quan", agency),
                ("giai_doan", "draft".into()),
                ("kiem_duyet", "pre".into()),
                ("mo_tu", day(0)),
                ("dong_den", day(30)),
            ])
            .await;
        assert_eq!(r.status(), 303);
        let id = app.draft_id("bai-do-xe-ngam").await;
        let page = format!("/quan-tri/du-thao/{id}");
        let publish = format!("{page}/cong-bo");
        let saved = e.post_form(&format!("{page}/van-ban"), &format!("{page}/van-ban/luu"), &[("van_ban", long_draft_text(2)), ("ghi_chu", String::new())]).await;
        assert_eq!(saved.status(), 303);

        // A resolution with a policy proposal needs its submission and its impact
        // assessment: each missing file is named, its rule not cited while unconfirmed.
        let r = e.post_form(&page, &publish, &[]).await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("Hồ sơ còn thiếu tệp bắt buộc: Tờ trình. Tải tệp lên trước khi đăng tải."));
        assert_eq!(e.attach_pdf(id, "submission", "Tờ trình dự thảo Nghị quyết").await.status(), 303);
        let r = e.post_form(&page, &publish, &[]).await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("Hồ sơ còn thiếu tệp bắt buộc: Báo cáo đánh giá tác động."));
        assert_eq!(e.attach_pdf(id, "impact_assessment", "Báo cáo đánh giá tác động của chính sách").await.status(), 303);
        assert_eq!(e.post_form(&page, &publish, &[]).await.status(), 303);

        // Posted: a file cannot be deleted, only withdrawn with a public reason.
        let file: i64 = {
            let html = e.page(&page).await;
            let re = regex::Regex::new(r#"/tep/(\d+)/rut""#).unwrap();
            re.captures(&html).expect("a withdraw form per file")[1].parse().unwrap()
        };
        let r = e.post_form(&page, &format!("{page}/tep/{file}/xoa"), &[]).await;
        assert_eq!(r.status(), 409);
        assert!(r.text().await.unwrap().contains("không xóa được tệp trong hồ sơ"));
        let r = e.post_form(&page, &format!("{page}/tep/{file}/rut"), &[("ly_do", "".into())]).await;
        assert_eq!(r.status(), 422);
        let reason = "Tệp đính kèm nhầm bản chưa ký; đã thay bằng bản đúng.";
        let r = e.post_form(&page, &format!("{page}/tep/{file}/rut"), &[("ly_do", reason.into())]).await;
        assert_eq!(r.status(), 303);
        // Withdrawn once only.
        let r = e.post_form(&page, &format!("{page}/tep/{file}/rut"), &[("ly_do", reason.into())]).await;
        assert_eq!(r.status(), 404);

        let public = app.page("/du-thao/bai-do-xe-ngam").await;
        assert!(public.contains("Tờ trình: Tờ trình dự thảo Nghị quyết"), "still listed");
        assert!(public.contains(&format!("Lý do: {reason}")), "{public}");

        // Where else it is posted: listed on its page; a bad address is refused.
        let links = format!("{page}/lien-ket");
        let r = e.post_form(&page, &links, &[("noi", "national_law_portal".into()), ("dia_chi", "javascript:alert(1)".into())]).await;
        assert_eq!(r.status(), 422);
        let url = "https://phapluat.example.gov.vn/du-thao/bai-do-xe-ngam";
        let r = e.post_form(&page, &links, &[("noi", "national_law_portal".into()), ("dia_chi", url.into())]).await;
        assert_eq!(r.status(), 303);
        let public = app.page("/du-thao/bai-do-xe-ngam").await;
        assert!(public.contains("Dự thảo cũng được đăng tải tại"));
        assert!(public.contains(&format!("Cổng Pháp luật quốc gia: <a href=\"{url}\"")), "{public}");
        let link: i64 = {
            let html = e.page(&page).await;
            let re = regex::Regex::new(r#"/lien-ket/(\d+)/xoa""#).unwrap();
            re.captures(&html).expect("a remove form per link")[1].parse().unwrap()
        };
        assert_eq!(e.post_form(&page, &format!("{page}/lien-ket/{link}/xoa"), &[]).await.status(), 303);
        assert!(!app.page("/du-thao/bai-do-xe-ngam").await.contains(url));
        // The demo's draft lists its places.
        assert!(app.page("/du-thao/chat-thai-ran").await.contains("Cổng thông tin điện tử của tỉnh, thành phố"));
    }
}
