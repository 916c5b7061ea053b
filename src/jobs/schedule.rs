//! Scheduled jobs: work that runs every N minutes or once a day at a time in Viet Nam.
//!
//! Time is cut into slots (`Schedule::latest_slot`). A runner that wakes claims the
//! latest slot that has begun, in the jobs table (`jobs::claim_slot`); the claim
//! succeeds for one process only, and only if that slot has not run, so each slot runs
//! once however many processes share the database. A process that starts after slots
//! were missed finds the latest one not run and runs it once (the missed ones are
//! covered by it: every job here does all that is due, not one slot's share).
//!
//! A failed run is tried again with exponential backoff, from whichever process comes
//! first, and given up after `MAX_FAILURES` (shown in /readyz and the console); the next
//! slot runs as usual. A run holds its lease for `LEASE`: a process that dies mid-run
//! delays the job by that much, and never runs it twice at once.

use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveDateTime, NaiveTime};
use diesel::Connection;

use crate::db::queries::jobs;
use crate::db::{Db, DbConnection, DbError};
use crate::domain::time;

/// A run's lease. Scheduled work is short database work; this only bounds how long a
/// crashed process holds the job.
const LEASE: chrono::Duration = chrono::Duration::minutes(15);

/// A batched job stops after this many batches in one slot (and goes on at the next):
/// a run stays well inside its lease.
const MAX_BATCHES: usize = 1_000;
const RETRY_BASE: chrono::Duration = chrono::Duration::seconds(30);
const RETRY_MAX: chrono::Duration = chrono::Duration::minutes(30);
pub const MAX_FAILURES: i32 = 5;
/// How often the scheduler looks at the clock.
const TICK: Duration = Duration::from_secs(20);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule {
    /// Every so many minutes, on the multiples of that many minutes since the epoch.
    EveryMinutes(u32),
    /// Once a day at this wall-clock time in Viet Nam.
    DailyAt(NaiveTime),
}

impl Schedule {
    /// The start (UTC) of the latest slot that has begun at `now` (UTC).
    pub fn latest_slot(&self, now: NaiveDateTime) -> NaiveDateTime {
        match *self {
            Schedule::EveryMinutes(n) => {
                let step = i64::from(n.max(1)) * 60;
                let secs = now.and_utc().timestamp();
                chrono::DateTime::from_timestamp(secs - secs.rem_euclid(step), 0)
                    .map(|t| t.naive_utc())
                    .unwrap_or(now)
            }
            Schedule::DailyAt(at) => {
                let local = time::to_local(now).naive_local();
                let today = local.date().and_time(at);
                let slot = if local >= today {
                    today
                } else {
                    today - chrono::Duration::days(1)
                };
                time::local_to_utc(slot)
            }
        }
    }

    /// The start (UTC) of the first slot after `now`.
    pub fn next_slot(&self, now: NaiveDateTime) -> NaiveDateTime {
        let latest = self.latest_slot(now);
        match *self {
            Schedule::EveryMinutes(n) => latest + chrono::Duration::minutes(i64::from(n.max(1))),
            Schedule::DailyAt(_) => latest + chrono::Duration::days(1),
        }
    }

    /// As the console says it.
    pub fn describe(&self) -> String {
        match self {
            Schedule::EveryMinutes(n) => format!("mỗi {n} phút"),
            Schedule::DailyAt(at) => format!("hằng ngày lúc {}", at.format("%H:%M")),
        }
    }
}

/// The work of a scheduled job: database work in one transaction, given the slot's
/// start; returns a short account of what it did, for the log, and whether there is
/// more to do (then it is called again, in a transaction of its own).
pub type Work =
    Arc<dyn Fn(&mut DbConnection, NaiveDateTime) -> Result<Batch, DbError> + Send + Sync>;

/// What one call of a job's work did.
#[derive(Debug, Clone)]
pub struct Batch {
    pub what: String,
    /// The work is not finished: call it again.
    pub more: bool,
}

#[derive(Clone)]
pub struct ScheduledJob {
    pub name: &'static str,
    pub schedule: Schedule,
    pub work: Work,
}

impl ScheduledJob {
    pub fn new(
        name: &'static str,
        schedule: Schedule,
        work: impl Fn(&mut DbConnection, NaiveDateTime) -> Result<String, DbError>
        + Send
        + Sync
        + 'static,
    ) -> Self {
        ScheduledJob {
            name,
            schedule,
            work: Arc::new(move |c, slot| work(c, slot).map(|what| Batch { what, more: false })),
        }
    }

    /// A job whose work goes in batches, each in a transaction of its own, so that a
    /// long job (a purge of a million rows) never holds the database's write lock for
    /// long: the comments and mail of the moment are written between two batches.
    pub fn batched(
        name: &'static str,
        schedule: Schedule,
        work: impl Fn(&mut DbConnection, NaiveDateTime) -> Result<Batch, DbError>
        + Send
        + Sync
        + 'static,
    ) -> Self {
        ScheduledJob {
            name,
            schedule,
            work: Arc::new(work),
        }
    }
}

