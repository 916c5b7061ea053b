//! The comment period of a draft, and every rule about it in one place.
//!
//! A period in days is counted as the Civil Code counts one (Civil Code 2015, Arts.
//! 147-148): the day of the event (the posting, or the opening day typed) is not
//! counted, the count starts the next day, and the period ends at 24:00 of its last
//! day, Vietnamese time, weekends and holidays included. It is at least the document
//! type's minimum, counted from the moment the draft is posted, and when the minimum's
//! last day is a weekend day or a holiday it runs to the end of the next working day
//! (Art. 148(5); the days are `calendar::WorkCalendar`'s): publishing late does not
//! shorten it, and it cannot be closed before the minimum has run unless the draft
//! follows the shortened procedure (trình tự, thủ tục rút gọn), which waives it. A
//! period may be extended to a later day.

use chrono::{NaiveDate, NaiveDateTime};

use super::PeriodStatus;
use super::calendar::WorkCalendar;
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
    /// Ends before the document type's minimum has run: `days` counted against
    /// `minimum`, which runs to the end of `runs_until` (later than the minimum's last
    /// day when that is a rest day).
    TooShort {
        days: i64,
        minimum: i32,
        runs_until: NaiveDate,
    },
    /// The period has already ended: too late to publish.
    Over,
    /// Only an open period can be closed early.
    NotOpen,
    /// An extension must end later than the period does now, and before it has ended.
    ExtendLater,
    /// Closing now would cut the minimum short: it runs until the end of `runs_until`.
    MinimumNotReached {
        runs_until: NaiveDate,
        minimum: i32,
    },
}

