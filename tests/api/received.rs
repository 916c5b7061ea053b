//! Issue 15, point 6: opinions received outside the portal (a reply to a consultation
//! letter, a conference, the Fatherland Front) are recorded by staff, answered as
//! comments are, hold the report back until answered, and are listed in it by source;
//! a consultation letter records its recipients and their reply deadline from the legal
//! rule, and shows who has replied.

use diesel::prelude::*;
use gopy::db::schema::{consultation_recipients, legal_rules, received_opinions};

use crate::helpers::*;
use crate::on_both_databases;

fn dmy(d: chrono::NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

on_both_databases! {
    async fn opinions_received_outside_the_portal_are_answered_and_reported(app) {
        let editor = app.sign_in(&app.staff("editor", Some("so-xay-dung")).await).await;
        let id = app.draft_id("via-he").await;
        let page = format!("/quan-tri/du-thao/{id}/y-kien-khac");

        // The demo: a letter to three bodies, two replies and one overdue, and the
        // Front's opinion; all answered, and the published report lists them by source.
        let html = editor.page(&page).await;
        assert!(html.contains("1520/SXD-PC"));
        assert!(html.contains("Công an Thành phố Hồ Chí Minh: <strong>Quá hạn, chưa trả lời</strong>"), "{html}");
        assert!(html.contains("Sở Tư pháp Thành phố Hồ Chí Minh: Đã trả lời"));
        let report = app.page("/du-thao/via-he/bao-cao").await;
        for part in [
            "I. Ý kiến góp ý qua Cổng",
            "II. Ý kiến bằng văn bản của cơ quan, tổ chức được xin ý kiến",
            "III. Ý kiến của Mặt trận Tổ quốc Việt Nam và các tổ chức thành viên",
            "Sở Tư pháp Thành phố Hồ Chí Minh (văn bản số 2231/STP-XDKTVB ngày",
        ] {
            assert!(report.contains(part), "{part}");
        }

        // A letter: refused with what is wrong, then recorded with its deadline from
        // the rule as it stands.
        let letters = format!("{page}/xin-y-kien");
        let bad = editor.post_form(&page, &letters, &[("so", String::new()), ("ngay_gui", "31/02/2026".into()), ("noi_nhan", " \n".into())]).await;
        assert_eq!(bad.status(), 400);
        let text = bad.text().await.unwrap();
        for message in ["Ghi số văn bản xin ý kiến", "Ghi ngày gửi theo dạng ngày/tháng/năm", "Ghi ít nhất một cơ quan, tổ chức nhận văn bản."] {
            assert!(text.contains(message), "{message}: {text}");
        }
        let today = gopy::domain::time::local_date(now());
        let sent = today - chrono::Duration::days(2);
        let ok = editor.post_form(&page, &letters, &[("so", "77/SXD-PC".into()), ("ngay_gui", dmy(sent)), ("noi_nhan", "Sở Nội vụ Thành phố Hồ Chí Minh\nHội Luật gia Thành phố Hồ Chí Minh\n".into())]).await;
        assert_eq!(ok.status(), 303);
        let days = app.with_db(|c| legal_rules::table.filter(legal_rules::code.eq("consultation-reply-general")).select(legal_rules::days).first::<i32>(c).unwrap()).await;
        let html = editor.page(&page).await;
        assert!(html.contains(&dmy(sent + chrono::Duration::days(days.into()))), "due {days} days after the day it was sent");
        assert!(html.contains("Sở Nội vụ Thành phố Hồ Chí Minh: Chưa trả lời"));

        // The reply of one of them, on a clause.
        let recipient = app.with_db(|c| consultation_recipients::table.filter(consultation_recipients::body.eq("Sở Nội vụ Thành phố Hồ Chí Minh")).select(consultation_recipients::id).first::<i64>(c).unwrap()).await;
        let reply = [
            ("nguon", "consultation_reply".to_string()),
            ("co_quan", "Sở Nội vụ Thành phố Hồ Chí Minh".into()),
            ("tra_loi_cho", recipient.to_string()),
            ("so_van_ban", "15/SNV-VP".into()),
            ("ngay_van_ban", dmy(today)),
            ("ngay_nhan", dmy(today)),
            ("muc", "dieu-2".into()),
            ("tep", String::new()),
            ("noi_dung", "Đề nghị bổ sung Ủy ban nhân dân các đặc khu vào đối tượng áp dụng.".into()),
        ];
        assert_eq!(editor.post_form(&page, &page, &reply).await.status(), 303);
        assert!(editor.page(&page).await.contains("Sở Nội vụ Thành phố Hồ Chí Minh: Đã trả lời"));

        // Unanswered, it holds the report back, like an unanswered comment.
        let report_page = format!("/quan-tri/du-thao/{id}/bao-cao");
        let held = editor.post_form(&report_page, &report_page, &[]).await;
        assert_eq!(held.status(), 409);
        assert!(held.text().await.unwrap().contains("Còn 1 ý kiến chưa được trả lời"));

        // Answered, it is in the report under its source, in the page, CSV and .docx.
        let opinion = app.with_db(|c| received_opinions::table.filter(received_opinions::document_number.eq("15/SNV-VP")).select(received_opinions::id).first::<i64>(c).unwrap()).await;
        let answer = format!("{page}/{opinion}/tra-loi");
        let empty = editor.post_form(&page, &answer, &[("hinh_thuc", "accepted".into()), ("ly_do", " ".into())]).await;
        assert_eq!(empty.status(), 400);
        let answered = editor.post_form(&page, &answer, &[("hinh_thuc", "accepted".into()), ("ly_do", "Tiếp thu: bổ sung Ủy ban nhân dân đặc khu vào khoản 2 Điều 2.".into())]).await;
        assert_eq!(answered.status(), 303);
        assert_eq!(editor.post_form(&report_page, &report_page, &[]).await.status(), 303);
        let page_text = app.page("/du-thao/via-he/bao-cao").await;
        let csv = app.get("/du-thao/via-he/bao-cao.csv").await.text().await.unwrap();
        let docx = gopy::upload::docx_text(&app.get("/du-thao/via-he/bao-cao.docx").await.bytes().await.unwrap()).unwrap();
        for (name, text) in [("page", &page_text), ("csv", &csv), ("docx", &docx)] {
            for part in [
                "II. Ý kiến bằng văn bản của cơ quan, tổ chức được xin ý kiến",
                "Sở Nội vụ Thành phố Hồ Chí Minh (văn bản số 15/SNV-VP ngày",
                "Đề nghị bổ sung Ủy ban nhân dân các đặc khu vào đối tượng áp dụng.",
                "Tiếp thu: bổ sung Ủy ban nhân dân đặc khu vào khoản 2 Điều 2.",
            ] {
                assert!(text.contains(part), "{name}: {part}");
            }
        }
    }
}

on_both_databases! {
    async fn an_opinion_is_refused_with_its_reason_and_only_for_the_drafts_answerers(app) {
        let id = app.draft_id("via-he").await;
        let page = format!("/quan-tri/du-thao/{id}/y-kien-khac");
        let count = || app.with_db(|c| received_opinions::table.count().get_result::<i64>(c).unwrap());
        let before = count().await;
        let today = gopy::domain::time::local_date(now());
        let good = vec![
            ("nguon", "conference".to_string()),
            ("co_quan", "Hội nghị lấy ý kiến các hộ kinh doanh phường Bến Thành".into()),
            ("ngay_nhan", dmy(today)),
            ("noi_dung", "Đề nghị cho phép bày bán đến 23 giờ vào dịp lễ, Tết.".into()),
        ];

        let editor = app.sign_in(&app.staff("editor", Some("so-xay-dung")).await).await;
        for (field, value, message) in [
            ("muc", "dieu-999", "Dự thảo không có điều, khoản, điểm đã chọn."),
            ("tep", "khong-phai-so", "Tệp đã chọn không thuộc dự thảo này."),
            ("tep", "999999", "Tệp đã chọn không thuộc dự thảo này."),
            ("tra_loi_cho", "999999", "Văn bản xin ý kiến đã chọn không thuộc dự thảo này."),
            ("ngay_nhan", &dmy(today + chrono::Duration::days(1)), "Ngày nhận không thể sau hôm nay"),
            ("nguon", "thu", "Chọn nguồn của ý kiến."),
        ] {
            let resp = editor.post_form(&page, &page, &with(good.clone(), field, value)).await;
            assert_eq!(resp.status(), 400, "{field}={value}");
            let html = resp.text().await.unwrap();
            assert!(html.contains(message), "{field}={value}: {message}");
            assert!(html.contains("Hội nghị lấy ý kiến các hộ kinh doanh phường Bến Thành"), "what was typed is kept");
        }
        assert_eq!(count().await, before, "nothing refused is recorded");
        assert_eq!(editor.post_form(&page, &page, &good).await.status(), 303);
        assert_eq!(count().await, before + 1);

        // Another agency's editor and the agency's moderator neither see nor record.
        let other = app.sign_in(&app.staff("editor", Some("so-giao-duc-va-dao-tao")).await).await;
        let moderator = app.sign_in(&app.staff("moderator", Some("so-xay-dung")).await).await;
        for client in [&other, &moderator] {
            assert!([403, 404].contains(&client.get(&page).await.status().as_u16()));
            let resp = client.post_form("/quan-tri/mat-khau", &page, &good).await;
            assert!([403, 404].contains(&resp.status().as_u16()));
        }
        assert_eq!(count().await, before + 1);
    }
}

on_both_databases! {
    /// Issue 15, point 7: a published report never drifts. An answer changed after
    /// publication makes a new version, its row marked; the old version stays readable
    /// with the old answer; each version states its counts as published.
    async fn an_answer_changed_after_publication_makes_a_new_version(app) {
        use gopy::db::schema::synthesis_reports;
        let editor = app.sign_in(&app.staff("editor", Some("so-xay-dung")).await).await;
        let id = app.draft_id("via-he").await;
        let versions = || app.with_db(move |c| synthesis_reports::table.filter(synthesis_reports::draft_id.eq(id)).count().get_result::<i64>(c).unwrap());
        assert_eq!(versions().await, 1, "the demo's report, published once");
        let first = app.page("/du-thao/via-he/bao-cao").await;
        assert!(first.contains("Qua Cổng nhận"), "the counts as published");
        assert!(first.contains("Ngoài Cổng nhận 3 ý kiến."));
        assert!(!first.contains("Các lần công bố"));

        let page = format!("/quan-tri/du-thao/{id}/y-kien-khac");
        let opinion = app.with_db(|c| received_opinions::table.filter(received_opinions::document_number.eq("4107/STC-NSNN")).select(received_opinions::id).first::<i64>(c).unwrap()).await;
        let answer = format!("{page}/{opinion}/tra-loi");
        let old_reason = "Ghi nhận: mức thu phí tại khoản 1 Điều 10 dự thảo thực hiện theo Nghị quyết của Hội đồng nhân dân Thành phố quy định mức thu phí sử dụng tạm thời một phần lòng đường, vỉa hè, được dẫn chiếu tại phần căn cứ ban hành.";
        let new_reason = "Tiếp thu: chỉnh lý khoản 1 Điều 10, ghi rõ số, ngày của Nghị quyết của Hội đồng nhân dân Thành phố quy định mức thu phí.";
        // The same answer again changes nothing.
        assert_eq!(editor.post_form(&page, &answer, &[("hinh_thuc", "noted".into()), ("ly_do", old_reason.into())]).await.status(), 303);
        assert_eq!(versions().await, 1, "nothing changed, no new version");
        assert_eq!(editor.post_form(&page, &answer, &[("hinh_thuc", "accepted".into()), ("ly_do", new_reason.into())]).await.status(), 303);
        assert_eq!(versions().await, 2);

        let latest = app.page("/du-thao/via-he/bao-cao").await;
        assert!(latest.contains(new_reason) && !latest.contains(old_reason));
        assert!(latest.contains("(Nội dung tiếp thu, giải trình sửa đổi so với lần công bố trước)"));
        assert_eq!(latest.matches("sửa đổi so với lần công bố trước").count(), 1, "only the changed row is marked");
        assert!(latest.contains("Các lần công bố"));
        assert!(latest.contains("href=\"/du-thao/via-he/bao-cao?lan=1\""));
        let old = app.page("/du-thao/via-he/bao-cao?lan=1").await;
        assert!(old.contains(old_reason) && !old.contains(new_reason));
        assert!(old.contains("Đây là bản công bố lần 1, đã được thay thế."));
        let old_csv = app.get("/du-thao/via-he/bao-cao.csv?lan=1").await.text().await.unwrap();
        assert!(old_csv.contains(old_reason));
        let csv = app.get("/du-thao/via-he/bao-cao.csv").await.text().await.unwrap();
        assert!(csv.contains(new_reason) && csv.contains("sửa đổi so với lần công bố trước"));

        assert_eq!(app.get("/du-thao/via-he/bao-cao?lan=9").await.status(), 404);
        assert_eq!(app.get("/du-thao/via-he/bao-cao?lan=mot").await.status(), 400);
    }
}

on_both_databases! {
    /// Issue 15, point 1: how long a consulted body has to reply follows the draft's
    /// type. A provincial chairman's decision has a rule of its own (7 days, reported
    /// from Decree 78/2025 as amended, not yet read in it: unconfirmed, so its citation
    /// is not shown); a law's policy consultation has the confirmed 15 days of Art. 30.
    async fn a_letter_is_due_after_the_reply_period_of_the_drafts_type(app) {
        use gopy::db::schema::{document_types, drafts};
        let editor = app.sign_in(&app.staff("editor", Some("so-xay-dung")).await).await;
        let id = app.draft_id("via-he").await;
        let page = format!("/quan-tri/du-thao/{id}/y-kien-khac");
        let html = editor.page(&page).await;
        assert!(html.contains("15 ngày kể từ ngày tiếp theo ngày gửi (căn cứ chưa được xác nhận)"), "{html}");

        app.with_db(move |c| {
            let chairman: i64 = document_types::table.filter(document_types::code.eq("quyet-dinh-chu-tich-ubnd")).select(document_types::id).first(c).unwrap();
            diesel::update(drafts::table.find(id)).set(drafts::document_type_id.eq(chairman)).execute(c).unwrap()
        }).await;
        let html = editor.page(&page).await;
        assert!(html.contains("7 ngày kể từ ngày tiếp theo ngày gửi (căn cứ chưa được xác nhận)"), "{html}");
        let sent = gopy::domain::time::local_date(now()) - chrono::Duration::days(3);
        let ok = editor.post_form(&page, &format!("{page}/xin-y-kien"), &[("so", "78/SXD-PC".into()), ("ngay_gui", dmy(sent)), ("noi_nhan", "Sở Tài chính Thành phố Hồ Chí Minh\n".into())]).await;
        assert_eq!(ok.status(), 303);
        let html = editor.page(&page).await;
        let letter = &html[html.find("78/SXD-PC").expect("the letter is listed")..];
        assert!(letter.contains(&dmy(sent + chrono::Duration::days(7))), "due 7 days after it was sent: {letter}");

        app.with_db(move |c| {
            let law: i64 = document_types::table.filter(document_types::code.eq("luat")).select(document_types::id).first(c).unwrap();
            diesel::update(drafts::table.find(id)).set(drafts::document_type_id.eq(law)).execute(c).unwrap()
        }).await;
        let html = editor.page(&page).await;
        assert!(html.contains("15 ngày kể từ ngày tiếp theo ngày gửi (điểm a khoản 1 Điều 30 Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15)."), "{html}");
    }
}