/// What one job did at one tick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ran {
    /// Its slot had run, or another process holds it.
    Nothing,
    Done(String),
    Failed(String),
}

/// Runs scheduled jobs for the life of the process.
pub struct Scheduler {
    db: Db,
    jobs: Vec<ScheduledJob>,
}

impl Scheduler {
    pub fn new(db: Db, jobs: Vec<ScheduledJob>) -> Self {
        Scheduler { db, jobs }
    }

    pub async fn run(self) {
        tracing::info!(jobs = self.jobs.len(), "scheduler started");
        loop {
            if let Err(e) = self.tick(time::now_utc()).await {
                tracing::warn!(error = %e, "scheduler could not reach the database; trying again");
            }
            tokio::time::sleep(TICK).await;
        }
    }

    /// Looks at every job once, as at `now`, and runs those whose slot is due here.
    pub async fn tick(&self, now: NaiveDateTime) -> Result<Vec<(&'static str, Ran)>, DbError> {
        let mut ran = Vec::with_capacity(self.jobs.len());
        for job in &self.jobs {
            let outcome = self.run_if_due(job, now).await?;
            match &outcome {
                Ran::Nothing => {}
                Ran::Done(what) => tracing::info!(job = job.name, %what, "scheduled job ran"),
                Ran::Failed(error) => {
                    tracing::warn!(job = job.name, %error, "scheduled job failed")
                }
            }
            ran.push((job.name, outcome));
        }
        Ok(ran)
    }

    async fn run_if_due(&self, job: &ScheduledJob, now: NaiveDateTime) -> Result<Ran, DbError> {
        let (name, slot) = (job.name, job.schedule.latest_slot(now));
        let token = crate::auth::token::new_token();
        let t = token.clone();
        let claimed = self
            .db
            .write_unpublished(move |c| {
                jobs::ensure(c, name)?;
                jobs::claim_slot(c, name, slot, &t, now, now + LEASE).map_err(DbError::from)
            })
            .await?;
        if !claimed {
            return Ok(Ran::Nothing);
        }
        let mut result;
        let mut batches = 0;
        loop {
            let work = job.work.clone();
            result = self
                .db
                .write_unpublished(move |c| c.transaction(|c| work(c, slot)))
                .await;
            batches += 1;
            match &result {
                Ok(b) if b.more && batches < MAX_BATCHES => continue,
                _ => break,
            }
        }
        let result = result.map(|b| match batches {
            1 => b.what,
            n => format!("{} ({n} batches)", b.what),
        });
        let outcome = match &result {
            Ok(what) => Ran::Done(what.clone()),
            Err(e) => Ran::Failed(e.to_string()),
        };
        // Recorded as at `now`, the tick's time, like the claim: a run's times all come
        // from the one clock reading.
        self.db
            .write_unpublished(move |c| {
                let done = now;
                match result {
                    Ok(_) => jobs::slot_done(c, name, &token, done),
                    Err(e) => {
                        let failures = jobs::failures(c, name)? + 1;
                        let retry = crate::jobs::Retry::after(
                            failures,
                            MAX_FAILURES,
                            done,
                            RETRY_BASE,
                            RETRY_MAX,
                        );
                        let retry_at = match retry {
                            crate::jobs::Retry::At(at) => Some(at),
                            crate::jobs::Retry::GiveUp => None,
                        };
                        jobs::slot_failed(c, name, &token, &e.to_string(), retry_at)
                    }
                }
                .map_err(DbError::from)
            })
            .await?;
        Ok(outcome)
    }
}

/// The portal's own scheduled jobs.
pub fn portal_jobs() -> Vec<ScheduledJob> {
    PORTAL_JOBS.clone()
}

/// The portal's jobs for a process whose commenters' contacts are kept
/// `contact_retention_days` after their draft's period ends (GOPY_CONTACT_RETENTION_DAYS):
/// the same list, with that figure in the job that erases them.
/// The reminders of critiques' deadlines go with the clocks the process was given
/// (GOPY_CRITIQUE_REPLY_DAYS, GOPY_CRITIQUE_ANSWER_DAYS) and its address in their links.
pub fn portal_jobs_configured(
    contact_retention_days: i64,
    clocks: crate::domain::critique::Clocks,
    base_url: &str,
) -> Vec<ScheduledJob> {
    let mut jobs = portal_jobs();
    for job in &mut jobs {
        if job.name == ERASE_CONTACTS {
            *job = erase_contacts(contact_retention_days);
        } else if job.name == super::reminders::JOB {
            *job = critique_reminders(clocks, base_url.to_string());
        }
    }
    jobs
}

