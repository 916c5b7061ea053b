//! The job runner: several processes on one database run each scheduled slot once and
//! never work a queue item twice at once; a slot missed while everything was down runs
//! at the next start; an item that fails too often becomes a dead letter that /readyz
//! and the console show and an administrator can send again.
//!
//! A second process is a second `Db` on the same database, with its own runners: the
//! claims go through the database, as between two portal processes.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use gopy::db::Db;
use gopy::db::schema::{jobs, mail_outbox, search_outbox};
use gopy::jobs::schedule::{MAX_FAILURES, Ran, Schedule, ScheduledJob, Scheduler};

use crate::helpers::TestApp;
use crate::on_both_databases;

/// A database handle of another process.
fn second_process(app: &TestApp) -> Db {
    Db::connect(&app.state.config).expect("a second pool on the same database")
}

/// A moment of a day of its own, far from the clock's: the tests' ticks say the time.
fn at(h: u32, m: u32) -> NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2031, 3, 10)
        .unwrap()
        .and_hms_opt(h, m, 0)
        .unwrap()
}

/// A job that counts its runs, and takes a moment, so that runs in two processes would
/// overlap if both were let in.
fn counting(name: &'static str, runs: Arc<AtomicUsize>) -> ScheduledJob {
    ScheduledJob::new(name, Schedule::EveryMinutes(10), move |_c, _slot| {
        runs.fetch_add(1, Ordering::SeqCst);
        std::thread::sleep(std::time::Duration::from_millis(50));
        Ok("counted".into())
    })
}

fn done(ran: &[(&str, Ran)]) -> usize {
    ran.iter()
        .filter(|(_, r)| matches!(r, Ran::Done(_)))
        .count()
}

on_both_databases! {
    /// Two processes tick at the same moments: each slot runs once; a later moment in
    /// the same slot runs nothing; after the processes were down for three slots, the
    /// next start runs the job once.
    async fn each_slot_runs_once_across_two_processes(app) {
        let runs = Arc::new(AtomicUsize::new(0));
        let a = Scheduler::new(app.state.db.clone(), vec![counting("test-count", runs.clone())]);
        let b = Scheduler::new(second_process(&app), vec![counting("test-count", runs.clone())]);
        for (i, now) in [at(9, 1), at(9, 11), at(9, 21)].into_iter().enumerate() {
            let (ra, rb) = tokio::join!(a.tick(now), b.tick(now));
            let (ra, rb) = (ra.unwrap(), rb.unwrap());
            assert_eq!(done(&ra) + done(&rb), 1, "slot {i}: {ra:?} {rb:?}");
            assert_eq!(runs.load(Ordering::SeqCst), i + 1);
            // Later in the same slot, in either process: nothing.
            let (ra, rb) = tokio::join!(a.tick(now + Duration::minutes(5)), b.tick(now + Duration::minutes(5)));
            assert_eq!(done(&ra.unwrap()) + done(&rb.unwrap()), 0);
        }
        assert_eq!(runs.load(Ordering::SeqCst), 3);

        // Everything down from 09:25 to 10:05: the slots of 09:30, 09:40, 09:50 and
        // 10:00 were missed. Two new processes start; the job runs once, for 10:00.
        drop((a, b));
        let a = Scheduler::new(app.state.db.clone(), vec![counting("test-count", runs.clone())]);
        let b = Scheduler::new(second_process(&app), vec![counting("test-count", runs.clone())]);
        let (ra, rb) = tokio::join!(b.tick(at(10, 5)), a.tick(at(10, 5)));
        assert_eq!(done(&ra.unwrap()) + done(&rb.unwrap()), 1);
        assert_eq!(runs.load(Ordering::SeqCst), 4);
        let slot: Option<NaiveDateTime> = app
            .with_db(|c| jobs::table.find("test-count").select(jobs::done_slot).first(c).unwrap())
            .await;
        assert_eq!(slot, Some(at(10, 0)));
    }
}

