//! The working-day calendar: the days that differ from the weekly pattern, and the
//! years whose decision has been entered.

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{calendar_days, calendar_years};
use crate::domain::calendar::{DayKind, WorkCalendar};

/// The whole calendar: a few dozen rows a year, read when a period is checked.
pub fn load(conn: &mut DbConnection) -> QueryResult<WorkCalendar> {
    let years = calendar_years::table
        .select(calendar_years::year)
        .load::<i32>(conn)?;
    let days = calendar_days::table
        .select((calendar_days::day, calendar_days::kind))
        .load::<(NaiveDate, DayKind)>(conn)?;
    Ok(WorkCalendar::new(years, days))
}

/// A year entered, for the console.
#[derive(Debug, Clone, Queryable)]
pub struct CalendarYear {
    pub year: i32,
    pub decision: String,
    pub source_url: String,
}

pub fn years(conn: &mut DbConnection) -> QueryResult<Vec<CalendarYear>> {
    calendar_years::table
        .select((
            calendar_years::year,
            calendar_years::decision,
            calendar_years::source_url,
        ))
        .order(calendar_years::year.asc())
        .load(conn)
}

/// A day entered, for the console.
#[derive(Debug, Clone, Queryable)]
pub struct CalendarDay {
    pub day: NaiveDate,
    pub kind: DayKind,
    pub name: String,
    pub source: String,
    pub source_url: String,
    pub confirmed: bool,
}

/// The days entered from `from` on, in order.
pub fn days_from(conn: &mut DbConnection, from: NaiveDate) -> QueryResult<Vec<CalendarDay>> {
    calendar_days::table
        .filter(calendar_days::day.ge(from))
        .select((
            calendar_days::day,
            calendar_days::kind,
            calendar_days::name,
            calendar_days::source,
            calendar_days::source_url,
            calendar_days::confirmed,
        ))
        .order(calendar_days::day.asc())
        .load(conn)
}
