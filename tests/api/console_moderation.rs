//! Moderation, answers and the synthesis report.

use diesel::prelude::*;
use gopy::db::schema::{audit_log, comments, drafts};

use crate::helpers::*;
use crate::on_both_databases;

on_both_databases! {
    /// Confirmed comments wait in the queue; a moderator filters, approves, rejects with a
    /// reason (a public placeholder remains) and hides personal data (the original is
    /// kept for the audit); each commenter is told by mail.
    async fn moderators_decide(app) {
        app.confirmed_comment("hoc-phi", Some("dieu-3"), &with(good_comment(), "noi_dung", "Đề nghị giảm học phí cho xã đảo Thạnh An.")).await;
        app.confirmed_comment("hoc-phi", Some("dieu-3"), &with(good_comment(), "noi_dung", "Mua ngay sản phẩm tại www.quang-cao.example.com giá rẻ.")).await;
        app.confirmed_comment("hoc-phi", None, &with(good_comment(), "noi_dung", "Tôi ở số 12 Lê Lợi, gọi 0901234567 để trao đổi thêm về học phí.")).await;
        let html = app.page("/du-thao/hoc-phi").await;
        assert!(!html.contains("Thạnh An"), "pre-moderation: nothing is public yet");

        let moderator = app.staff("moderator", Some("so-giao-duc-va-dao-tao")).await;
        let m = app.sign_in(&moderator).await;
        let queue = m.page("/quan-tri/kiem-duyet").await;
        assert!(queue.contains("3 ý kiến"));
        assert!(queue.contains("có liên kết"), "the link is flagged");
        let flagged = m.page("/quan-tri/kiem-duyet?lien-ket=1").await;
        assert!(flagged.contains("1 ý kiến") && flagged.contains("quang-cao"));
        let by_section = m.page("/quan-tri/kiem-duyet?muc=dieu-3").await;
        assert!(by_section.contains("2 ý kiến"));
        assert_eq!(m.get("/quan-tri/kiem-duyet?trang-thai=khong-co").await.status(), 400);

        let good = app.comment_id("Đề nghị giảm học phí cho xã đảo Thạnh An.").await;
        let spam = app.comment_id("Mua ngay sản phẩm tại www.quang-cao.example.com giá rẻ.").await;
        let personal = app.comment_id("Tôi ở số 12 Lê Lợi, gọi 0901234567 để trao đổi thêm về học phí.").await;
        let before = app.mail.lock().unwrap().len();

        let r = m.post_raw("/quan-tri/kiem-duyet", "/quan-tri/kiem-duyet", format!("chon={good}&chon={personal}&hanh_dong=duyet")).await;
        assert_eq!(r.status(), 303);
        let r = m.post_raw("/quan-tri/kiem-duyet", "/quan-tri/kiem-duyet", format!("chon={spam}&hanh_dong=tu_choi&ly_do=spam&ghi_chu=Qu%E1%BA%A3ng+c%C3%A1o")).await;
        assert_eq!(r.status(), 303);
        let r = m.post_raw("/quan-tri/kiem-duyet", "/quan-tri/kiem-duyet", format!("chon={personal}&hanh_dong=an&an=0901234567")).await;
        assert_eq!(r.status(), 303);
        let r = m.post_raw("/quan-tri/kiem-duyet", "/quan-tri/kiem-duyet", format!("chon={personal}&hanh_dong=an&an=s%E1%BB%91+12+L%C3%AA+L%E1%BB%A3i")).await;
        assert_eq!(r.status(), 303);
        let missing = m.post_raw("/quan-tri/kiem-duyet", "/quan-tri/kiem-duyet", format!("chon={personal}&hanh_dong=an&an=kh%C3%B4ng+c%C3%B3")).await;
        let location = missing.headers()["location"].to_str().unwrap().to_string();
        assert!(location.ends_with("ket-qua=0-1"), "a span not in the text changes nothing: {location}");

        let html = app.page("/du-thao/hoc-phi").await;
        assert!(html.contains("Đề nghị giảm học phí cho xã đảo Thạnh An."));
        assert!(!html.contains("0901234567") && !html.contains("12 Lê Lợi"));
        assert!(html.contains("[đã ẩn thông tin cá nhân]"));
        assert!(html.contains("Một phần thông tin cá nhân đã được ẩn."));
        let list = app.page("/du-thao/hoc-phi/y-kien").await;
        assert!(list.contains("Ý kiến không được công khai (thư rác, quảng cáo)"), "the placeholder says why");
        assert!(!list.contains("quang-cao"));

        // The original stays with the comment, for its author; the audit log records
        // that something was hidden, never what.
        let original = app.with_db(move |c| comments::table.find(personal).select(comments::body).first::<String>(c).unwrap()).await;
        assert!(original.contains("0901234567"));
        let audit = app.with_db(|c| audit_log::table.filter(audit_log::action.eq("comment.redact")).select((audit_log::before_json, audit_log::after_json)).load::<(String, String)>(c).unwrap()).await;
        assert_eq!(audit.len(), 2);
        for (before, after) in &audit {
            assert!(!before.contains("0901234567") && !after.contains("0901234567"), "{before} {after}");
            assert!(after.contains("hidden_characters"));
        }

        let mails = app.mails(before + 3).await;
        let decisions: Vec<_> = mails[before..].iter().map(|m| m.mail.subject.clone()).collect();
        assert_eq!(decisions.iter().filter(|s| s.contains("đã được công khai")).count(), 2);
        assert_eq!(decisions.iter().filter(|s| s.contains("không được công khai")).count(), 1);
        let rejected = mails[before..].iter().find(|m| m.mail.subject.contains("không được công khai")).unwrap();
        assert!(rejected.mail.text.contains("thư rác, quảng cáo") && rejected.mail.text.contains("Quảng cáo"));

        assert!(m.page("/quan-tri/kiem-duyet").await.contains("0 ý kiến"), "the queue is empty");
    }
}

