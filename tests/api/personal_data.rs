//! Issue 15, point 8: a comment whose text seems to hold a phone number, an e-mail
//! address or an identity number waits for a moderator, flagged, even where comments
//! are published at once; it is never published unreviewed.

use diesel::prelude::*;

use crate::helpers::*;
use crate::on_both_databases;

on_both_databases! {
    async fn personal_data_in_a_comment_holds_it_for_a_moderator(app, |b| b.setting("GOPY_PUBLISH_ON_CONFIRM", "true").setting("GOPY_RATE_SUBMIT_EMAIL", "100/h")) {
        let texts = [
            ("Gọi cho tôi theo số 0903 123 456 để trao đổi thêm về mức phí.", "số điện thoại"),
            ("Số căn cước của tôi là 079203012345, tôi ở phường Sài Gòn.", "số định danh"),
            ("Xin gửi góp ý chi tiết qua hop.thu.rieng@example.vn nhé.", "địa chỉ thư điện tử"),
        ];
        for (i, (text, _)) in texts.iter().enumerate() {
            let form = with(with(good_comment(), "noi_dung", text), "email", &format!("rieng.{i}@example.vn"));
            app.confirmed_comment("chat-thai-ran", None, &form).await;
        }
        // An ordinary comment is published at once, as this portal is set to.
        let plain = with(with(good_comment(), "noi_dung", "Đề nghị giảm giá dịch vụ thu gom cho hộ nghèo."), "email", "thuong@example.vn");
        app.confirmed_comment("chat-thai-ran", None, &plain).await;

        let (held, published): (Vec<String>, Vec<String>) = app
            .with_db(|c| {
                use gopy::db::schema::comments;
                let rows: Vec<(String, String, String)> = comments::table
                    .filter(comments::email.eq_any(["rieng.0@example.vn", "rieng.1@example.vn", "rieng.2@example.vn", "thuong@example.vn"]))
                    .select((comments::body, comments::status, comments::personal_data))
                    .load(c)
                    .unwrap();
                let held = rows.iter().filter(|r| r.1 == "pending").map(|r| r.2.clone()).collect();
                let published = rows.iter().filter(|r| r.1 == "published").map(|r| r.0.clone()).collect();
                (held, published)
            })
            .await;
        let mut held = held;
        held.sort();
        assert_eq!(held, vec!["email", "id", "phone"], "each held, with what it holds");
        assert!(published.iter().any(|b| b.contains("hộ nghèo")));
        assert!(!published.iter().any(|b| b.contains("0903") || b.contains("079203012345") || b.contains("hop.thu.rieng")));
        let page = app.page("/du-thao/chat-thai-ran/y-kien").await;
        assert!(!page.contains("0903 123 456") && !page.contains("079203012345"));

        // The moderator sees why.
        let moderator = app.staff("moderator", Some("so-nong-nghiep-va-moi-truong")).await;
        let m = app.sign_in(&moderator).await;
        let queue = m.page("/quan-tri/kiem-duyet").await;
        for (_, kind) in texts {
            assert!(queue.contains(kind), "{kind}");
        }
        assert!(queue.contains("có thể chứa dữ liệu cá nhân"));
    }
}