on_both_databases! {
    /// A failing job is retried with growing waits, from any process, and given up
    /// after its last attempt; /readyz and the console say so; the next slot runs.
    async fn a_failing_job_backs_off_and_is_given_up(app) {
        let fail = Arc::new(AtomicUsize::new(0));
        let failing = |fail: Arc<AtomicUsize>| {
            ScheduledJob::new("test-fail", Schedule::EveryMinutes(60), move |_c, _slot| {
                fail.fetch_add(1, Ordering::SeqCst);
                Err(gopy::db::DbError::Task("the backend said no".into()))
            })
        };
        let a = Scheduler::new(app.state.db.clone(), vec![failing(fail.clone())]);
        let b = Scheduler::new(second_process(&app), vec![failing(fail.clone())]);
        let mut now = at(9, 0);
        let r = a.tick(now).await.unwrap();
        assert!(matches!(r[0].1, Ran::Failed(_)), "{r:?}");
        // Not again before the wait is over, in either process.
        let r = b.tick(now + Duration::seconds(10)).await.unwrap();
        assert_eq!(r[0].1, Ran::Nothing);
        // Waits of 30 s, 60 s, 120 s…: each tick after the wait runs it again.
        let mut wait = Duration::seconds(30);
        for attempt in 2..=MAX_FAILURES {
            now += wait + Duration::seconds(1);
            let runner = if attempt % 2 == 0 { &b } else { &a };
            let r = runner.tick(now).await.unwrap();
            assert!(matches!(r[0].1, Ran::Failed(_)), "attempt {attempt}: {r:?}");
            wait = wait * 2;
        }
        assert_eq!(fail.load(Ordering::SeqCst), MAX_FAILURES as usize);
        // Given up: this slot is over.
        let r = a.tick(now + Duration::minutes(30)).await.unwrap();
        assert_eq!(r[0].1, Ran::Nothing);
        let (given_up, failures): (i32, i32) = app
            .with_db(|c| jobs::table.find("test-fail").select((jobs::given_up, jobs::failures)).first(c).unwrap())
            .await;
        assert_eq!((given_up, failures), (1, 0));
        let ready: serde_json::Value = app.get("/readyz").await.json().await.unwrap();
        assert_eq!(ready["jobs"]["attention"], true, "{ready}");
        let job = ready["jobs"]["scheduled"].as_array().unwrap().iter()
            .find(|j| j["name"] == "test-fail").cloned().unwrap();
        assert_eq!(job["given_up"], 1);
        assert!(job.get("last_error").is_none(), "errors stay in the console: {job}");

        let admin = app.sign_in(&app.staff("admin", None).await).await;
        let page = admin.page("/quan-tri/cong-viec").await;
        assert!(page.contains("Đã bỏ 1 lượt sau nhiều lần lỗi"), "{page}");
        assert!(page.contains("the backend said no"));

        // The next slot runs as usual.
        let r = b.tick(at(10, 0)).await.unwrap();
        assert!(matches!(r[0].1, Ran::Failed(_)));
    }
}

