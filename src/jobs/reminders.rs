//! Reminders of the deadlines of social critiques (issue 16, point 8): a daily job reads
//! the critiques whose clock runs against the clocks the operator set
//! (`domain::critique::Clocks`) and queues the reminder due today to each person
//! responsible, once (`critique_reminders` remembers what went).

use chrono::NaiveDateTime;
use diesel::Connection;

use crate::db::DbConnection;
use crate::db::queries::critiques as q;
use crate::db::queries::outbox::{self, Purpose};
use crate::domain::critique::{Clocks, Deadline, reminder_due};
use crate::domain::time;

pub const JOB: &str = "critique-reminders";

/// The reminders job's work: for each critique whose clock runs, the reminder due
/// today (5 days before, then 1 day before) goes once to each responsible person.
/// Returns what it did, for the log.
pub fn send(
    conn: &mut DbConnection,
    clocks: Clocks,
    base_url: &str,
    now: NaiveDateTime,
) -> diesel::QueryResult<String> {
    if clocks == Clocks::default() {
        return Ok("no deadline is set".into());
    }
    let today = time::local_date(now);
    let mut sent = 0usize;
    for (named, agency, title) in q::open(conn)? {
        let c = &named.critique;
        let Some((deadline, due)) = clocks.running(&c.dates()) else {
            continue;
        };
        let Some(days_before) = reminder_due(due, today) else {
            continue;
        };
        conn.transaction(|conn| {
            if q::reminded(conn, c.id, deadline, due, days_before)? {
                return Ok::<_, diesel::result::Error>(());
            }
            let link = format!(
                "{}{}",
                base_url.trim_end_matches('/'),
                crate::paths::console::critique(c.id)
            );
            for to in q::responsible(conn, deadline, c.organisation_id, agency)? {
                let mail = crate::mail::templates::deadline_reminder(
                    &crate::mail::templates::DeadlineReminder {
                        to: &to,
                        draft_title: &title,
                        organisation: &named.organisation,
                        front: deadline == Deadline::FrontReply,
                        due,
                        days_left: (due - today).num_days(),
                        link: &link,
                    },
                );
                outbox::enqueue(conn, None, Purpose::DeadlineReminder, &mail, now)?;
                sent += 1;
            }
            q::record_reminder(conn, c.id, deadline, due, days_before, now)
        })?;
    }
    Ok(format!("{sent} reminders queued"))
}