impl CommentPeriod {
    /// The period from the opening day to the end of the last day given (Vietnamese
    /// calendar days).
    pub fn from_days(first: NaiveDate, last: NaiveDate) -> Result<Self, PeriodProblem> {
        if last <= first {
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

    /// The days counted: from the day after the opening to the last day, both included
    /// (the opening day is not counted, Civil Code Art. 147).
    pub fn days(&self) -> i64 {
        (time::local_date(self.closes_at) - time::local_date(self.opens_at)).num_days()
    }

    pub fn status(&self, now: NaiveDateTime) -> PeriodStatus {
        PeriodStatus::at(Some(self.opens_at), Some(self.closes_at), now)
    }

    /// The last day of the minimum counted from the opening: the `minimum`th day after
    /// it, or the next working day when that is a rest day.
    pub fn minimum_runs_until(&self, minimum: i32, calendar: &WorkCalendar) -> NaiveDate {
        calendar.period_end(time::local_date(self.opens_at), i64::from(minimum))
    }

    /// At least the document type's `minimum` (its rule), counted as above.
    pub fn check_minimum(
        &self,
        minimum: i32,
        calendar: &WorkCalendar,
    ) -> Result<(), PeriodProblem> {
        let runs_until = self.minimum_runs_until(minimum, calendar);
        if time::local_date(self.closes_at) < runs_until {
            return Err(PeriodProblem::TooShort {
                days: self.days(),
                minimum,
                runs_until,
            });
        }
        Ok(())
    }

    /// The period as it runs when the draft is posted at `posted`: it opens then, unless
    /// it was set to open later.
    pub fn posted_at(&self, posted: NaiveDateTime) -> CommentPeriod {
        CommentPeriod {
            opens_at: self.opens_at.max(posted),
            closes_at: self.closes_at,
        }
    }

    /// Whether a draft with this period may be posted at `now`: the period has not
    /// ended, and counted from the posting it is long enough (`minimum` None: the
    /// shortened procedure, no minimum). Returns the period as it will run.
    pub fn check_publishable(
        &self,
        minimum: Option<i32>,
        now: NaiveDateTime,
        calendar: &WorkCalendar,
    ) -> Result<CommentPeriod, PeriodProblem> {
        if self.closes_at <= now {
            return Err(PeriodProblem::Over);
        }
        let posted = self.posted_at(now);
        if let Some(minimum) = minimum {
            posted.check_minimum(minimum, calendar)?;
        }
        Ok(posted)
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

    /// The period ended at `now`, which it must be open at, and only once the minimum
    /// has run (`minimum` None: the shortened procedure, which waives it).
    pub fn closed_early(
        &self,
        now: NaiveDateTime,
        minimum: Option<i32>,
        calendar: &WorkCalendar,
    ) -> Result<CommentPeriod, PeriodProblem> {
        if self.status(now) != PeriodStatus::Open {
            return Err(PeriodProblem::NotOpen);
        }
        if let Some(minimum) = minimum {
            let runs_until = self.minimum_runs_until(minimum, calendar);
            if now <= end_of(runs_until) {
                return Err(PeriodProblem::MinimumNotReached {
                    runs_until,
                    minimum,
                });
            }
        }
        Ok(CommentPeriod {
            opens_at: self.opens_at,
            closes_at: now,
        })
    }
}

/// The end of a Vietnamese calendar day, in UTC: 24:00, as the last microsecond before
/// it (what both databases store exactly), so that a comment sent at 23:59:59.5 is in.
pub fn end_of(day: NaiveDate) -> NaiveDateTime {
    time::local_to_utc(
        day.and_hms_micro_opt(23, 59, 59, 999_999)
            .unwrap_or_default(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::DayKind;

    /// Weekends only: December 2026 has no holiday.
    fn weekends() -> WorkCalendar {
        WorkCalendar::default()
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    fn local(d: u32, h: u32) -> NaiveDateTime {
        time::local_to_utc(day(d).and_hms_opt(h, 0, 0).unwrap())
    }

    #[test]
    fn a_period_counts_from_the_day_after_and_ends_at_midnight() {
        let p = CommentPeriod::from_days(day(1), day(21)).unwrap();
        assert_eq!(p.days(), 20, "the 1st is not counted: the 2nd to the 21st");
        assert_eq!(
            p.status(local(1, 0) - chrono::Duration::seconds(1)),
            PeriodStatus::Upcoming
        );
        assert_eq!(p.status(local(1, 0)), PeriodStatus::Open);
        let last_moment = time::local_to_utc(day(21).and_hms_milli_opt(23, 59, 59, 500).unwrap());
        assert_eq!(
            p.status(last_moment),
            PeriodStatus::Open,
            "open until 24:00"
        );
        assert_eq!(p.status(local(22, 0)), PeriodStatus::Closed);
        assert_eq!(
            CommentPeriod::from_days(day(2), day(1)),
            Err(PeriodProblem::ClosesBeforeOpens)
        );
        assert_eq!(
            CommentPeriod::from_days(day(1), day(1)),
            Err(PeriodProblem::ClosesBeforeOpens),
            "a period of no counted day"
        );
    }

    #[test]
    fn a_period_is_at_least_the_minimum() {
        let p = CommentPeriod::from_days(day(1), day(20)).unwrap();
        assert_eq!(
            p.check_minimum(20, &weekends()),
            Err(PeriodProblem::TooShort {
                days: 19,
                minimum: 20,
                runs_until: day(21)
            })
        );
        let p = CommentPeriod::from_days(day(1), day(21)).unwrap();
        assert_eq!(p.check_minimum(20, &weekends()), Ok(()));
    }

    #[test]
    fn the_minimum_counts_from_the_posting_not_from_a_past_opening_day() {
        let p = CommentPeriod::from_days(day(1), day(21)).unwrap();
        // Posted on the 1st: the 2nd to the 21st, 20 days.
        assert_eq!(
            p.check_publishable(Some(20), local(1, 9), &weekends())
                .unwrap()
                .opens_at,
            local(1, 9)
        );
        // Posted on the 5th with the 1st typed: only 16 days are left.
        assert_eq!(
            p.check_publishable(Some(20), local(5, 9), &weekends()),
            Err(PeriodProblem::TooShort {
                days: 16,
                minimum: 20,
                runs_until: day(25)
            })
        );
        // Under the shortened procedure there is no minimum.
        assert!(p.check_publishable(None, local(5, 9), &weekends()).is_ok());
        // Posted before a later opening day: it opens on its day.
        assert_eq!(
            p.check_publishable(
                Some(20),
                local(1, 0) - chrono::Duration::days(3),
                &weekends()
            )
            .unwrap()
            .opens_at,
            local(1, 0)
        );
        assert_eq!(
            p.check_publishable(Some(20), local(22, 9), &weekends()),
            Err(PeriodProblem::Over)
        );
    }

    #[test]
    fn a_period_is_extended_to_a_later_day_or_closed_once_the_minimum_has_run() {
        let p = CommentPeriod::from_days(day(1), day(25)).unwrap();
        let longer = p.extended_to(day(28), local(10, 9)).unwrap();
        assert_eq!(longer.days(), 27);
        assert_eq!(
            p.extended_to(day(25), local(10, 9)),
            Err(PeriodProblem::ExtendLater)
        );
        assert_eq!(
            p.extended_to(day(28), local(26, 9)),
            Err(PeriodProblem::ExtendLater)
        );
        // Upcoming periods may be extended too.
        assert!(
            p.extended_to(day(28), local(1, 0) - chrono::Duration::hours(1))
                .is_ok()
        );

        // 20 days from the 1st run until the end of the 21st.
        assert_eq!(
            p.closed_early(local(10, 9), Some(20), &weekends()),
            Err(PeriodProblem::MinimumNotReached {
                runs_until: day(21),
                minimum: 20
            })
        );
        assert!(
            p.closed_early(local(21, 23), Some(20), &weekends())
                .is_err()
        );
        let now = local(22, 9);
        assert_eq!(
            p.closed_early(now, Some(20), &weekends())
                .unwrap()
                .closes_at,
            now
        );
        // The shortened procedure waives the minimum.
        assert_eq!(
            p.closed_early(local(10, 9), None, &weekends())
                .unwrap()
                .closes_at,
            local(10, 9)
        );
        assert_eq!(
            p.closed_early(local(26, 9), None, &weekends()),
            Err(PeriodProblem::NotOpen)
        );
        assert_eq!(
            p.closed_early(local(1, 0) - chrono::Duration::hours(1), None, &weekends()),
            Err(PeriodProblem::NotOpen)
        );
    }

    #[test]
    fn a_minimum_ending_on_a_rest_day_runs_to_the_next_working_day() {
        // Posted on Wednesday 2 December 2026: 20 days end on Tuesday the 22nd, 24 on
        // Saturday the 26th, which moves the minimum's end to Monday the 28th.
        let p = CommentPeriod::from_days(day(2), day(26)).unwrap();
        assert_eq!(p.check_minimum(20, &weekends()), Ok(()));
        assert_eq!(
            p.check_minimum(24, &weekends()),
            Err(PeriodProblem::TooShort {
                days: 24,
                minimum: 24,
                runs_until: day(28)
            })
        );
        let p = CommentPeriod::from_days(day(2), day(28)).unwrap();
        assert_eq!(p.check_minimum(24, &weekends()), Ok(()));
        assert_eq!(
            p.closed_early(local(27, 9), Some(24), &weekends()),
            Err(PeriodProblem::MinimumNotReached {
                runs_until: day(28),
                minimum: 24
            })
        );
        // A holiday on the 22nd (a made-up one, for the test) moves a 20-day minimum
        // to the 23rd.
        let holiday = WorkCalendar::new([2026], [(day(22), DayKind::Holiday)]);
        assert_eq!(p.minimum_runs_until(20, &holiday), day(23));
    }
}
