//! The citizen's feedback loop: the receipt sends its mail again, lost links can be had
//! again without telling anyone who commented, the answer shows on the private page and
//! comes by mail, and every mail leads to the comment's own page.

use diesel::prelude::*;
use gopy::db::schema::comments;

use crate::helpers::*;
use crate::on_both_databases;

on_both_databases! {
    /// "Didn't get the mail?": the receipt sends it again with a new link (the old one
    /// stops working), as often as the per-address limits allow, and not once the
    /// comment is confirmed.
    async fn the_receipt_sends_the_confirmation_again(app, |b| b.setting("GOPY_RATE_SUBMIT_EMAIL", "3/h")) {
        let resp = app.submit_comment("hoc-phi", Some("dieu-1"), &good_comment()).await;
        let receipt = resp.headers()["location"].to_str().unwrap().to_string();
        let page = app.page(&receipt).await;
        assert!(page.contains("Gửi lại thư xác nhận"));
        let first = confirm_link(&app.mails(1).await[0]);

        let resp = app.client.post(format!("{}{receipt}/gui-lai", app.address)).form(&[("csrf", csrf_in(&page))]).send().await.unwrap();
        assert_eq!(resp.status(), 303);
        let back = resp.headers()["location"].to_str().unwrap().to_string();
        assert_eq!(back, format!("{receipt}?ket-qua=da-gui-lai"));
        assert!(app.page(&back).await.contains("Đã gửi lại thư xác nhận"));
        let mails = app.mails(2).await;
        assert_eq!(mails[1].mail.to, "nguoi.dan@example.vn");
        let second = confirm_link(&mails[1]);
        assert_ne!(first, second);
        assert_eq!(status_link(&mails[1]), status_link(&mails[0]), "the private page keeps its link");
        assert_eq!(app.client.get(&first).send().await.unwrap().status(), 404, "the old link is replaced");

        // The address's limit (3 an hour, the submission included) holds.
        let resp = app.client.post(format!("{}{receipt}/gui-lai", app.address)).form(&[("csrf", csrf_in(&page))]).send().await.unwrap();
        assert_eq!(resp.status(), 303);
        let resp = app.client.post(format!("{}{receipt}/gui-lai", app.address)).form(&[("csrf", csrf_in(&page))]).send().await.unwrap();
        assert_eq!(resp.status(), 429);

        // Confirmed with the newest link: nothing more to send.
        let newest = confirm_link(&app.mails(3).await[2]);
        assert_eq!(app.confirm(&newest).await.status(), 200);
        let page = app.page(&receipt).await;
        assert!(!page.contains("Gửi lại thư xác nhận"));
        assert!(page.contains("Chờ kiểm duyệt") || page.contains("chờ kiểm duyệt"), "{page}");
        // A forged form is refused.
        let resp = app.client.post(format!("{}{receipt}/gui-lai", app.address)).form(&[("csrf", "x".repeat(64))]).send().await.unwrap();
        assert_eq!(resp.status(), 403);
    }
}

on_both_databases! {
    /// A commenter who lost their links gives their address and tracking number. The
    /// answer is the same whether they match or not; only a match mails new links, to
    /// the address on record, and the old private link stops working.
    async fn lost_links_are_mailed_to_the_owner_only(app) {
        let tracking = app.comment("hoc-phi", None, &good_comment()).await;
        let old_status = status_link(&app.mails(1).await[0]);
        let form = app.page(&format!("/y-kien/tim-lai?ma-so={tracking}")).await;
        assert!(form.contains(&format!("value=\"{tracking}\"")), "the number is filled in");
        let csrf = csrf_in(&form);
        let post = |email: &str, number: &str| {
            let fields = [("csrf", csrf.clone()), ("email", email.to_string()), ("ma_so", number.to_string())];
            app.client.post(format!("{}/y-kien/tim-lai", app.address)).form(&fields).send()
        };

        // Someone else's address, or another number: the same answer, and no mail.
        let other = post("ai.do@example.vn", &tracking).await.unwrap();
        assert_eq!(other.status(), 200);
        let other = other.text().await.unwrap();
        assert!(other.contains("Nếu địa chỉ thư điện tử và mã số khớp"));
        let wrong_number = post("nguoi.dan@example.vn", "GY-2026-999999").await.unwrap().text().await.unwrap();
        assert_eq!(strip_tokens(&other), strip_tokens(&wrong_number), "nothing tells a match from a miss");
        assert_eq!(app.mails_queued().await, 1, "no mail for a miss");

        // Malformed input is refused at its field.
        let bad = post("khong-phai-email", "123").await.unwrap();
        assert_eq!(bad.status(), 400);
        let bad = bad.text().await.unwrap();
        assert!(bad.contains("Nhập địa chỉ thư điện tử hợp lệ") && bad.contains("Nhập mã số ý kiến dạng GY-2026-000123"));
        assert!(bad.contains("<title>Lỗi: "));

        // The owner, however they spell their address.
        let mine = post("Nguoi.Dan@Example.VN", &tracking).await.unwrap().text().await.unwrap();
        assert_eq!(strip_tokens(&mine), strip_tokens(&other));
        let mails = app.mails(2).await;
        let m = &mails[1];
        assert_eq!(m.mail.to, "nguoi.dan@example.vn");
        assert!(m.mail.subject.contains(&tracking));
        let new_status = status_link(m);
        assert_ne!(new_status, old_status);
        assert!(confirm_link(m).starts_with(&app.address), "still unconfirmed: a new confirmation link too");
        assert_eq!(app.client.get(&old_status).send().await.unwrap().status(), 404, "the old link stops working");
        assert!(app.client.get(&new_status).send().await.unwrap().text().await.unwrap().contains(&tracking));
        assert_eq!(app.confirm(&confirm_link(m)).await.status(), 200);
    }
}