on_both_databases! {
    /// Mail is claimed item by item: three senders in two processes working one
    /// outbox at once send each mail exactly once.
    async fn two_processes_send_each_mail_once(app) {
        let n = 60;
        app.with_db(move |c| {
            for i in 0..n {
                let mail = gopy::mail::OutgoingMail {
                    to: format!("nguoi{i}@example.vn"),
                    subject: format!("Thư {i}"),
                    text: "Nội dung".into(),
                    html: "<p>Nội dung</p>".into(),
                };
                gopy::db::queries::outbox::enqueue(c, None, gopy::db::queries::outbox::Purpose::Links, &mail, gopy::domain::time::now_utc()).unwrap();
            }
        })
        .await;
        let worker = |db: Db| {
            let (mailer, sent) = gopy::mail::Mailer::memory();
            let w = gopy::jobs::mail::Worker {
                db,
                mailer,
                from: "Góp Ý <gop-y@localhost>".parse().unwrap(),
                wakeup: Default::default(),
                retry_base: Duration::seconds(30),
                lock: Duration::seconds(60),
            };
            (w, sent)
        };
        let (a, sent_a) = worker(app.state.db.clone());
        let (b, sent_b) = worker(second_process(&app));
        // The portal's own worker is a third sender.
        for _ in 0..200 {
            let (x, y) = tokio::join!(a.send_due(), b.send_due());
            if x.unwrap() == 0 && y.unwrap() == 0 {
                let unsent: i64 = app.with_db(|c| mail_outbox::table.filter(mail_outbox::sent_at.is_null()).count().get_result(c).unwrap()).await;
                if unsent == 0 {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
        }
        let mut to: Vec<String> = Vec::new();
        for sent in [&sent_a, &sent_b, &app.mail] {
            to.extend(sent.lock().unwrap().iter().filter(|m| m.mail.subject.starts_with("Thư ")).map(|m| m.mail.to.clone()));
        }
        let unique: BTreeSet<&String> = to.iter().collect();
        assert_eq!(to.len(), n, "each mail sent once: {} sends", to.len());
        assert_eq!(unique.len(), n);
    }
}

on_both_databases! {
    /// The search queue is worked by one process at a time: while another holds its
    /// lease, a batch is not applied here; once it is given back, the queue drains.
    async fn one_process_at_a_time_works_the_search_queue(app) {
        use gopy::db::queries::jobs as lease;
        app.search_settled().await;
        let other = second_process(&app);
        let now = gopy::domain::time::now_utc();
        let held = other
            .write_unpublished(move |c| {
                lease::ensure(c, gopy::jobs::search::JOB)?;
                lease::take_lease(c, gopy::jobs::search::JOB, "the-other-process", now, now + Duration::hours(1))
                    .map_err(gopy::db::DbError::from)
            })
            .await
            .unwrap();
        assert!(held, "the lease was free");
        let draft = app.draft_id("hoc-phi").await;
        app.with_db(move |c| {
            gopy::search::outbox::enqueue(c, draft, gopy::domain::time::now_utc()).unwrap()
        })
        .await;
        let queue = gopy::jobs::search::SearchQueue { db: app.state.db.clone(), search: app.state.search.clone() };
        assert_eq!(queue.apply_due().await.unwrap(), 0, "the other process holds the queue");
        let pending: i64 = app.with_db(|c| search_outbox::table.filter(search_outbox::done_at.is_null()).count().get_result(c).unwrap()).await;
        assert_eq!(pending, 1);

        other
            .write_unpublished(|c| {
                lease::release_lease(c, gopy::jobs::search::JOB, "the-other-process", None)
                    .map_err(gopy::db::DbError::from)
            })
            .await
            .unwrap();
        // This queue or the portal's own applies it now.
        let _ = queue.apply_due().await.unwrap();
        app.search_settled().await;
    }
}

on_both_databases! {
    /// A mail that fails on its last attempt becomes a dead letter: kept, counted in
    /// /readyz and the console, and queued again by an administrator, with an audit
    /// entry.
    async fn a_mail_given_up_is_kept_and_sent_again_on_request(app, |b| b
        .settings_mailer()
        .setting("GOPY_SMTP_URL", &format!("smtp://127.0.0.1:{}", crate::smtp_sink::free_port()))
        .setting("GOPY_MAIL_RETRY_SECONDS", "1"))
    {
        app.comment("hoc-phi", None, &good_comment()).await;
        // One attempt left, due now.
        app.with_db(|c| {
            diesel::update(mail_outbox::table)
                .set((
                    mail_outbox::attempts.eq(gopy::jobs::mail::MAX_ATTEMPTS - 1),
                    mail_outbox::next_attempt_at.eq(gopy::domain::time::now_utc()),
                ))
                .execute(c)
                .unwrap()
        })
        .await;
        let mut dead = 0;
        for _ in 0..400 {
            dead = app.with_db(|c| mail_outbox::table.filter(mail_outbox::dead_at.is_not_null()).count().get_result::<i64>(c).unwrap()).await;
            if dead == 1 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        assert_eq!(dead, 1, "the mail is a dead letter");
        let ready: serde_json::Value = app.get("/readyz").await.json().await.unwrap();
        assert_eq!(ready["status"], "ready", "dead letters do not make the portal unready");
        assert_eq!(ready["jobs"]["attention"], true);
        let mail = ready["jobs"]["queues"].as_array().unwrap().iter().find(|q| q["name"] == "mail").cloned().unwrap();
        assert_eq!((mail["waiting"].as_i64(), mail["dead"].as_i64()), (Some(0), Some(1)), "{ready}");

        // Only administrators see the page and may send again.
        let editor = app.sign_in(&app.staff("editor", Some("so-xay-dung")).await).await;
        assert_eq!(editor.get("/quan-tri/cong-viec").await.status(), 403);
        let admin = app.sign_in(&app.staff("admin", None).await).await;
        let page = admin.page("/quan-tri/cong-viec").await;
        assert!(page.contains("Thử lại các việc đã dừng"), "{page}");
        let resp = admin.post_form("/quan-tri/cong-viec", "/quan-tri/cong-viec/mail/thu-lai", &[]).await;
        assert_eq!(resp.status(), 303);
        assert_eq!(resp.headers()["location"], "/quan-tri/cong-viec?ket-qua=1");
        let (dead_at, attempts): (Option<NaiveDateTime>, i32) = app
            .with_db(|c| mail_outbox::table.select((mail_outbox::dead_at, mail_outbox::attempts)).first(c).unwrap())
            .await;
        // Back in the queue with its attempts counted from zero (the worker, with SMTP
        // still down, may already have tried it again).
        assert_eq!(dead_at, None, "back in the queue");
        assert!(attempts < 5, "attempts counted from zero: {attempts}");
        let audit = admin.page("/quan-tri/nhat-ky").await;
        assert!(audit.contains("jobs.requeue"));
        // An unknown queue is not found.
        let resp = admin.post_form("/quan-tri/cong-viec", "/quan-tri/cong-viec/khong-co/thu-lai", &[]).await;
        assert_eq!(resp.status(), 404);
    }
}

on_both_databases! {
    async fn prune_outboxes_removes_old_sent_mail_in_short_batches(app) {
        // The portal's own scheduler runs the latest slot at its start: let it finish
        // first, or (on a loaded machine) it prunes the rows below before the tick does.
        for _ in 0..200 {
            let settled: bool = app
                .with_db(|c| {
                    use gopy::db::schema::jobs;
                    let row: Option<(Option<NaiveDateTime>, Option<NaiveDateTime>)> = jobs::table
                        .filter(jobs::name.eq("prune-outboxes"))
                        .select((jobs::running_slot, jobs::done_slot))
                        .first(c)
                        .optional()
                        .unwrap();
                    matches!(row, Some((running, Some(done))) if running.is_none_or(|r| r <= done))
                })
                .await;
            if settled {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        let now = gopy::domain::time::now_utc();
        let old = now - Duration::days(40);
        // 12,000 mails sent 40 days ago, 2 sent yesterday, 3 not sent yet.
        let row = move |sent_at: Option<NaiveDateTime>| {
            (
                mail_outbox::purpose.eq(gopy::db::queries::outbox::Purpose::Confirm),
                mail_outbox::recipient.eq("ban@example.vn"),
                mail_outbox::subject.eq("Xác nhận"),
                mail_outbox::text_body.eq(""),
                mail_outbox::html_body.eq(""),
                mail_outbox::next_attempt_at.eq(old),
                mail_outbox::sent_at.eq(sent_at),
                mail_outbox::created_at.eq(old),
            )
        };
        app.with_db(move |c| {
            for _ in 0..12 {
                let rows: Vec<_> = (0..1_000).map(|_| row(Some(old))).collect();
                gopy::with_backend!(&mut *c, |c| diesel::insert_into(mail_outbox::table).values(&rows).execute(c)).unwrap();
            }
            let recent = now - Duration::days(1);
            let rest = vec![row(Some(recent)), row(Some(recent)), row(None), row(None), row(None)];
            gopy::with_backend!(&mut *c, |c| diesel::insert_into(mail_outbox::table).values(&rest).execute(c)).unwrap();
        })
        .await;
        let jobs: Vec<ScheduledJob> = gopy::jobs::schedule::portal_jobs()
            .into_iter()
            .filter(|j| j.name == "prune-outboxes")
            .collect();
        // Tomorrow's slot: the portal's own scheduler may have run today's at its start.
        let tomorrow = now + Duration::days(1);
        let ran = Scheduler::new(app.state.db.clone(), jobs).tick(tomorrow).await.unwrap();
        let Ran::Done(what) = &ran[0].1 else { panic!("{ran:?}") };
        // 5,000 a batch: 5,000 + 5,000 + 2,000.
        assert!(what.contains("(3 batches)"), "{what}");
        let left: i64 = app.with_db(|c| mail_outbox::table.count().get_result(c).unwrap()).await;
        assert_eq!(left, 5, "only the recent and the unsent mail is kept");
    }
}
