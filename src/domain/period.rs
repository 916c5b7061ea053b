//! The comment period of a draft, and every rule about it in one place: a period runs
//! from the start of its first day to the end of its last, Vietnamese time; it is at
//! least the document type's minimum number of calendar days; a draft is published only
//! while its period has not ended; a period may be extended to a later day, or closed
//! early while it is open.

use chrono::{NaiveDate, NaiveDateTime};

use super::PeriodStatus;
use super::time;

/// A whole comment period, its ends in UTC as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommentPeriod {
    pub opens_at: NaiveDateTime,
    pub closes_at: NaiveDateTime,
}

/// Why a period, or a change to one, is refused. The console says each in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodProblem {
    ClosesBeforeOpens,
    /// Fewer calendar days than the document type's minimum.
    TooShort {
        days: i64,
        minimum: i32,
    },
    /// The period has already ended: too late to publish.
    Over,
    /// Only an open period can be closed early.
    NotOpen,
    /// An extension must end later than the period does now, and before it has ended.
    ExtendLater,
}

impl CommentPeriod {
    /// The period from the first to the last day given (Vietnamese calendar days,
    /// both included).
    pub fn from_days(first: NaiveDate, last: NaiveDate) -> Result<Self, PeriodProblem> {
        if last < first {
            return Err(PeriodProblem::ClosesBeforeOpens);
        }
        Ok(CommentPeriod {
            opens_at: time::local_to_utc(first.and_time(chrono::NaiveTime::MIN)),
            closes_at: end_of(last),
        })
    }

    /// The stored ends of a draft's period, when it has both.
    pub fn of(opens_at: Option<NaiveDateTime>, closes_at: Option<NaiveDateTime>) -> Option<Self> {
        Some(CommentPeriod {
            opens_at: opens_at?,
            closes_at: closes_at?,
        })
    }

    /// Calendar days in Viet Nam from the first day to the last, both included:
    /// legal periods count weekends and holidays.
    pub fn days(&self) -> i64 {
        (time::local_date(self.closes_at) - time::local_date(self.opens_at)).num_days() + 1
    }

    pub fn status(&self, now: NaiveDateTime) -> PeriodStatus {
        PeriodStatus::at(Some(self.opens_at), Some(self.closes_at), now)
    }

    /// At least `minimum` calendar days (the document type's rule).
    pub fn check_minimum(&self, minimum: i32) -> Result<(), PeriodProblem> {
        let days = self.days();
        if days < i64::from(minimum) {
            return Err(PeriodProblem::TooShort { days, minimum });
        }
        Ok(())
    }

    /// Whether a draft with this period may be published at `now`: the period has not
    /// ended and is long enough.
    pub fn check_publishable(&self, minimum: i32, now: NaiveDateTime) -> Result<(), PeriodProblem> {
        if self.closes_at <= now {
            return Err(PeriodProblem::Over);
        }
        self.check_minimum(minimum)
    }

    /// The period extended to the end of `last_day`, which must be later than its end
    /// now; an ended period cannot be extended.
    pub fn extended_to(
        &self,
        last_day: NaiveDate,
        now: NaiveDateTime,
    ) -> Result<CommentPeriod, PeriodProblem> {
        let closes_at = end_of(last_day);
        if closes_at <= self.closes_at || self.status(now) == PeriodStatus::Closed {
            return Err(PeriodProblem::ExtendLater);
        }
        Ok(CommentPeriod {
            opens_at: self.opens_at,
            closes_at,
        })
    }

    /// The period ended at `now`, which it must be open at.
    pub fn closed_early(&self, now: NaiveDateTime) -> Result<CommentPeriod, PeriodProblem> {
        if self.status(now) != PeriodStatus::Open {
            return Err(PeriodProblem::NotOpen);
        }
        Ok(CommentPeriod {
            opens_at: self.opens_at,
            closes_at: now,
        })
    }
}

/// The last second of a Vietnamese calendar day, in UTC.
fn end_of(day: NaiveDate) -> NaiveDateTime {
    time::local_to_utc(day.and_hms_opt(23, 59, 59).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    fn local(d: u32, h: u32) -> NaiveDateTime {
        time::local_to_utc(day(d).and_hms_opt(h, 0, 0).unwrap())
    }

    #[test]
    fn a_period_runs_from_the_first_day_to_the_end_of_the_last() {
        let p = CommentPeriod::from_days(day(1), day(30)).unwrap();
        assert_eq!(p.days(), 30);
        assert_eq!(
            p.status(local(1, 0) - chrono::Duration::seconds(1)),
            PeriodStatus::Upcoming
        );
        assert_eq!(p.status(local(1, 0)), PeriodStatus::Open);
        assert_eq!(p.status(local(30, 23)), PeriodStatus::Open);
        assert_eq!(p.status(local(31, 0)), PeriodStatus::Closed);
        assert_eq!(CommentPeriod::from_days(day(1), day(1)).unwrap().days(), 1);
        assert_eq!(
            CommentPeriod::from_days(day(2), day(1)),
            Err(PeriodProblem::ClosesBeforeOpens)
        );
    }

    #[test]
    fn a_period_is_at_least_the_minimum() {
        let p = CommentPeriod::from_days(day(1), day(29)).unwrap();
        assert_eq!(
            p.check_minimum(30),
            Err(PeriodProblem::TooShort {
                days: 29,
                minimum: 30
            })
        );
        assert_eq!(
            CommentPeriod::from_days(day(1), day(30))
                .unwrap()
                .check_minimum(30),
            Ok(())
        );
    }

    #[test]
    fn a_draft_is_published_only_before_its_period_ends() {
        let p = CommentPeriod::from_days(day(1), day(30)).unwrap();
        assert_eq!(p.check_publishable(30, local(15, 9)), Ok(()));
        assert_eq!(
            p.check_publishable(30, local(31, 9)),
            Err(PeriodProblem::Over)
        );
        assert_eq!(
            p.check_publishable(60, local(15, 9)),
            Err(PeriodProblem::TooShort {
                days: 30,
                minimum: 60
            })
        );
    }

    #[test]
    fn a_period_is_extended_to_a_later_day_or_closed_while_open() {
        let p = CommentPeriod::from_days(day(1), day(20)).unwrap();
        let longer = p.extended_to(day(25), local(10, 9)).unwrap();
        assert_eq!(longer.days(), 25);
        assert_eq!(
            p.extended_to(day(20), local(10, 9)),
            Err(PeriodProblem::ExtendLater)
        );
        assert_eq!(
            p.extended_to(day(25), local(21, 9)),
            Err(PeriodProblem::ExtendLater)
        );
        // Upcoming periods may be extended too.
        assert!(
            p.extended_to(day(25), local(1, 0) - chrono::Duration::hours(1))
                .is_ok()
        );

        let now = local(10, 9);
        assert_eq!(p.closed_early(now).unwrap().closes_at, now);
        assert_eq!(p.closed_early(local(21, 9)), Err(PeriodProblem::NotOpen));
        assert_eq!(
            p.closed_early(local(1, 0) - chrono::Duration::hours(1)),
            Err(PeriodProblem::NotOpen)
        );
    }
}
