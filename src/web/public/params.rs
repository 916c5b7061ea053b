//! Query parameters as typed values, each refused with a Vietnamese message when wrong.
//! Empty values (a filter left at "Tất cả") mean "not set".

use serde::Deserialize;

use crate::db::queries::drafts::DraftFilter;
use crate::domain::PeriodStatus;
use crate::error::AppError;
use crate::i18n::VI;

pub const PER_PAGE: i64 = 20;

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(rename = "co-quan")]
    pub agency: Option<String>,
    pub loai: Option<String>,
    #[serde(rename = "trang-thai")]
    pub status: Option<String>,
    pub nam: Option<String>,
    pub trang: Option<String>,
}

fn set(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// A slug or code as used in URLs: lower-case ASCII, digits and dashes.
pub use crate::text::is_slug;

pub fn page_number(raw: &Option<String>) -> Result<i64, AppError> {
    match set(raw) {
        None => Ok(1),
        Some(s) => match s.parse::<i64>() {
            Ok(n) if (1..=100_000).contains(&n) => Ok(n),
            _ => Err(AppError::bad_request(VI.invalid_page)),
        },
    }
}

impl ListQuery {
    pub fn filter(&self) -> Result<DraftFilter, AppError> {
        let bad = || AppError::bad_request(VI.invalid_filter);
        let slug = |v: &Option<String>| match set(v) {
            None => Ok(None),
            Some(s) if is_slug(s) => Ok(Some(s.to_string())),
            Some(_) => Err(bad()),
        };
        Ok(DraftFilter {
            agency: slug(&self.agency)?,
            doc_type: slug(&self.loai)?,
            status: match set(&self.status) {
                None => None,
                Some(s) => Some(PeriodStatus::from_slug(s).ok_or_else(bad)?),
            },
            year: match set(&self.nam) {
                None => None,
                Some(s) => match s.parse::<i32>() {
                    Ok(y) if (1990..=2200).contains(&y) => Some(y),
                    _ => return Err(bad()),
                },
            },
            ..DraftFilter::default()
        })
    }
}