on_both_databases! {
    /// A draft may publish first and moderate after: a confirmed comment is public at once
    /// and waits in the queue as not yet reviewed.
    async fn publish_first_moderate_after(app) {
        let id = app.draft_id("chat-thai-ran").await;
        app.with_db(move |c| diesel::update(drafts::table.find(id)).set(drafts::moderation.eq("post")).execute(c).unwrap()).await;
        app.confirmed_comment("chat-thai-ran", Some("dieu-4"), &with(good_comment(), "noi_dung", "Ý kiến công khai ngay rồi mới kiểm duyệt.")).await;
        assert!(app.page("/du-thao/chat-thai-ran").await.contains("Ý kiến công khai ngay rồi mới kiểm duyệt."));
        let moderator = app.staff("moderator", Some("so-nong-nghiep-va-moi-truong")).await;
        let m = app.sign_in(&moderator).await;
        let queue = m.page("/quan-tri/kiem-duyet").await;
        assert!(queue.contains("đã công khai, chưa kiểm duyệt"));
    }
}

on_both_databases! {
    /// The agency answers one comment, then a group of like comments at once; the counts
    /// follow, and the public sees each answer under its comment.
    async fn editors_answer_comments(app, |b| b.setting("GOPY_PUBLISH_ON_CONFIRM", "true").setting("GOPY_RATE_SUBMIT_EMAIL", "100/h")) {
        app.confirmed_comment("hoc-phi", Some("dieu-3"), &with(good_comment(), "noi_dung", "Mức thu ở xã nên thấp hơn phường.")).await;
        for i in 0..3 {
            let text = format!("Phản đối tăng học phí, ý kiến số {i} của phụ huynh.");
            app.confirmed_comment("hoc-phi", Some("dieu-4"), &with(good_comment(), "noi_dung", &text)).await;
        }
        let editor = app.staff("editor", Some("so-giao-duc-va-dao-tao")).await;
        let e = app.sign_in(&editor).await;
        let id = app.draft_id("hoc-phi").await;
        let page = format!("/quan-tri/du-thao/{id}/tra-loi");
        let html = e.page(&page).await;
        assert!(html.contains("0 ý kiến đã trả lời, 5 ý kiến chờ trả lời."), "four and the demo's one");

        let one = app.comment_id("Mức thu ở xã nên thấp hơn phường.").await;
        let r = e.post_raw(&page, &page, format!("chon={one}&hinh_thuc=accepted&ly_do=Ti%E1%BA%BFp+thu%2C+%C4%91%C3%A3+gi%E1%BA%A3m+m%E1%BB%A9c+thu+%E1%BB%9F+x%C3%A3.")).await;
        assert_eq!(r.status(), 303);
        let mut group = Vec::new();
        for i in 0..3 {
            group.push(format!("chon={}", app.comment_id(&format!("Phản đối tăng học phí, ý kiến số {i} của phụ huynh.")).await));
        }
        let r = e.post_raw(&page, &page, format!("{}&hinh_thuc=not_accepted&ly_do=M%E1%BB%A9c+thu+gi%E1%BB%AF+nguy%C3%AAn+so+v%E1%BB%9Bi+n%C4%83m+tr%C6%B0%E1%BB%9Bc.", group.join("&"))).await;
        assert_eq!(r.status(), 303);
        let html = e.page(&page).await;
        assert!(html.contains("4 ý kiến đã trả lời, 1 ý kiến chờ trả lời."));
        let responses = app.with_db(move |c| gopy::db::schema::responses::table.filter(gopy::db::schema::responses::draft_id.eq(id)).count().get_result::<i64>(c).unwrap()).await;
        assert_eq!(responses, 2, "the group shares one answer");

        let public = app.page("/du-thao/hoc-phi/y-kien?muc=dieu-4").await;
        assert_eq!(count(&public, "Không tiếp thu, giải trình"), 3);
        assert!(public.contains("Mức thu giữ nguyên so với năm trước."));
        let draft = app.page("/du-thao/hoc-phi").await;
        assert!(draft.contains("Trả lời của cơ quan chủ trì soạn thảo: Tiếp thu"));

        // An answer can be corrected.
        let rid = app.with_db(move |c| comments::table.find(one).select(comments::response_id).first::<Option<i64>>(c).unwrap().unwrap()).await;
        let r = e.post_form(&page, &format!("/quan-tri/tra-loi/{rid}"), &[("hinh_thuc", "partly_accepted".into()), ("ly_do", "Tiếp thu một phần.".into())]).await;
        assert_eq!(r.status(), 303);
        assert!(app.page("/du-thao/hoc-phi").await.contains("Tiếp thu một phần"));
    }
}

