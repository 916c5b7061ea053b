//! The mission's types and rules, free of HTTP and SQL: drafts and their life cycle,
//! sections, attachments, localities, and Vietnamese time.

pub mod agency;
pub mod calendar;
pub mod campaign;
pub mod comment;
pub mod critique;
pub mod draft;
pub mod front;
pub mod ids;
pub mod legal;
pub mod meeting;
pub mod period;
pub mod received;
pub mod report;
pub mod similarity;
pub mod site;
pub mod staff;
pub mod time;
pub mod versions;

pub use draft::{
    AttachmentKind, Moderation, PeriodStatus, Publication, SectionChange, SectionKind, Stage,
};

/// Declares an enum stored as text, with its database spelling. It maps to a TEXT column
/// through diesel (the database keeps the same spellings in a CHECK constraint), and a
/// stored value this code does not know fails the query instead of becoming a default.
/// SQL appears here only as these trait impls; `db::types` adds the portal's own
/// two-backend connection.
macro_rules! text_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[derive(diesel::AsExpression, diesel::FromSqlRow)]
        #[diesel(sql_type = diesel::sql_types::Text)]
        pub enum $name { $($(#[$vmeta])* #[serde(rename = $text)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }

            /// A stored spelling, or the error a query reports for an unknown one.
            pub fn from_stored(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
                Self::parse(s).ok_or_else(|| {
                    format!("unknown {} stored: {s:?}", stringify!($name)).into()
                })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl diesel::serialize::ToSql<diesel::sql_types::Text, diesel::sqlite::Sqlite> for $name {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, diesel::sqlite::Sqlite>,
            ) -> diesel::serialize::Result {
                out.set_value(self.as_str());
                Ok(diesel::serialize::IsNull::No)
            }
        }

        impl diesel::serialize::ToSql<diesel::sql_types::Text, diesel::pg::Pg> for $name {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, diesel::pg::Pg>,
            ) -> diesel::serialize::Result {
                use std::io::Write;
                out.write_all(self.as_str().as_bytes())?;
                Ok(diesel::serialize::IsNull::No)
            }
        }

        impl diesel::deserialize::FromSql<diesel::sql_types::Text, diesel::sqlite::Sqlite> for $name {
            fn from_sql(
                value: <diesel::sqlite::Sqlite as diesel::backend::Backend>::RawValue<'_>,
            ) -> diesel::deserialize::Result<Self> {
                let s = <String as diesel::deserialize::FromSql<diesel::sql_types::Text, diesel::sqlite::Sqlite>>::from_sql(value)?;
                Self::from_stored(&s)
            }
        }

        impl diesel::deserialize::FromSql<diesel::sql_types::Text, diesel::pg::Pg> for $name {
            fn from_sql(
                value: <diesel::pg::Pg as diesel::backend::Backend>::RawValue<'_>,
            ) -> diesel::deserialize::Result<Self> {
                Self::from_stored(std::str::from_utf8(value.as_bytes())?)
            }
        }
    };
}
pub(crate) use text_enum;

text_enum! {
    /// Level of government a document type or jurisdiction belongs to.
    pub enum Level { National = "national", Province = "province", Commune = "commune" }
}

text_enum! {
    /// A commune-level unit since 1 July 2025: xã, phường or đặc khu.
    pub enum LocalityKind { Commune = "xa", Ward = "phuong", SpecialZone = "dac_khu" }
}

text_enum! {
    /// What a search result is.
    pub enum DocKind {
        Draft = "draft",
        Section = "section",
        Comment = "comment",
        Answer = "answer",
    }
}
