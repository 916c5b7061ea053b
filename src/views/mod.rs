//! HTML, with maud: functions from data to markup, and nothing else. maud escapes every
//! interpolated value, so text from drafts and comments cannot inject markup.

pub mod agencies;
pub mod comments;
pub mod components;
pub mod console;
pub mod critique;
pub mod draft;
pub mod drafts;
pub mod errors;
pub mod home;
pub mod layout;
pub mod own;
pub mod participation;
pub mod report;
pub mod search;

use chrono::NaiveDateTime;

use crate::i18n::{Text, VI};

/// What every view may need besides its data: the language, the time of the request,
/// and whose site this is (None where a page is rendered without the application's
/// state: an error page).
#[derive(Clone)]
pub struct Ctx {
    pub t: &'static Text,
    pub now: NaiveDateTime,
    pub operator: Option<std::sync::Arc<crate::domain::site::Operator>>,
}

impl Ctx {
    pub fn new(now: NaiveDateTime) -> Self {
        Ctx {
            t: &VI,
            now,
            operator: None,
        }
    }

    pub fn with_operator(
        self,
        operator: Option<std::sync::Arc<crate::domain::site::Operator>>,
    ) -> Self {
        Ctx { operator, ..self }
    }
}