/// Reminders of the deadlines of social critiques, each morning in Viet Nam.
fn critique_reminders(clocks: crate::domain::critique::Clocks, base_url: String) -> ScheduledJob {
    ScheduledJob::new(
        super::reminders::JOB,
        Schedule::DailyAt(NaiveTime::from_hms_opt(7, 0, 0).expect("a valid time")),
        move |c, _slot| {
            Ok(super::reminders::send(
                c,
                clocks,
                &base_url,
                time::now_utc(),
            )?)
        },
    )
}

/// The job that erases commenters' addresses and names once kept long enough.
pub const ERASE_CONTACTS: &str = "erase-expired-contacts";

fn erase_contacts(days: i64) -> ScheduledJob {
    ScheduledJob::batched(
        ERASE_CONTACTS,
        Schedule::DailyAt(NaiveTime::from_hms_opt(3, 30, 0).expect("a valid time")),
        move |c, _slot| {
            let now = time::now_utc();
            let n = crate::db::queries::comments::erase_expired_contacts(
                c,
                now - chrono::Duration::days(days),
                PRUNE_BATCH as i64,
                now,
            )?;
            Ok(Batch {
                what: format!("{n} commenters' addresses and names erased"),
                more: n == PRUNE_BATCH,
            })
        },
    )
}

/// The portal's jobs, made once: /readyz reads their schedules on every request.
pub static PORTAL_JOBS: std::sync::LazyLock<Vec<ScheduledJob>> = std::sync::LazyLock::new(|| {
    vec![
        // Sessions past their end are refused whether or not their rows remain; this
        // clears the rows.
        ScheduledJob::new(
            "clear-expired-sessions",
            Schedule::EveryMinutes(10),
            |c, _slot| {
                let n = crate::db::queries::sessions::clear_expired(c, time::now_utc())?;
                Ok(format!("{n} expired staff sessions cleared"))
            },
        ),
        // Replaced by the process's own figures (`portal_jobs_configured`); the
        // defaults here only name the jobs and their schedules.
        erase_contacts(365),
        critique_reminders(crate::domain::critique::Clocks::default(), String::new()),
        ScheduledJob::batched(
            "prune-outboxes",
            Schedule::DailyAt(NaiveTime::from_hms_opt(3, 0, 0).expect("a valid time")),
            |c, _slot| {
                let now = time::now_utc();
                let mail =
                    crate::db::queries::outbox::prune_sent(c, now - SENT_MAIL_KEPT, PRUNE_BATCH)?;
                let search = crate::search::outbox::prune_done(c, now, PRUNE_BATCH)?;
                Ok(Batch {
                    what: format!("{mail} sent mails and {search} applied search changes removed"),
                    more: mail == PRUNE_BATCH || search == PRUNE_BATCH,
                })
            },
        ),
    ]
});

/// Rows of each outbox removed per batch of `prune-outboxes`.
const PRUNE_BATCH: usize = 5_000;

/// Sent mail is kept this long (its body is cleared when it is sent; the recipient's
/// address is personal data and goes with the row).
pub const SENT_MAIL_KEPT: chrono::Duration = chrono::Duration::days(30);

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    #[test]
    fn every_n_minutes_cuts_time_on_multiples_of_n() {
        let s = Schedule::EveryMinutes(10);
        assert_eq!(
            s.latest_slot(at(2026, 12, 1, 9, 17)),
            at(2026, 12, 1, 9, 10)
        );
        assert_eq!(
            s.latest_slot(at(2026, 12, 1, 9, 10)),
            at(2026, 12, 1, 9, 10)
        );
        assert_eq!(s.next_slot(at(2026, 12, 1, 9, 17)), at(2026, 12, 1, 9, 20));
    }

    #[test]
    fn daily_slots_are_at_the_time_in_viet_nam() {
        let s = Schedule::DailyAt(NaiveTime::from_hms_opt(3, 0, 0).unwrap());
        // 03:00 in Ha Noi is 20:00 UTC the day before.
        assert_eq!(
            s.latest_slot(at(2026, 12, 1, 20, 0)),
            at(2026, 12, 1, 20, 0)
        );
        assert_eq!(
            s.latest_slot(at(2026, 12, 1, 19, 59)),
            at(2026, 11, 30, 20, 0)
        );
        // 10:00 UTC is 17:00 in Ha Noi: today's 03:00 there has passed.
        assert_eq!(
            s.latest_slot(at(2026, 12, 1, 10, 0)),
            at(2026, 11, 30, 20, 0)
        );
        assert_eq!(s.next_slot(at(2026, 12, 1, 10, 0)), at(2026, 12, 1, 20, 0));
        assert_eq!(s.describe(), "hằng ngày lúc 03:00");
    }
}
