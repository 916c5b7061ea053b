//! Mail leaves through a real SMTP conversation, and an SMTP outage loses nothing.

use diesel::prelude::*;
use gopy::db::schema::mail_outbox;

use crate::on_both_databases;
use crate::smtp_sink;

/// Outbox rows: (all, sent).
async fn outbox(app: &crate::helpers::TestApp) -> (i64, i64) {
    app.with_db(|c| {
        let all = mail_outbox::table.count().get_result::<i64>(c).unwrap();
        let sent = mail_outbox::table
            .filter(mail_outbox::sent_at.is_not_null())
            .count()
            .get_result::<i64>(c)
            .unwrap();
        (all, sent)
    })
    .await
}

/// A port where no SMTP server listens yet.
fn smtp_down() -> u16 {
    smtp_sink::free_port()
}

on_both_databases! {
    /// With the SMTP server down, submissions still succeed and their mail waits in the
    /// outbox; when the server comes back each mail is delivered exactly once.
    async fn an_smtp_outage_delays_mail_but_loses_none(app, |b| b
        .settings_mailer()
        .setting("GOPY_SMTP_URL", &format!("smtp://127.0.0.1:{}", smtp_down()))
        .setting("GOPY_MAIL_RETRY_SECONDS", "1"))
    {
        let port: u16 = app.settings["GOPY_SMTP_URL"].rsplit(':').next().unwrap().parse().unwrap();
        let mut tracking = Vec::new();
        for i in 0..3 {
            let form = with(good_comment(), "noi_dung", &format!("Ý kiến số {i} gửi khi máy chủ thư ngừng."));
            tracking.push(app.comment("hoc-phi", None, &form).await);
        }
        // The worker tries and fails; nothing is sent, nothing is lost. (Waited for,
        // not slept on: a busy machine may take longer than any fixed pause.)
        let mut attempts = Vec::new();
        for _ in 0..400 {
            attempts = app.with_db(|c| mail_outbox::table.select(mail_outbox::attempts).load::<i32>(c).unwrap()).await;
            if attempts.len() == 3 && attempts.iter().all(|a| *a >= 1) {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert!(attempts.len() == 3 && attempts.iter().all(|a| *a >= 1), "{attempts:?}");
        assert_eq!(outbox(&app).await, (3, 0));

        let received = smtp_sink::start(port).await;
        // A mail is marked sent after the server took it, so once all three are marked,
        // every delivery (a duplicate too) has reached the sink.
        for _ in 0..400 {
            if outbox(&app).await == (3, 3) {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert_eq!(outbox(&app).await, (3, 3), "all delivered");
        let mails = received.all();
        assert_eq!(mails.len(), 3, "each mail once");
        for t in &tracking {
            assert_eq!(mails.iter().filter(|m| m.contains(t.as_str())).count(), 1, "{t}");
        }
        assert!(mails[0].contains("Content-Type: multipart/alternative"));
        assert_eq!(outbox(&app).await, (3, 3));
        let bodies = app.with_db(|c| mail_outbox::table.select(mail_outbox::text_body).load::<String>(c).unwrap()).await;
        assert!(bodies.iter().all(String::is_empty), "sent mail keeps no personal text");
    }
}
