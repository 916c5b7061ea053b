//! Time as Vietnamese readers see it: dates dd/mm/yyyy in Asia/Ho_Chi_Minh.
//!
//! Viet Nam has kept UTC+7 without daylight saving since 1975, so a fixed offset is exact
//! for every date this portal handles and spares a time-zone database. Times are stored
//! as UTC `NaiveDateTime`, the one timestamp type both databases share.

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc,
};

pub fn vietnam() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset")
}

/// Now in UTC, to the microsecond (what PostgreSQL keeps), so that a value read back
/// compares equal to the one written.
pub fn now_utc() -> NaiveDateTime {
    let now = Utc::now().naive_utc();
    now.with_nanosecond(now.nanosecond() / 1000 * 1000)
        .unwrap_or(now)
}

pub fn to_local(utc: NaiveDateTime) -> DateTime<FixedOffset> {
    vietnam().from_utc_datetime(&utc)
}

/// The UTC instant of a local wall-clock time in Viet Nam.
pub fn local_to_utc(local: NaiveDateTime) -> NaiveDateTime {
    local - Duration::hours(7)
}

/// 27/11/2026
pub fn date(utc: NaiveDateTime) -> String {
    to_local(utc).format("%d/%m/%Y").to_string()
}

/// A calendar day as forms show it: 27/11/2026.
pub fn day(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The years a date typed into a form may fall in: a draft's period, an audit search.
/// Wider than any real period, narrow enough that every later computation (adding days,
/// converting to a timestamp) stays far from the limits of both databases.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// A calendar day typed into a form: "27/11/2026" (also "7/3/2026"), or the ISO
/// "2026-11-27" that browsers' date fields and scripts send. None for anything else,
/// or outside `YEARS`.
pub fn parse_day(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.len() > 10 {
        return None;
    }
    let d = NaiveDate::parse_from_str(s, "%d/%m/%Y")
        .or_else(|_| NaiveDate::parse_from_str(s, "%Y-%m-%d"))
        .ok()?;
    YEARS.contains(&d.year()).then_some(d)
}

/// 08:30 27/11/2026
pub fn date_time(utc: NaiveDateTime) -> String {
    to_local(utc).format("%H:%M %d/%m/%Y").to_string()
}

/// Machine-readable, for <time datetime="…">.
/// For `datetime` attributes: to the second (HTML allows at most three decimals, and a
/// reader needs none), with Viet Nam's offset.
pub fn iso(utc: NaiveDateTime) -> String {
    to_local(utc).format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

pub fn local_date(utc: NaiveDateTime) -> NaiveDate {
    to_local(utc).date_naive()
}

/// Whole calendar days from today to the day `until` falls on, in Viet Nam: 0 on the
/// last day itself. Legal periods count calendar days, weekends and holidays included.
pub fn calendar_days_until(now: NaiveDateTime, until: NaiveDateTime) -> i64 {
    (local_date(until) - local_date(now)).num_days()
}

/// The UTC instant of the next local midnight, when day counts change.
pub fn next_local_midnight(now: NaiveDateTime) -> NaiveDateTime {
    let tomorrow = local_date(now) + Duration::days(1);
    local_to_utc(tomorrow.and_hms_opt(0, 0, 0).expect("midnight exists"))
}

/// The UTC range of a calendar year in Viet Nam, for filtering by year.
pub fn year_range_utc(year: i32) -> Option<(NaiveDateTime, NaiveDateTime)> {
    let start = NaiveDate::from_ymd_opt(year, 1, 1)?.and_hms_opt(0, 0, 0)?;
    let end = NaiveDate::from_ymd_opt(year + 1, 1, 1)?.and_hms_opt(0, 0, 0)?;
    Some((local_to_utc(start), local_to_utc(end)))
}

pub fn local_year(utc: NaiveDateTime) -> i32 {
    to_local(utc).year()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_read_as_typed_and_bounded() {
        let d = NaiveDate::from_ymd_opt(2027, 2, 1).unwrap();
        assert_eq!(parse_day("01/02/2027"), Some(d));
        assert_eq!(parse_day(" 1/2/2027 "), Some(d));
        assert_eq!(parse_day("2027-02-01"), Some(d));
        assert_eq!(day(d), "01/02/2027");
        for bad in [
            "262142-01-01",
            "01/02/262142",
            "31/02/2027",
            "1999-12-31",
            "2101-01-01",
            "",
            "mai",
        ] {
            assert_eq!(parse_day(bad), None, "{bad}");
        }
    }

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    #[test]
    fn dates_are_shown_in_viet_nam() {
        // 20:00 UTC on 31/12 is already 03:00 on 1/1 in Ha Noi.
        assert_eq!(date(utc(2026, 12, 31, 20, 0)), "01/01/2027");
        assert_eq!(date_time(utc(2026, 11, 27, 1, 30)), "08:30 27/11/2026");
    }

    #[test]
    fn day_counts_follow_the_local_calendar() {
        let now = utc(2026, 11, 27, 16, 30); // 23:30 local
        let close = utc(2026, 11, 27, 17, 30); // 00:30 local the next day
        assert_eq!(calendar_days_until(now, close), 1);
        assert_eq!(next_local_midnight(now), utc(2026, 11, 27, 17, 0));
    }
}
