//! Working days and rest days, as Vietnamese law counts them.
//!
//! A day is a rest day when it is a Saturday or a Sunday (the weekly rest of the public
//! service), a public holiday (Labour Code 2019, Art. 112), or a day off given in
//! compensation or swapped by the Government's yearly decision; a weekend day that the
//! same decision makes a working day is not. The days that differ from the weekly
//! pattern are data (`calendar_days`), each with its source, and a year counts as known
//! only once its decision has been entered (`calendar_years`): in a year not known, only
//! weekends are rest days, and whoever relies on a count must say so.
//!
//! Why this exists: a period in days that ends on a rest day ends at the end of the next
//! working day (Civil Code 2015, Art. 148(5)), so a comment period's minimum is counted
//! with this calendar.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate, Weekday};

use super::text_enum;

text_enum! {
    /// How a day differs from the weekly pattern.
    pub enum DayKind {
        /// A public holiday of the Labour Code.
        Holiday = "holiday",
        /// A weekday off: given in compensation for a holiday on a weekend, or swapped.
        DayOff = "day_off",
        /// A Saturday or Sunday worked, in exchange for a swapped day off.
        Workday = "workday",
    }
}

/// The days of the years entered, and which years are complete.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    years: BTreeSet<i32>,
    days: BTreeMap<NaiveDate, DayKind>,
}

/// No rest day lasts this long: a search for the next working day stops here rather
/// than loop on a calendar whose data would make every day a rest day.
const LONGEST_REST: u32 = 60;

impl WorkCalendar {
    pub fn new(
        years: impl IntoIterator<Item = i32>,
        days: impl IntoIterator<Item = (NaiveDate, DayKind)>,
    ) -> Self {
        WorkCalendar {
            years: years.into_iter().collect(),
            days: days.into_iter().collect(),
        }
    }

    /// Whether the year's holidays and swaps have been entered.
    pub fn knows(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    pub fn is_rest_day(&self, day: NaiveDate) -> bool {
        match self.days.get(&day) {
            Some(DayKind::Holiday | DayKind::DayOff) => true,
            Some(DayKind::Workday) => false,
            None => matches!(day.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// The day itself if it is a working day, else the first working day after it.
    pub fn working_day_from(&self, day: NaiveDate) -> NaiveDate {
        let mut d = day;
        for _ in 0..LONGEST_REST {
            if !self.is_rest_day(d) {
                return d;
            }
            match d.succ_opt() {
                Some(next) => d = next,
                None => return d,
            }
        }
        d
    }

    /// The last day of a period of `days` days counted from the day after `event`
    /// (Civil Code Art. 147), moved to the next working day when it is a rest day
    /// (Art. 148(5)).
    pub fn period_end(&self, event: NaiveDate, days: i64) -> NaiveDate {
        self.working_day_from(event + chrono::Duration::days(days))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// 2026 as the Government's notices set it, in part: New Year's Day (Thursday),
    /// Friday 2 January swapped with Saturday 10 January, and Tết from Monday 16 to
    /// Friday 20 February.
    fn calendar() -> WorkCalendar {
        let mut days = vec![
            (d(2026, 1, 1), DayKind::Holiday),
            (d(2026, 1, 2), DayKind::DayOff),
            (d(2026, 1, 10), DayKind::Workday),
        ];
        days.extend((16..=20).map(|n| (d(2026, 2, n), DayKind::Holiday)));
        WorkCalendar::new([2026], days)
    }

    #[test]
    fn weekends_holidays_and_swapped_days_are_rest_days() {
        let c = calendar();
        assert!(c.is_rest_day(d(2026, 1, 1)), "New Year's Day");
        assert!(c.is_rest_day(d(2026, 1, 2)), "the swapped Friday");
        assert!(!c.is_rest_day(d(2026, 1, 10)), "the Saturday worked");
        assert!(c.is_rest_day(d(2026, 1, 11)), "a Sunday");
        assert!(!c.is_rest_day(d(2026, 1, 12)), "a Monday");
        assert!(c.knows(2026) && !c.knows(2027));
    }

    #[test]
    fn a_period_ending_on_a_rest_day_ends_on_the_next_working_day() {
        let c = calendar();
        // Ending on Wednesday 31 December 2025: a working day, unchanged.
        assert_eq!(c.period_end(d(2025, 12, 1), 30), d(2025, 12, 31));
        // Ending on New Year's Day: the Friday is swapped and then comes a weekend, so
        // the period runs to Monday 5 January.
        assert_eq!(c.period_end(d(2025, 12, 2), 30), d(2026, 1, 5));
        // Ending on Saturday 10 January, a working day by the swap: unchanged.
        assert_eq!(c.period_end(d(2025, 12, 11), 30), d(2026, 1, 10));
        // Ending in Tết (Wednesday 18 February): after Tết and its weekend, Monday 23.
        assert_eq!(c.period_end(d(2026, 1, 29), 20), d(2026, 2, 23));
    }

    #[test]
    fn a_calendar_of_rest_days_only_does_not_loop() {
        let every_day =
            (0..400).map(|n| (d(2030, 1, 1) + chrono::Duration::days(n), DayKind::DayOff));
        let c = WorkCalendar::new([2030], every_day);
        let start = d(2030, 1, 1);
        assert_eq!(
            c.working_day_from(start),
            start + chrono::Duration::days(60)
        );
    }
}
