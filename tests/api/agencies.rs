//! Issue 15, point 2: an administrator adds and corrects agencies in the console,
//! among them a commune's own agencies; the demo has one (the People's Committee of
//! phường Sài Gòn).

use diesel::prelude::*;
use gopy::db::schema::{agencies, audit_log};

use crate::helpers::*;
use crate::on_both_databases;

on_both_databases! {
    async fn an_administrator_adds_and_corrects_agencies_of_the_city_and_its_communes(app) {
        let admin = app.sign_in(&app.staff("admin", None).await).await;
        let list = admin.page("/quan-tri/co-quan").await;
        assert!(list.contains("Ủy ban nhân dân phường Sài Gòn"));
        assert!(list.contains("<td>Phường Sài Gòn</td>"), "the demo's commune agency");

        let good = vec![
            ("ten", "Ủy ban nhân dân đặc khu Côn Đảo".to_string()),
            ("ma", "ubnd-dac-khu-con-dao".into()),
            ("viet_tat", "UBND".into()),
            ("chuc_danh_ky", "Chủ tịch".into()),
            ("xa", "dac-khu-con-dao".into()),
            ("trang_web", "https://condao.example.gov.vn".into()),
            ("mo_ta", "Cơ quan hành chính nhà nước ở đặc khu.\nBan hành quyết định của đặc khu.".into()),
        ];
        let count = || app.with_db(|c| agencies::table.count().get_result::<i64>(c).unwrap());
        let before = count().await;
        for (field, value, message) in [
            ("ma", "Côn Đảo", "Mã gồm 3 đến 80 chữ thường không dấu"),
            ("ma", "so-xay-dung", "Mã này đã được cơ quan khác dùng."),
            ("ten", "x", "Ghi tên cơ quan"),
            ("trang_web", "condao.vn", "Ghi địa chỉ trang bắt đầu bằng https://"),
            ("xa", "xa-khong-co", "Chọn một xã, phường, đặc khu trong danh sách."),
        ] {
            let resp = admin.post_form("/quan-tri/co-quan", "/quan-tri/co-quan", &with(good.clone(), field, value)).await;
            assert_eq!(resp.status(), 400, "{field}={value}");
            let html = resp.text().await.unwrap();
            assert!(html.contains(message), "{field}={value}: {message}");
            assert!(html.contains("Ủy ban nhân dân đặc khu Côn Đảo") || field == "ten", "what was typed is kept");
        }
        assert_eq!(count().await, before, "nothing refused is made");
        assert_eq!(admin.post_form("/quan-tri/co-quan", "/quan-tri/co-quan", &good).await.status(), 303);
        assert_eq!(count().await, before + 1);
        let public = app.page("/co-quan/ubnd-dac-khu-con-dao").await;
        assert!(public.contains("Ủy ban nhân dân đặc khu Côn Đảo"));

        let id = app.with_db(|c| agencies::table.filter(agencies::slug.eq("ubnd-dac-khu-con-dao")).select(agencies::id).first::<i64>(c).unwrap()).await;
        let edit = format!("/quan-tri/co-quan/{id}");
        let form = admin.page(&edit).await;
        assert!(form.contains("value=\"dac-khu-con-dao\" selected"), "its commune chosen");
        let changed = with(good.clone(), "chuc_danh_ky", "Chủ tịch Ủy ban nhân dân");
        assert_eq!(admin.post_form(&edit, &edit, &changed).await.status(), 303);
        let signer = app.with_db(move |c| agencies::table.find(id).select(agencies::signer_title).first::<String>(c).unwrap()).await;
        assert_eq!(signer, "Chủ tịch Ủy ban nhân dân");
        let audited = app.with_db(|c| audit_log::table.filter(audit_log::action.like("agency.%")).count().get_result::<i64>(c).unwrap()).await;
        assert_eq!(audited, 2);
        assert_eq!(admin.get("/quan-tri/co-quan/999999").await.status(), 404);
    }
}
