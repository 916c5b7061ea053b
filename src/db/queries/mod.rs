//! Every query the portal runs, grouped by what they read or write. Functions take a
//! connection and plain values, and know nothing of HTTP.

pub mod accounts;
pub mod agencies;
pub mod answers;
pub mod audit;
pub mod authoring;
pub mod calendar;
pub mod campaigns;
pub mod comments;
pub mod console;
pub mod critiques;
pub mod drafts;
pub mod files;
pub mod front;
pub mod jobs;
pub mod legal;
pub mod meetings;
pub mod moderation;
pub mod outbox;
pub mod participation;
pub mod rate_limits;
pub mod received;
pub mod reference;
pub mod report;
pub mod search_outbox;
pub mod sessions;
pub mod similar;
pub mod site;

/// One page of a longer list.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// 1-based.
    pub number: i64,
    pub per_page: i64,
    pub total: i64,
}

impl<T> Page<T> {
    /// Page `number` (clamped as `offset` clamps it) of `total` items.
    pub fn of(items: Vec<T>, number: i64, per_page: i64, total: i64) -> Self {
        Page {
            items,
            number: number.clamp(1, 1_000_000),
            per_page,
            total,
        }
    }

    pub fn pages(&self) -> i64 {
        ((self.total + self.per_page - 1) / self.per_page).max(1)
    }

    /// The offset of a 1-based page number, clamped so that a wild `?trang=` is harmless.
    pub fn offset(number: i64, per_page: i64) -> i64 {
        (number.clamp(1, 1_000_000) - 1) * per_page
    }
}