on_both_databases! {
    /// The report cannot be published while a comment waits for its answer; once all are
    /// answered it is generated in document order with totals, published on the draft's
    /// page, downloads as CSV and .docx, and each commenter is told.
    async fn the_synthesis_report(app, |b| b.setting("GOPY_PUBLISH_ON_CONFIRM", "true").setting("GOPY_RATE_SUBMIT_EMAIL", "100/h")) {
        let named = with(with(good_comment(), "ho_ten", "Vũ Thị Mai"), "cong_khai_ten", "1");
        app.confirmed_comment("hoc-phi", Some("dieu-4"), &with(named, "noi_dung", "Điều 4 cần quy định rõ thời hạn nộp.")).await;
        app.confirmed_comment("hoc-phi", Some("dieu-2"), &with(good_comment(), "noi_dung", "Điều 2 nên bổ sung học viên giáo dục thường xuyên.")).await;
        app.confirmed_comment("hoc-phi", None, &with(good_comment(), "noi_dung", "Dự thảo cần đánh giá tác động kỹ hơn.")).await;
        let editor = app.staff("editor", Some("so-giao-duc-va-dao-tao")).await;
        let e = app.sign_in(&editor).await;
        let id = app.draft_id("hoc-phi").await;
        let report_page = format!("/quan-tri/du-thao/{id}/bao-cao");
        let answers = format!("/quan-tri/du-thao/{id}/tra-loi");

        let a = app.comment_id("Điều 4 cần quy định rõ thời hạn nộp.").await;
        e.post_raw(&answers, &answers, format!("chon={a}&hinh_thuc=accepted&ly_do=%C4%90%C3%A3+b%E1%BB%95+sung+th%E1%BB%9Di+h%E1%BA%A1n.")).await;
        let preview = e.page(&report_page).await;
        assert!(preview.contains("Còn 3 ý kiến chưa được trả lời"), "two and the demo's one");
        // While the period is open the report cannot be published (issue 15); it ends.
        let r = e.post_form(&report_page, &report_page, &[]).await;
        assert_eq!(r.status(), 409);
        assert!(r.text().await.unwrap().contains("thời gian lấy ý kiến chưa kết thúc"));
        app.with_db(|c| {
            use gopy::db::schema::drafts;
            diesel::update(drafts::table.filter(drafts::slug.eq("hoc-phi")))
                .set(drafts::closes_at.eq(Some(now() - chrono::Duration::minutes(1))))
                .execute(c)
                .unwrap();
        })
        .await;
        let refused = e.post_form(&report_page, &report_page, &[]).await;
        assert_eq!(refused.status(), 409);
        assert_eq!(app.get("/du-thao/hoc-phi/bao-cao").await.status(), 404);

        let b = app.comment_id("Điều 2 nên bổ sung học viên giáo dục thường xuyên.").await;
        let c = app.comment_id("Dự thảo cần đánh giá tác động kỹ hơn.").await;
        let demo = app.comment_id("Mức thu ở đặc khu Côn Đảo nên được miễn hoàn toàn vì chi phí sinh hoạt trên đảo cao.").await;
        e.post_raw(&answers, &answers, format!("chon={demo}&hinh_thuc=noted&ly_do=Ghi+nh%E1%BA%ADn.")).await;
        e.post_raw(&answers, &answers, format!("chon={b}&hinh_thuc=not_accepted&ly_do=%C4%90%C3%A3+c%C3%B3+t%E1%BA%A1i+%C4%90i%E1%BB%81u+1.")).await;
        e.post_raw(&answers, &answers, format!("chon={c}&hinh_thuc=noted&ly_do=Ghi+nh%E1%BA%ADn.")).await;
        let preview = e.page(&report_page).await;
        assert!(preview.contains("Bản xem trước"));
        let before = app.mail.lock().unwrap().len();
        let published = e.post_form(&report_page, &report_page, &[]).await;
        assert_eq!(published.status(), 303);

        let public = app.page("/du-thao/hoc-phi/bao-cao").await;
        assert!(public.contains("BẢN TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý"));
        assert!(public.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
        // Document order: the whole draft first, then Điều 2, then Điều 4.
        let whole = public.find("Dự thảo cần đánh giá tác động kỹ hơn.").unwrap();
        let art2 = public.find("Điều 2 nên bổ sung").unwrap();
        let art4 = public.find("Điều 4 cần quy định").unwrap();
        assert!(whole < art2 && art2 < art4);
        assert!(public.contains("Vũ Thị Mai"), "the name, consented to");
        assert!(public.contains("Cá nhân, Phường Sài Gòn"), "kind and commune otherwise");
        assert!(!public.contains("@example.vn"));
        assert!(public.contains("Tổng số 4 ý kiến đã trả lời. Tiếp thu: 1; Tiếp thu một phần: 0; Không tiếp thu, giải trình: 1; Ghi nhận: 2."));
        assert!(app.page("/du-thao/hoc-phi").await.contains("href=\"/du-thao/hoc-phi/bao-cao\""));

        let csv = app.get("/du-thao/hoc-phi/bao-cao.csv").await;
        assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
        let bytes = csv.bytes().await.unwrap();
        assert!(bytes.starts_with("\u{feff}".as_bytes()), "a byte-order mark for Excel");
        let text = String::from_utf8(bytes.to_vec()).unwrap();
        // The Decree 30 heading, a blank line, then the table: a header and four rows.
        let (heading, table) = text.split_once("\r\n\r\n").expect("a blank line after the heading");
        assert!(heading.contains("Số:      /BC-SGDĐT"));
        assert_eq!(table.lines().count(), 5, "a header and four rows");
        assert!(text.contains("\"Vũ Thị Mai, Phường Sài Gòn\""));

        let docx = app.get("/du-thao/hoc-phi/bao-cao.docx").await;
        assert_eq!(docx.headers()["content-type"], "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        let words = gopy::upload::docx_text(&docx.bytes().await.unwrap()).unwrap();
        assert!(words.contains("BẢN TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý"));
        assert!(words.contains("Điều 4 cần quy định rõ thời hạn nộp."));

        let mails = app.mails(before + 3).await;
        let told: Vec<_> = mails[before..].iter().filter(|m| m.mail.subject.starts_with("Trả lời ý kiến")).collect();
        assert_eq!(told.len(), 3);
        assert!(told.iter().any(|m| m.mail.text.contains("Tiếp thu.") && m.mail.text.contains("/du-thao/hoc-phi/bao-cao")));
    }
}

on_both_databases! {
    /// A mistake on a console form keeps staff on the console page, with the problem at
    /// its field and what they typed still there; any other error in the console is
    /// shown in the console too. The moderator sees the name that will be published.
    async fn console_mistakes_stay_on_the_console_page(app, |b| b.setting("GOPY_RATE_SUBMIT_EMAIL", "100/h").setting("GOPY_PUBLISH_ON_CONFIRM", "true")) {
        let named = with(with(good_comment(), "ho_ten", "Lê Thị Hồng"), "cong_khai_ten", "1");
        app.confirmed_comment("hoc-phi", Some("dieu-3"), &with(named, "noi_dung", "Ý kiến có công khai họ tên người gửi.")).await;
        app.confirmed_comment("hoc-phi", None, &with(good_comment(), "noi_dung", "Ý kiến không công khai họ tên.")).await;
        let named = app.comment_id("Ý kiến có công khai họ tên người gửi.").await;
        let moderator = app.staff("moderator", Some("so-giao-duc-va-dao-tao")).await;
        let m = app.sign_in(&moderator).await;
        let queue = m.page("/quan-tri/kiem-duyet").await;
        assert!(queue.contains("Họ tên được công khai cùng ý kiến: <strong>Lê Thị Hồng</strong>"), "{queue}");
        assert!(queue.contains("Người gửi không đồng ý công khai họ tên"));

        // Nothing ticked, with a note typed: the queue again, the note kept.
        let r = m.post_raw("/quan-tri/kiem-duyet", "/quan-tri/kiem-duyet",
            "quay_lai=%2Fquan-tri%2Fkiem-duyet%3Ftrang-thai%3Dcho&hanh_dong=tu_choi&ly_do=spam&ghi_chu=Qu%E1%BA%A3ng+c%C3%A1o".into()).await;
        assert_eq!(r.status(), 400);
        let html = r.text().await.unwrap();
        assert!(html.contains("<title>Lỗi: "), "the title says so: {}", &html[..600]);
        assert!(html.contains("class=\"error-summary\"") && html.contains("href=\"#hang-loat-chon\">Chưa chọn ý kiến nào.</a>"));
        assert!(html.contains("value=\"Quảng cáo\""), "the note is kept");
        assert!(html.contains("<option value=\"spam\" selected>"), "the reason is kept");
        assert!(html.contains("href=\"/quan-tri\""), "the console's own header");
        assert!(!html.contains("Không tìm thấy") && !html.contains("href=\"/du-thao\">"), "no public error page");

        // A comment's own form: an empty span to hide, beside that comment.
        let r = m.post_raw("/quan-tri/kiem-duyet", "/quan-tri/kiem-duyet", format!("quay_lai=%2Fquan-tri%2Fkiem-duyet&chon={named}&mot={named}&hanh_dong=an&an=x")).await;
        assert_eq!(r.status(), 400);
        let html = r.text().await.unwrap();
        assert!(html.contains(&format!("href=\"#f-an-{named}\"")));
        assert!(html.contains(&format!("id=\"e-f-an-{named}\"")));
        assert!(html.contains("<details open>"), "that comment's form is open");

        // Answers: no reason, two comments ticked.
        let editor = app.staff("editor", Some("so-giao-duc-va-dao-tao")).await;
        let e = app.sign_in(&editor).await;
        let draft = app.draft_id("hoc-phi").await;
        let page = format!("/quan-tri/du-thao/{draft}/tra-loi");
        let r = e.post_raw(&page, &page, format!("quay_lai=loc%3Dchua-tra-loi&chon={named}&hinh_thuc=partly_accepted&ly_do=")).await;
        assert_eq!(r.status(), 400);
        let html = r.text().await.unwrap();
        assert!(html.contains("href=\"#f-ly-do\">Nêu nội dung tiếp thu, giải trình"));
        assert!(html.contains(&format!("value=\"{named}\" id=\"chon-{named}\" checked")), "the ticks are kept");
        assert!(html.contains("<option value=\"partly_accepted\" selected>"));
        // Answered, then corrected with an empty reason: that answer's form, open, with
        // the problem beside it.
        let r = e.post_raw(&page, &page, format!("chon={named}&hinh_thuc=accepted&ly_do=Ti%E1%BA%BFp+thu.")).await;
        assert_eq!(r.status(), 303);
        let rid = app.with_db(move |c| comments::table.find(named).select(comments::response_id).first::<Option<i64>>(c).unwrap().unwrap()).await;
        let r = e.post_raw(&page, &format!("/quan-tri/tra-loi/{rid}"), format!("mot={named}&quay_lai=loc%3Dda-tra-loi&hinh_thuc=not_accepted&ly_do=")).await;
        assert_eq!(r.status(), 400);
        let html = r.text().await.unwrap();
        assert!(html.contains(&format!("href=\"#f-ld-{named}\"")));
        assert!(html.contains("<details class=\"answer\" open>"));
        assert!(html.contains("<option value=\"not_accepted\" selected>"), "the new choice is kept");

        // Any other error in the console, in the console.
        let r = e.get("/quan-tri/du-thao/999999").await;
        assert_eq!(r.status(), 404);
        let html = r.text().await.unwrap();
        assert!(html.contains("Về trang đầu của khu quản trị"), "{html}");
    }
}

on_both_databases! {
    /// Dates in the console are read and shown as dd/mm/yyyy, and bounded.
    async fn console_dates_are_dd_mm_yyyy(app) {
        let editor = app.staff("editor", Some("so-xay-dung")).await;
        let e = app.sign_in(&editor).await;
        let id = app.draft_id("via-he").await;
        let html = e.page(&format!("/quan-tri/du-thao/{id}")).await;
        let day = regex::Regex::new(r"\d{2}/\d{2}/\d{4}").unwrap();
        assert!(day.is_match(&html));
        assert!(!regex::Regex::new(r#"value="\d{4}-\d{2}-\d{2}""#).unwrap().is_match(&html), "no ISO date shown");
        let form = e.page("/quan-tri/du-thao/moi").await;
        assert!(form.contains("Ngày/tháng/năm, ví dụ 01/02/2027"));
        assert!(!form.contains("type=\"date\""));
    }
}