on_both_databases! {
    /// The consent to publish a name is taken back at any time; after the period the
    /// author erases who they are and the opinion stays, anonymous, with its answer.
    async fn the_author_hides_their_name_and_erases_their_identity(app, |b| b.setting("GOPY_PUBLISH_ON_CONFIRM", "true")) {
        let form = with(with(good_comment(), "ho_ten", "Đỗ Minh Tâm"), "cong_khai_ten", "1");
        app.confirmed_comment("hoc-phi", Some("dieu-1"), &form).await;
        assert!(app.page("/du-thao/hoc-phi").await.contains("Đỗ Minh Tâm"));
        let own = status_link(&app.mails(1).await.remove(0));
        let page = app.client.get(&own).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Không công khai họ tên của tôi nữa"));
        assert!(!page.contains("Xóa thông tin cá nhân của tôi"), "while open, withdrawing is the way");
        let csrf = csrf_in(&page);
        let r = app.client.post(format!("{own}/an-ten")).form(&[("csrf", csrf.clone())]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        assert!(!app.page("/du-thao/hoc-phi").await.contains("Đỗ Minh Tâm"), "the name is gone at once");
        // Without the token: refused, nothing changes.
        let r = app.client.post(format!("{own}/xoa-danh-tinh")).form(&[("csrf", "sai")]).send().await.unwrap();
        assert!(r.status().is_client_error());

        // The period closes: the text cannot be withdrawn, but the identity is erased.
        app.with_db(|c| {
            use gopy::db::schema::drafts;
            diesel::update(drafts::table.filter(drafts::slug.eq("hoc-phi")))
                .set(drafts::closes_at.eq(Some(now() - chrono::Duration::minutes(1))))
                .execute(c)
                .unwrap();
        })
        .await;
        let page = app.client.get(&own).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Xóa thông tin cá nhân của tôi"), "{page}");
        let r = app.client.post(format!("{own}/xoa-danh-tinh")).form(&[("csrf", csrf_in(&page))]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let (email, name, status, body): (Option<String>, String, String, String) = app
            .with_db(|c| {
                use gopy::db::schema::comments;
                comments::table
                    .filter(comments::body.like("%hộ kinh doanh nhỏ lẻ%"))
                    .filter(comments::draft_id.eq_any(gopy::db::schema::drafts::table.filter(gopy::db::schema::drafts::slug.eq("hoc-phi")).select(gopy::db::schema::drafts::id)))
                    .order(comments::id.desc())
                    .select((comments::email, comments::name, comments::status, comments::body))
                    .first(c)
                    .unwrap()
            })
            .await;
        assert_eq!((email, name.as_str()), (None, ""), "who they were is gone");
        assert_eq!(status, "published", "the opinion stays");
        assert!(body.contains("hộ kinh doanh nhỏ lẻ"));
        let back = r.headers()["location"].to_str().unwrap().to_string();
        let page = app.client.get(format!("{}{back}", app.address)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Đã xóa thông tin cá nhân của bạn; ý kiến được giữ lại dưới dạng ẩn danh."));
        assert!(!page.contains("Xóa thông tin cá nhân của tôi"), "nothing left to erase");
    }
}

on_both_databases! {
    /// An organisation's name is not personal data: it is shown with its opinion; the
    /// name of the person who wrote for it only with their consent.
    async fn an_organisations_name_is_shown_and_its_writers_only_with_consent(app, |b| b.setting("GOPY_PUBLISH_ON_CONFIRM", "true")) {
        let form = with(
            with(with(good_comment(), "loai", "organisation"), "to_chuc", "Hiệp hội Vận tải Thành phố"),
            "ho_ten",
            "Trần Văn Viết",
        );
        app.confirmed_comment("chat-thai-ran", None, &with(form, "noi_dung", "Hiệp hội đề nghị giãn lộ trình áp dụng.")).await;
        let page = app.page("/du-thao/chat-thai-ran/y-kien").await;
        assert!(page.contains("Hiệp hội Vận tải Thành phố"), "the organisation is named");
        assert!(!page.contains("Trần Văn Viết"), "the person is not, without consent");
    }
}

on_both_databases! {
    /// Issue 15, point 8: a commenter's address and name are kept for the retention
    /// period the privacy notice states (GOPY_CONTACT_RETENTION_DAYS) after their draft's
    /// period ends, then the daily job erases them; the opinion stays, anonymous.
    async fn contacts_are_erased_when_their_retention_period_ends(app, |b| b.setting("GOPY_CONTACT_RETENTION_DAYS", "30")) {
        use gopy::db::schema::{comments, drafts};
        let notice = app.page("/quyen-rieng-tu").await;
        assert!(notice.contains("được lưu đến hết 30 ngày kể từ khi kết thúc lấy ý kiến"), "the notice states the setting");
        assert!(notice.contains(gopy::domain::comment::PRIVACY_VERSION));

        let text = "Đề nghị giữ mức thu học phí như năm học trước.";
        app.confirmed_comment("hoc-phi", None, &with(with(good_comment(), "noi_dung", text), "ho_ten", "Trần Thị Lưu")).await;
        let id = app.comment_id(text).await;
        let hoc_phi = app.draft_id("hoc-phi").await;
        let contact = move |c: &mut gopy::db::DbConnection| {
            comments::table.find(id).select((comments::email, comments::name, comments::body)).first::<(Option<String>, String, String)>(c).unwrap()
        };
        let job = gopy::jobs::schedule::portal_jobs_configured(30, Default::default(), "")
            .into_iter()
            .find(|j| j.name == gopy::jobs::schedule::ERASE_CONTACTS)
            .expect("the job is scheduled");
        let run = {
            let work = job.work.clone();
            move |c: &mut gopy::db::DbConnection| work(c, gopy::domain::time::now_utc()).unwrap()
        };
        // Closed 20 days ago: kept.
        let closed = |days: i64| move |c: &mut gopy::db::DbConnection| {
            let now = gopy::domain::time::now_utc();
            diesel::update(drafts::table.find(hoc_phi))
                .set((
                    drafts::opens_at.eq(Some(now - chrono::Duration::days(days + 30))),
                    drafts::closes_at.eq(Some(now - chrono::Duration::days(days))),
                ))
                .execute(c)
                .unwrap();
        };
        app.with_db(closed(20)).await;
        let r = run.clone();
        app.with_db(move |c| { r(c); }).await;
        let (email, name, _) = app.with_db(contact).await;
        assert_eq!(email.as_deref(), Some("nguoi.dan@example.vn"));
        assert_eq!(name, "Trần Thị Lưu");
        // Closed 31 days ago: erased, the opinion kept.
        app.with_db(closed(31)).await;
        let batch = app.with_db(move |c| run(c)).await;
        assert!(batch.what.starts_with("1 "), "{}", batch.what);
        let (email, name, body) = app.with_db(contact).await;
        assert_eq!(email, None);
        assert_eq!(name, "");
        assert_eq!(body, text);
    }
}
