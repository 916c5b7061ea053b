//! Issue 15, point 3: the minimum comment period cannot be cut short. It is counted as
//! the Civil Code counts a period in days (from the day after, until 24:00 of the last
//! day), from the moment the draft is posted; changing a published draft's type checks
//! it again; it is closed early only under the shortened procedure, which the public
//! page then names.

use diesel::prelude::*;

use crate::helpers::*;
use crate::on_both_databases;

fn day(n: i64) -> String {
    (gopy::domain::time::local_date(now()) + chrono::Duration::days(n))
        .format("%Y-%m-%d")
        .to_string()
}

fn shown(n: i64) -> String {
    (gopy::domain::time::local_date(now()) + chrono::Duration::days(n))
        .format("%d/%m/%Y")
        .to_string()
}

async fn type_id(app: &TestApp, code: &'static str) -> String {
    app.with_db(move |c| {
        gopy::db::queries::reference::document_type_by_code(c, code)
            .unwrap()
            .unwrap()
            .id
            .to_string()
    })
    .await
}

/// The metadata form of a draft of the Department of Construction, as an editor types it.
async fn metadata(
    app: &TestApp,
    doc_type: &'static str,
    opens: i64,
    closes: i64,
    shortened: &str,
) -> Vec<(&'static str, String)> {
    let agency = app
        .with_db(|c| {
            gopy::db::queries::reference::agency_by_slug(c, "so-xay-dung")
                .unwrap()
                .unwrap()
                .id
                .to_string()
        })
        .await;
    vec![
        (
            "tieu_de",
            "Quyết định quy định về quản lý bãi đỗ xe".to_string(),
        ),
        ("duong_dan", "bai-do-xe".to_string()),
        ("loai", type_id(app, doc_type).await),
        ("co_quan", agency),
        ("tom_tat", "Quản lý bãi đỗ xe công cộng.".into()),
        ("giai_doan", "draft".into()),
        ("kiem_duyet", "pre".into()),
        ("mo_tu", day(opens)),
        ("dong_den", day(closes)),
        ("rut_gon", shortened.to_string()),
    ]
}

