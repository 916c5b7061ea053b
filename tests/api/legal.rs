//! Issue 15, point 1: legal figures are data with their source. An administrator reads
//! each rule's article on a public page and confirms it with that page's address; until
//! then the figure is enforced but its citation is shown nowhere public.

use diesel::prelude::*;

use crate::helpers::*;
use crate::on_both_databases;

on_both_databases! {
    async fn an_administrator_confirms_a_rule_with_its_source_and_only_then_it_is_cited(app) {
        let (rule_id, chat_thai_ran_rule) = app
            .with_db(|c| {
                use gopy::db::schema::legal_rules;
                let id: i64 = legal_rules::table
                    .filter(legal_rules::code.eq("comment-period"))
                    .select(legal_rules::id)
                    .first(c)
                    .unwrap();
                let t = gopy::db::queries::reference::document_type_by_code(c, "nghi-quyet-hdnd").unwrap().unwrap();
                (id, t.min_rule_id.get())
            })
            .await;
        assert_eq!(rule_id, chat_thai_ran_rule, "the demo draft's type follows the general rule");
        let citation = "khoản 1 Điều 30 Luật số 64/2025/QH15";
        assert!(!app.page("/du-thao/chat-thai-ran").await.contains(citation));

        let admin = app.staff("admin", None).await;
        let a = app.sign_in(&admin).await;
        // The dashboard and the list say what is left to confirm.
        assert!(a.page("/quan-tri").await.contains("5 căn cứ pháp lý chưa được xác nhận"), "the Front's 15 days wait for their source too");
        let list = a.page("/quan-tri/can-cu-phap-ly").await;
        assert!(list.contains("Thời hạn cơ quan, tổ chức được gửi văn bản lấy ý kiến trả lời"));
        assert!(list.contains("căn cứ chưa được xác nhận"));

        let form = format!("/quan-tri/can-cu-phap-ly/{rule_id}");
        assert!(a.page(&form).await.contains("value=\"20\""));
        // Confirmed without the page it was read from: refused, at its field.
        let r = a.post_form(&form, &form, &[
            ("so_ngay", "20".into()), ("can_cu", citation.into()), ("nguon", "".into()), ("xac_nhan", "1".into()),
        ]).await;
        assert_eq!(r.status(), 400);
        let html = r.text().await.unwrap();
        assert!(html.contains("Chỉ xác nhận được khi có địa chỉ trang công khai"), "{html}");
        assert!(html.contains("href=\"#f-nguon\""));
        // Nonsense everywhere: each said, nothing stored.
        let r = a.post_form(&form, &form, &[
            ("so_ngay", "hai mươi".into()), ("can_cu", "".into()), ("nguon", "javascript:alert(1)".into()),
        ]).await;
        assert_eq!(r.status(), 400);
        let html = r.text().await.unwrap();
        for field in ["so_ngay", "can_cu", "nguon"] {
            assert!(html.contains(&format!("href=\"#f-{field}\"")), "{field}");
        }
        assert!(!app.page("/du-thao/chat-thai-ran").await.contains(citation));

        let r = a.post_form(&form, &form, &[
            ("so_ngay", "20".into()),
            ("can_cu", citation.into()),
            ("nguon", "https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=1".into()),
            ("xac_nhan", "1".into()),
        ]).await;
        assert_eq!(r.status(), 303);
        // Cited at once on the public page (its cache looks again), and audited.
        let page = app.page("/du-thao/chat-thai-ran").await;
        assert!(page.contains(&format!("Tối thiểu 20 ngày – {citation}")), "the confirmed rule is cited");
        assert!(a.page("/quan-tri").await.contains("4 căn cứ pháp lý chưa được xác nhận"));
        assert!(a.page("/quan-tri/nhat-ky").await.contains("legal_rule.update"));

        // Only administrators.
        let editor = app.staff("editor", Some("so-xay-dung")).await;
        let e = app.sign_in(&editor).await;
        assert_eq!(e.get("/quan-tri/can-cu-phap-ly").await.status(), 403);
        assert_eq!(e.get(&form).await.status(), 403);
        let r = e.post_form("/quan-tri", &form, &[("so_ngay", "1".into()), ("can_cu", "Điều 1 Luật".into())]).await;
        assert_eq!(r.status(), 403);
        let days: i32 = app
            .with_db(move |c| {
                use gopy::db::schema::legal_rules;
                legal_rules::table.find(rule_id).select(legal_rules::days).first(c).unwrap()
            })
            .await;
        assert_eq!(days, 20, "the editor changed nothing");
        // A rule that does not exist.
        assert_eq!(a.get("/quan-tri/can-cu-phap-ly/999999").await.status(), 404);
    }
}
