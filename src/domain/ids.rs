//! The ids of the portal's entities, each its own type, so that a draft's id can never
//! be passed where a comment's is expected. Stored as BIGINT (see `id_type!`); shown and
//! parsed as the plain number, as in paths (`/quan-tri/du-thao/12`).
//!
//! ```
//! use gopy::domain::ids::{CommentId, DraftId};
//! fn comments_of(_draft: DraftId) {}
//! comments_of(DraftId(7));
//! # let _ = CommentId(1);
//! ```
//!
//! A comment's id where a draft's is expected does not compile:
//!
//! ```compile_fail
//! use gopy::domain::ids::{CommentId, DraftId};
//! fn comments_of(_draft: DraftId) {}
//! comments_of(CommentId(7));
//! ```

macro_rules! id_type {
    ($($(#[$meta:meta])* $name:ident;)+) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        #[derive(serde::Serialize, serde::Deserialize)]
        #[derive(diesel::AsExpression, diesel::FromSqlRow)]
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl $name {
            /// The number, for the places that name any entity (the search outbox, the
            /// audit log).
            pub fn get(self) -> i64 {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }

        impl diesel::serialize::ToSql<diesel::sql_types::BigInt, diesel::sqlite::Sqlite> for $name {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, diesel::sqlite::Sqlite>,
            ) -> diesel::serialize::Result {
                out.set_value(self.0);
                Ok(diesel::serialize::IsNull::No)
            }
        }

        impl diesel::serialize::ToSql<diesel::sql_types::BigInt, diesel::pg::Pg> for $name {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, diesel::pg::Pg>,
            ) -> diesel::serialize::Result {
                <i64 as diesel::serialize::ToSql<diesel::sql_types::BigInt, diesel::pg::Pg>>::to_sql(&self.0, out)
            }
        }

        impl diesel::deserialize::FromSql<diesel::sql_types::BigInt, diesel::sqlite::Sqlite> for $name {
            fn from_sql(
                value: <diesel::sqlite::Sqlite as diesel::backend::Backend>::RawValue<'_>,
            ) -> diesel::deserialize::Result<Self> {
                <i64 as diesel::deserialize::FromSql<diesel::sql_types::BigInt, diesel::sqlite::Sqlite>>::from_sql(value).map($name)
            }
        }

        impl diesel::deserialize::FromSql<diesel::sql_types::BigInt, diesel::pg::Pg> for $name {
            fn from_sql(
                value: <diesel::pg::Pg as diesel::backend::Backend>::RawValue<'_>,
            ) -> diesel::deserialize::Result<Self> {
                <i64 as diesel::deserialize::FromSql<diesel::sql_types::BigInt, diesel::pg::Pg>>::from_sql(value).map($name)
            }
        }
    )+};
}

id_type! {
    DraftId;
    VersionId;
    SectionId;
    AttachmentId;
    CommentId;
    /// An answer (a row of `responses`), which may answer several like comments.
    AnswerId;
    AccountId;
    AgencyId;
    DocumentTypeId;
    LegalRuleId;
    /// An opinion received outside the portal (`received_opinions`).
    ReceivedOpinionId;
    /// A consultation letter sent to named bodies.
    LetterId;
    /// A body a consultation letter was sent to.
    RecipientId;
    LocalityId;
    JurisdictionId;
    /// A Front committee or member organisation (`organisations`).
    OrganisationId;
    /// A Front organisation's mobilisation campaign.
    CampaignId;
    /// A meeting held with residents in a campaign, and its result (`front_meetings`).
    MeetingId;
    /// A request for the Front's social critique of a draft, and the critique
    /// (`critiques`).
    CritiqueId;
    /// A point of a social critique (`critique_points`).
    CritiquePointId;
}