on_both_databases! {
    async fn the_minimum_runs_from_the_posting_and_cannot_be_cut_short(app) {
        let started = now();
        let editor = app.staff("editor", Some("so-xay-dung")).await;
        let editor = app.sign_in(&editor).await;
        // Typed to open five days ago: 23 days counted from then, but posted today only
        // 18 are left, and a decision of the People's Committee needs 20.
        let form = metadata(&app, "quyet-dinh-ubnd", -5, 18, "").await;
        let created = editor.post_form("/quan-tri/du-thao/moi", "/quan-tri/du-thao/moi", &form).await;
        assert_eq!(created.status(), 303);
        let id = app.draft_id("bai-do-xe").await;
        let page = format!("/quan-tri/du-thao/{id}");
        let saved = editor
            .post_form(&format!("{page}/van-ban"), &format!("{page}/van-ban/luu"), &[("van_ban", long_draft_text(3)), ("ghi_chu", String::new())])
            .await;
        assert_eq!(saved.status(), 303);
        assert_eq!(editor.attach_pdf(id, "submission", "Tờ trình dự thảo Quyết định").await.status(), 303);
        let refused = editor.post_form(&page, &format!("{page}/cong-bo"), &[]).await;
        assert_eq!(refused.status(), 422);
        let html = refused.text().await.unwrap();
        assert!(html.contains("phải ít nhất 20 ngày; thời gian bạn đặt là 18 ngày"), "{html}");
        // The console says how a period is counted.
        assert!(html.contains("Điều 147, 148") && html.contains("24 giờ ngày cuối cùng"));

        // Two more weeks: published, the period opening at the posting.
        let form = metadata(&app, "quyet-dinh-ubnd", -5, 30, "").await;
        assert_eq!(editor.post_form(&page, &page, &form).await.status(), 303);
        assert_eq!(editor.post_form(&page, &format!("{page}/cong-bo"), &[]).await.status(), 303);
        let opens: chrono::NaiveDateTime = app
            .with_db(move |c| {
                use gopy::db::schema::drafts;
                drafts::table.find(id).select(drafts::opens_at).first::<Option<chrono::NaiveDateTime>>(c).unwrap().unwrap()
            })
            .await;
        assert!(opens >= started, "the period opens at the posting, not five days before");

        // Closed early before the 20 days have run: refused, saying until when.
        let early = editor.post_form(&page, &format!("{page}/ket-thuc"), &[("ly_do", "Đã đủ ý kiến để tổng hợp.".into())]).await;
        assert_eq!(early.status(), 422);
        let html = early.text().await.unwrap();
        assert!(html.contains("Chưa thể kết thúc sớm: thời gian lấy ý kiến tối thiểu 20 ngày kéo dài đến hết ngày"), "{html}");
        // The 20th day, or the next working day when it is a rest day (Art. 148(5)).
        let runs_until = app
            .with_db(move |c| gopy::db::queries::calendar::load(c).unwrap())
            .await
            .period_end(gopy::domain::time::local_date(opens), 20);
        assert!(html.contains(&runs_until.format("%d/%m/%Y").to_string()), "{html}");
        assert!(app.page("/du-thao/bai-do-xe").await.contains("Đang lấy ý kiến"));

        // The type of the published draft changed to one it is too short for: refused at
        // the type. (A Chairman's decision needs 10 days, so the other way is fine.)
        let chairman = metadata(&app, "quyet-dinh-chu-tich-ubnd", -5, 30, "").await;
        assert_eq!(editor.post_form(&page, &page, &chairman).await.status(), 303);
        app.with_db(|c| {
            use gopy::db::schema::legal_rules;
            diesel::update(legal_rules::table.filter(legal_rules::code.eq("comment-period")))
                .set(legal_rules::days.eq(45))
                .execute(c)
                .unwrap();
        })
        .await;
        let back = metadata(&app, "quyet-dinh-ubnd", -5, 30, "").await;
        let r = editor.post_form(&page, &page, &back).await;
        assert_eq!(r.status(), 400);
        let html = r.text().await.unwrap();
        assert!(html.contains("href=\"#f-loai\""), "{html}");
        assert!(html.contains("phải ít nhất 45 ngày"));

        // Under the shortened procedure, with its legal basis, it may close early; the
        // public page names the basis.
        let basis = "khoản 1 Điều 51 Luật số 64/2025/QH15";
        let shortened = metadata(&app, "quyet-dinh-chu-tich-ubnd", -5, 30, basis).await;
        assert_eq!(editor.post_form(&page, &page, &shortened).await.status(), 303);
        let closed = editor.post_form(&page, &format!("{page}/ket-thuc"), &[("ly_do", "Văn bản theo trình tự, thủ tục rút gọn.".into())]).await;
        assert_eq!(closed.status(), 303);
        let public = app.page("/du-thao/bai-do-xe").await;
        assert!(public.contains("Không áp dụng: dự thảo theo trình tự, thủ tục rút gọn"));
        assert!(public.contains(basis));
        assert!(public.contains("Đã kết thúc lấy ý kiến"));
    }
}

