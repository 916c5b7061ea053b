//! Issue 16, points 7 and 8: the Fatherland Front's social critique of a draft. The
//! agency asks (the Front gets at least the rule's 15 days, fewer only under the
//! shortened procedure with a public reason), the Front receives the dossier and gives
//! its critique point by point, the agency answers each point and publishes both side
//! by side; the report gains its section. Deadlines are settings with no default, and
//! reminders go 5 days and 1 day before.

use diesel::prelude::*;
use gopy::db::schema::{critique_points, critiques, drafts, mail_outbox};
use reqwest::multipart::Part;

use crate::helpers::*;
use crate::on_both_databases;

const CITY: &str = "Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố Hồ Chí Minh";
const WOMEN: &str = "Hội Liên hiệp Phụ nữ phường Sài Gòn";
const AGENCY: &str = "so-nong-nghiep-va-moi-truong";

fn text(s: &str) -> Part {
    Part::text(s.to_string())
}

fn document() -> Part {
    Part::bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec())
        .file_name("phan-bien.pdf")
}

fn day(offset: i64) -> String {
    (gopy::domain::time::local_date(now()) + chrono::Duration::days(offset))
        .format("%d/%m/%Y")
        .to_string()
}

fn state_of(app: &TestApp, id: i64) -> impl std::future::Future<Output = String> + '_ {
    app.with_db(move |c| {
        critiques::table
            .find(id)
            .select(critiques::state)
            .first(c)
            .unwrap()
    })
}

