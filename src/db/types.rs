//! The domain's stored enums (TEXT) and ids (BIGINT) on the portal's two-backend
//! connection: each maps through its own SQLite and PostgreSQL impls (see
//! `domain::text_enum`, `domain::ids`), and these let `DbConnection`'s generated
//! `MultiBackend` pick the one of the connection at hand.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql};
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::{BigInt, Text};

use super::MultiBackend;

macro_rules! on_both_backends {
    ($st:ident: $($ty:ty),+ $(,)?) => {$(
        impl ToSql<$st, MultiBackend> for $ty {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
                out.set_value(($st, self));
                Ok(IsNull::No)
            }
        }

        impl FromSql<$st, MultiBackend> for $ty {
            fn from_sql(bytes: <MultiBackend as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                bytes.from_sql::<$ty, $st>()
            }
        }
    )+};
}

on_both_backends!(
    Text:
    crate::domain::comment::CommenterKind,
    crate::domain::comment::CommentStatus,
    crate::domain::comment::RejectionReason,
    crate::domain::comment::Disposition,
    crate::domain::Stage,
    crate::domain::draft::LinkPlace,
    crate::domain::received::OpinionSource,
    crate::domain::Publication,
    crate::domain::Moderation,
    crate::domain::SectionChange,
    crate::domain::SectionKind,
    crate::domain::AttachmentKind,
    crate::domain::Level,
    crate::domain::LocalityKind,
    crate::domain::DocKind,
    crate::domain::staff::Role,
    crate::domain::calendar::DayKind,
    crate::domain::front::OrganisationKind,
    crate::domain::campaign::CampaignState,
    crate::domain::critique::CritiqueState,
    crate::domain::critique::CritiqueForm,
    super::queries::search_outbox::Entity,
    super::queries::outbox::Purpose,
);

on_both_backends!(
    BigInt:
    crate::domain::ids::DraftId,
    crate::domain::ids::VersionId,
    crate::domain::ids::SectionId,
    crate::domain::ids::AttachmentId,
    crate::domain::ids::CommentId,
    crate::domain::ids::AnswerId,
    crate::domain::ids::AccountId,
    crate::domain::ids::AgencyId,
    crate::domain::ids::DocumentTypeId,
    crate::domain::ids::LegalRuleId,
    crate::domain::ids::ReceivedOpinionId,
    crate::domain::ids::LetterId,
    crate::domain::ids::RecipientId,
    crate::domain::ids::LocalityId,
    crate::domain::ids::JurisdictionId,
    crate::domain::ids::OrganisationId,
    crate::domain::ids::CampaignId,
    crate::domain::ids::MeetingId,
    crate::domain::ids::CritiqueId,
    crate::domain::ids::CritiquePointId,
);
