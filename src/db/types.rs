//! The domain's stored enums on the portal's two-backend connection: each maps to TEXT
//! through its own SQLite and PostgreSQL impls (see `domain::text_enum`), and these let
//! `DbConnection`'s generated `MultiBackend` pick the one of the connection at hand.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql};
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::Text;

use super::MultiBackend;

macro_rules! on_both_backends {
    ($($ty:ty),+ $(,)?) => {$(
        impl ToSql<Text, MultiBackend> for $ty {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
                out.set_value((Text, self));
                Ok(IsNull::No)
            }
        }

        impl FromSql<Text, MultiBackend> for $ty {
            fn from_sql(bytes: <MultiBackend as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                bytes.from_sql::<$ty, Text>()
            }
        }
    )+};
}

on_both_backends!(
    crate::domain::comment::CommenterKind,
    crate::domain::comment::CommentStatus,
    crate::domain::comment::RejectionReason,
    crate::domain::comment::Disposition,
    crate::domain::Stage,
    crate::domain::Publication,
    crate::domain::Moderation,
    crate::domain::SectionChange,
    crate::domain::SectionKind,
    crate::domain::AttachmentKind,
    crate::domain::Level,
    crate::domain::LocalityKind,
    crate::domain::DocKind,
    crate::domain::staff::Role,
    super::queries::search_outbox::Entity,
    super::queries::outbox::Purpose,
);