on_both_databases! {
    async fn a_critique_goes_from_request_to_publication_side_by_side(app) {
        let draft = app.draft_id("chat-thai-ran").await;
        let editor_mail = app.staff("editor", Some(AGENCY)).await;
        let editor = app.sign_in(&editor_mail).await;
        let list = format!("/quan-tri/du-thao/{draft}/phan-bien");
        let html = editor.page(&list).await;
        assert!(html.contains("412/SXD-QLCTR"), "the demo's critiques are listed");
        assert!(html.contains("Chưa đặt thời hạn"), "no clock is set by default");
        let city: i64 = app
            .with_db(|c| gopy::db::queries::front::all(c).unwrap().into_iter().find(|o| o.name == CITY).unwrap().id.get())
            .await;
        let request = |planned: String, reason: &str| {
            vec![
                ("to_chuc", city.to_string()),
                ("so", "900/SXD-QLCTR".to_string()),
                ("ngay", day(0)),
                ("ngay_gui", day(0)),
                ("ngay_trinh", planned),
                ("ly_do_rut_gon", reason.to_string()),
            ]
        };

        // Ten days are fewer than the rule's fifteen: refused, nothing stored.
        let r = editor.post_form(&list, &list, &request(day(10), "")).await;
        assert_eq!(r.status(), 400);
        let html = r.text().await.unwrap();
        assert!(html.contains("ít nhất 15 ngày trước khi trình"), "{html}");
        assert!(html.contains(&day(15)), "the earliest day allowed is named");
        let count = || app.with_db(|c| critiques::table.count().get_result::<i64>(c).unwrap());
        assert_eq!(count().await, 2, "only the demo's");
        // Under the shortened procedure fewer days need a reason, which is public.
        app.with_db(move |c| {
            diesel::update(drafts::table.find(draft))
                .set(drafts::shortened_basis.eq("Khoản 1 Điều 51 Luật số 64/2025/QH15"))
                .execute(c)
                .unwrap()
        })
        .await;
        let r = editor.post_form(&list, &list, &request(day(10), "")).await;
        assert_eq!(r.status(), 400);
        assert!(r.text().await.unwrap().contains("nêu lý do rút ngắn"));
        let r = editor
            .post_form(&list, &list, &request(day(10), "Nghị quyết cần ban hành ngay để kịp năm ngân sách."))
            .await;
        assert_eq!(r.status(), 303);
        let page = r.headers()["location"].to_str().unwrap().split('?').next().unwrap().to_string();
        let id: i64 = page.rsplit('/').next().unwrap().parse().unwrap();
        assert_eq!(state_of(&app, id).await, "requested");

        // Another agency and another organisation know nothing of it.
        let stranger = app.sign_in(&app.staff("editor", Some("so-giao-duc-va-dao-tao")).await).await;
        assert_eq!(stranger.get(&page).await.status(), 404);
        let other = app.sign_in(&app.organiser("Ủy ban Mặt trận Tổ quốc Việt Nam phường Sài Gòn").await).await;
        assert_eq!(other.get(&page).await.status(), 404);
        assert_ne!(app.get(&page).await.status(), 200);

        // The Front receives the dossier; the agency cannot publish what has no critique.
        let front_mail = app.organiser(CITY).await;
        let front = app.sign_in(&front_mail).await;
        let html = front.page(&page).await;
        assert!(html.contains("Nghị quyết cần ban hành ngay"), "the reason is shown");
        let r = front.post_form(&page, &format!("{page}/nhan"), &[("ngay_nhan", day(0))]).await;
        assert_eq!(r.status(), 303);
        assert_eq!(state_of(&app, id).await, "received");
        let r = editor.post_form(&page, &format!("{page}/cong-bo"), &[]).await;
        assert_eq!(r.status(), 409);
        // The agency does not give the Front's critique.
        let r = editor.post_multipart(&page, &format!("{page}/gui"), vec![("hinh_thuc", text("written"))]).await;
        assert_eq!(r.status(), 404);

        // The critique: without its document it is refused, named beside the field.
        let action = format!("{page}/gui");
        let r = front
            .post_multipart(&page, &action, vec![("hinh_thuc", text("conference")), ("ngay_phan_bien", text(&day(0))), ("dieu_khoan", text("dieu-1")), ("noi_dung", text("Ý kiến.")), ("kien_nghi", text(""))])
            .await;
        assert_eq!(r.status(), 400);
        assert!(r.text().await.unwrap().contains("Chọn tệp văn bản phản biện."));
        let r = front
            .post_multipart(&page, &action, vec![
                ("hinh_thuc", text("conference")),
                ("ngay_phan_bien", text(&day(0))),
                ("so_van_ban", text("12/BC-MTTQ")),
                ("dieu_khoan", text("dieu-1")),
                ("noi_dung", text("Phạm vi điều chỉnh chưa bao gồm chợ truyền thống.")),
                ("kien_nghi", text("Bổ sung chợ truyền thống vào phạm vi điều chỉnh.")),
                ("dieu_khoan", text("")),
                ("noi_dung", text("Cần lộ trình áp dụng phù hợp với khu vực nông thôn.")),
                ("kien_nghi", text("")),
                ("dieu_khoan", text("")),
                ("noi_dung", text("")),
                ("kien_nghi", text("")),
                ("van_ban", document()),
            ])
            .await;
        assert_eq!(r.status(), 303);
        assert_eq!(state_of(&app, id).await, "submitted");
        let points: Vec<(i64, Option<i64>)> = app
            .with_db(move |c| critique_points::table.filter(critique_points::critique_id.eq(id)).order(critique_points::position).select((critique_points::id, critique_points::section_id)).load(c).unwrap())
            .await;
        assert_eq!(points.len(), 2);
        assert!(points[0].1.is_some() && points[1].1.is_none(), "a clause, then the whole draft");

        // The written answer needs every point answered first.
        let answer = format!("{page}/tra-loi");
        let written = [("so_tra_loi", "77/SXD-QLCTR".to_string()), ("ngay_tra_loi", day(0))];
        let r = editor.post_form(&page, &answer, &written).await;
        assert_eq!(r.status(), 400);
        assert!(r.text().await.unwrap().contains("Hãy trả lời tất cả các ý kiến phản biện"));
        for (point, (disposition, reason)) in points.iter().zip([("accepted", "Tiếp thu, bổ sung khoản 3 Điều 1."), ("not_accepted", "Giải trình: lộ trình đã có tại Điều 20.")]) {
            let r = editor
                .post_form(&page, &format!("{page}/diem/{}", point.0), &[("hinh_thuc", disposition.to_string()), ("ly_do", reason.to_string())])
                .await;
            assert_eq!(r.status(), 303);
        }
        let public = format!("/du-thao/chat-thai-ran/phan-bien/{id}");
        assert_eq!(app.get(&public).await.status(), 404, "not public before it is published");
        let r = editor.post_form(&page, &answer, &written).await;
        assert_eq!(r.status(), 303);
        assert_eq!(state_of(&app, id).await, "answered");
        // Once answered it can no longer be withdrawn.
        let r = editor.post_form(&page, &format!("{page}/rut"), &[("ly_do_rut", "Không cần nữa.".to_string())]).await;
        assert_eq!(r.status(), 409);
        let r = editor.post_form(&page, &format!("{page}/cong-bo"), &[]).await;
        assert_eq!(r.status(), 303);
        assert_eq!(state_of(&app, id).await, "published");

        // Side by side on the public page, each point linked to its clause, with the
        // shortened procedure's reason and the document; linked from the draft page.
        let html = app.page(&public).await;
        for s in ["Phạm vi điều chỉnh chưa bao gồm chợ truyền thống.", "Bổ sung chợ truyền thống vào phạm vi điều chỉnh.", "Tiếp thu, bổ sung khoản 3 Điều 1.", "Giải trình: lộ trình đã có tại Điều 20.", "/du-thao/chat-thai-ran#dieu-1", "Nghị quyết cần ban hành ngay", "77/SXD-QLCTR"] {
            assert!(html.contains(s), "{s}");
        }
        assert!(!html.contains(&front_mail) && !html.contains(&editor_mail), "no one's address on the public page");
        assert!(app.page("/du-thao/chat-thai-ran").await.contains(&public));
        let r = app.get(&format!("{public}/van-ban")).await;
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-type"], "application/pdf");
        // The synthesis report gains the critique's section.
        let report = editor.page(&format!("/quan-tri/du-thao/{draft}/bao-cao")).await;
        assert!(report.contains("Ý kiến phản biện xã hội của Mặt trận Tổ quốc Việt Nam"), "{}", &report[report.find("<h2").unwrap_or(0)..]);
        assert!(report.contains("Phạm vi điều chỉnh chưa bao gồm chợ truyền thống."));

        // The demo's request to the Women's Union is withdrawn with its reason.
        let women: i64 = app
            .with_db(|c| critiques::table.filter(critiques::request_number.eq("455/SXD-QLCTR")).select(critiques::id).first(c).unwrap())
            .await;
        let wpage = format!("/quan-tri/phan-bien/{women}");
        let r = editor.post_form(&wpage, &format!("{wpage}/rut"), &[("ly_do_rut", "".to_string())]).await;
        assert_eq!(r.status(), 400);
        let r = editor.post_form(&wpage, &format!("{wpage}/rut"), &[("ly_do_rut", "Đã đề nghị Ủy ban Mặt trận Thành phố phản biện.".to_string())]).await;
        assert_eq!(r.status(), 303);
        assert_eq!(state_of(&app, women).await, "withdrawn");

        // With no clock set, the reminders job sends nothing.
        let said = app
            .with_db(|c| gopy::jobs::reminders::send(c, Default::default(), "http://x", now() + chrono::Duration::days(9)).unwrap())
            .await;
        assert_eq!(said, "no deadline is set");
    }
}