/// A page without its CSRF token, to compare two answers.
fn strip_tokens(html: &str) -> String {
    regex::Regex::new(r#"value="[0-9a-f]{64}""#)
        .unwrap()
        .replace_all(html, "")
        .to_string()
}

on_both_databases! {
    /// The commenter is told: when their comment is published (a link to its own page,
    /// which holds it whatever the list's pages), and when the agency answers or changes
    /// its answer (by mail, and on their private page).
    async fn the_answer_reaches_the_commenter(app) {
        let text = "Đề nghị giảm học phí cho học sinh vùng khó khăn ở các xã.";
        app.confirmed_comment("hoc-phi", Some("dieu-3"), &with(good_comment(), "noi_dung", text)).await;
        let id = app.comment_id(text).await;
        let own = status_link(&app.mails(1).await[0]);

        let moderator = app.staff("moderator", Some("so-giao-duc-va-dao-tao")).await;
        let m = app.sign_in(&moderator).await;
        let r = m.post_raw("/quan-tri/kiem-duyet", "/quan-tri/kiem-duyet", format!("chon={id}&hanh_dong=duyet")).await;
        assert_eq!(r.status(), 303);
        let mails = app.mails(2).await;
        let published = &mails[1];
        assert!(published.mail.subject.contains("đã được công khai"));
        let page = format!("{}/du-thao/hoc-phi/y-kien/{id}", app.address);
        assert!(published.mail.text.contains(&page), "{}", published.mail.text);
        assert_eq!(app.client.get(&page).send().await.unwrap().status(), 200);
        let private = app.client.get(&own).send().await.unwrap().text().await.unwrap();
        assert!(private.contains("Cơ quan chủ trì soạn thảo chưa trả lời ý kiến này"));

        let editor = app.staff("editor", Some("so-giao-duc-va-dao-tao")).await;
        let e = app.sign_in(&editor).await;
        let draft = app.draft_id("hoc-phi").await;
        let answers = format!("/quan-tri/du-thao/{draft}/tra-loi");
        let r = e.post_raw(&answers, &answers, format!("chon={id}&hinh_thuc=partly_accepted&ly_do=Ti%E1%BA%BFp+thu+m%E1%BB%99t+ph%E1%BA%A7n%3A+gi%E1%BA%A3m+50%25.")).await;
        assert_eq!(r.status(), 303);
        let mails = app.mails(3).await;
        let answered = &mails[2];
        assert_eq!(answered.mail.to, "nguoi.dan@example.vn");
        assert!(answered.mail.subject.contains("đã trả lời ý kiến"));
        assert!(answered.mail.text.contains("Tiếp thu một phần"));
        assert!(answered.mail.text.contains("Tiếp thu một phần: giảm 50%."));
        assert!(answered.mail.text.contains(&page));
        let private = app.client.get(&own).send().await.unwrap().text().await.unwrap();
        assert!(private.contains("Trả lời của cơ quan chủ trì soạn thảo"));
        assert!(private.contains("Tiếp thu một phần: giảm 50%."));
        assert!(private.contains(&format!("href=\"/du-thao/hoc-phi/y-kien/{id}\"")));

        // A changed answer is mailed again; the same answer saved again is not.
        let rid = app.with_db(move |c| comments::table.find(id).select(comments::response_id).first::<Option<i64>>(c).unwrap().unwrap()).await;
        let r = e.post_form(&answers, &format!("/quan-tri/tra-loi/{rid}"), &[("hinh_thuc", "accepted".into()), ("ly_do", "Tiếp thu toàn bộ.".into())]).await;
        assert_eq!(r.status(), 303);
        let mails = app.mails(4).await;
        assert!(mails[3].mail.subject.contains("đã được cập nhật"));
        assert!(mails[3].mail.text.contains("Tiếp thu toàn bộ."));
        let r = e.post_form(&answers, &format!("/quan-tri/tra-loi/{rid}"), &[("hinh_thuc", "accepted".into()), ("ly_do", "Tiếp thu toàn bộ.".into())]).await;
        assert_eq!(r.status(), 303);
        assert_eq!(app.mails_queued().await, 4, "the same answer is not mailed again");
    }
}