on_both_databases! {
    async fn a_minimum_ending_on_a_rest_day_runs_to_the_next_working_day(app) {
        // The calendar made for the test: the 20th day from today a holiday, the 21st a
        // working day (whatever day of the week they fall on).
        let (rest, work) = (
            gopy::domain::time::local_date(now()) + chrono::Duration::days(20),
            gopy::domain::time::local_date(now()) + chrono::Duration::days(21),
        );
        app.with_db(move |c| {
            use gopy::db::schema::calendar_days;
            diesel::delete(calendar_days::table.filter(calendar_days::day.eq_any([rest, work])))
                .execute(c)
                .unwrap();
            for (day, kind, name) in [
                (rest, "holiday", "Ngày nghỉ lễ dùng cho kiểm thử"),
                (work, "workday", "Ngày làm việc dùng cho kiểm thử"),
            ] {
                diesel::insert_into(calendar_days::table)
                    .values((
                        calendar_days::day.eq(day),
                        calendar_days::kind.eq(kind),
                        calendar_days::name.eq(name),
                        calendar_days::source.eq("kiểm thử"),
                    ))
                    .execute(c)
                    .unwrap();
            }
        })
        .await;
        let editor = app.staff("editor", Some("so-xay-dung")).await;
        let editor = app.sign_in(&editor).await;
        // Exactly 20 days, a decision's minimum, ending on the holiday: refused, naming
        // the next working day and the article.
        let form = metadata(&app, "quyet-dinh-ubnd", 0, 20, "").await;
        let refused = editor.post_form("/quan-tri/du-thao/moi", "/quan-tri/du-thao/moi", &form).await;
        assert_eq!(refused.status(), 400);
        let html = refused.text().await.unwrap();
        assert!(html.contains("ngày thứ 20 là ngày nghỉ cuối tuần hoặc ngày nghỉ lễ"), "{html}");
        assert!(html.contains(&format!("ngày {} (khoản 5 Điều 148 Bộ luật Dân sự năm 2015)", shown(21))), "{html}");
        // One more day: accepted.
        let form = metadata(&app, "quyet-dinh-ubnd", 0, 21, "").await;
        let created = editor.post_form("/quan-tri/du-thao/moi", "/quan-tri/du-thao/moi", &form).await;
        assert_eq!(created.status(), 303);
    }
}

on_both_databases! {
    async fn the_shipped_calendar_is_consistent_and_counts_across_tet(app) {
        use chrono::{Datelike, NaiveDate, Weekday};
        use gopy::domain::calendar::DayKind;
        let (days, years, calendar) = app
            .with_db(|c| {
                let from = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
                (
                    gopy::db::queries::calendar::days_from(c, from).unwrap(),
                    gopy::db::queries::calendar::years(c).unwrap(),
                    gopy::db::queries::calendar::load(c).unwrap(),
                )
            })
            .await;
        assert_eq!(years.iter().map(|y| y.year).collect::<Vec<_>>(), vec![2025, 2026]);
        assert!(years.iter().all(|y| !y.decision.is_empty()));
        for d in &days {
            let weekend = matches!(d.day.weekday(), Weekday::Sat | Weekday::Sun);
            match d.kind {
                DayKind::Workday => assert!(weekend, "{} is worked in exchange: a weekend day", d.day),
                DayKind::DayOff => assert!(!weekend, "{} is a weekday given off", d.day),
                DayKind::Holiday => {}
            }
            assert!(!d.source.is_empty(), "{} has its source", d.day);
            assert!(!d.confirmed || !d.source_url.is_empty(), "{} confirmed on a page", d.day);
        }
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        // Twenty days from Thursday 29 January 2026 end in Tết (Wednesday 18 February):
        // the period runs to Monday 23 February.
        assert_eq!(calendar.period_end(d(2026, 1, 29), 20), d(2026, 2, 23));
        // Ending on Sunday 26 April 2026 (the Hùng Kings' day) with its compensatory
        // Monday: Tuesday 28 April.
        assert_eq!(calendar.period_end(d(2026, 4, 6), 20), d(2026, 4, 28));
        // Ending on Saturday 10 January 2026, worked in exchange for Friday 2 January: that
        // day.
        assert_eq!(calendar.period_end(d(2025, 12, 11), 30), d(2026, 1, 10));
        // Ending on Friday 2 January 2026, swapped off: Monday 5 January.
        assert_eq!(calendar.period_end(d(2025, 12, 3), 30), d(2026, 1, 5));

        // The administrator sees the calendar with its sources, and which years still
        // need their decision.
        let admin = app.staff("admin", None).await;
        let admin = app.sign_in(&admin).await;
        let html = admin.get("/quan-tri/can-cu-phap-ly").await.text().await.unwrap();
        assert!(html.contains("Lịch ngày nghỉ") && html.contains("khoản 5 Điều 148"), "{html}");
        let next = gopy::domain::time::local_date(now()).year() + 1;
        let entered = years.iter().any(|y| y.year == next);
        assert_eq!(html.contains(&format!("Năm {next}: chưa nhập quyết định")), !entered, "{html}");
        assert_eq!(html.contains(&format!("Năm {next}: đã nhập theo")), entered, "{html}");
    }
}