on_both_databases! {
    async fn reminders_go_five_days_and_one_day_before_each_deadline(app, |b| b.setting("GOPY_CRITIQUE_REPLY_DAYS", "10").setting("GOPY_CRITIQUE_ANSWER_DAYS", "7")) {
        // The demo's request to the Women's Union: its dossier went today, so the
        // Front's critique is due in 10 days.
        let organiser = app.organiser(WOMEN).await;
        let front = app.sign_in(&organiser).await;
        let html = front.page("/quan-tri/phan-bien").await;
        assert!(html.contains("455/SXD-QLCTR"), "the organiser's list");
        assert!(html.contains(&format!("Hạn Mặt trận gửi phản biện: {}", day(10))), "{html}");
        assert!(!html.contains("Quá hạn"));
        let clocks = gopy::domain::critique::Clocks { front_reply_days: Some(10), agency_answer_days: Some(7) };
        let run = |offset: i64| {
            app.with_db(move |c| {
                gopy::jobs::reminders::send(c, clocks, "http://portal.test", now() + chrono::Duration::days(offset)).unwrap();
                mail_outbox::table
                    .filter(mail_outbox::purpose.eq("deadline_reminder"))
                    .order(mail_outbox::id)
                    .select((mail_outbox::recipient, mail_outbox::subject))
                    .load::<(String, String)>(c)
                    .unwrap()
            })
        };
        assert!(run(4).await.is_empty(), "six days before: nothing yet");
        let sent = run(5).await;
        assert_eq!(sent.len(), 1, "{sent:?}");
        assert_eq!(sent[0].0, organiser);
        assert!(sent[0].1.starts_with("Còn 5 ngày"), "{}", sent[0].1);
        assert_eq!(run(6).await.len(), 1, "once however often the job runs");
        let sent = run(9).await;
        assert_eq!(sent.len(), 2);
        assert!(sent[1].1.starts_with("Còn 1 ngày"));
        assert_eq!(run(11).await.len(), 2, "none once it has passed");

        // Past its day the console says it is overdue.
        app.with_db(|c| {
            diesel::update(critiques::table.filter(critiques::request_number.eq("455/SXD-QLCTR")))
                .set(critiques::dossier_sent_on.eq(gopy::domain::time::local_date(now()) - chrono::Duration::days(12)))
                .execute(c)
                .unwrap()
        })
        .await;
        assert!(front.page("/quan-tri/phan-bien").await.contains("Quá hạn"));
        // The agency's list shows its drafts' critiques too.
        let editor = app.sign_in(&app.staff("editor", Some(AGENCY)).await).await;
        let html = editor.page("/quan-tri/phan-bien").await;
        assert!(html.contains("455/SXD-QLCTR") && html.contains("412/SXD-QLCTR"));
    }
}
