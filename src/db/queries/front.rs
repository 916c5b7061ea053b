//! The Front's organisations as administrators keep them (`services::front`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{localities, organisations};
use crate::domain::front::{OrganisationInput, OrganisationKind};
use crate::domain::ids::*;

/// An organisation as stored, with its commune's name.
#[derive(Debug, Clone, Queryable)]
pub struct Organisation {
    pub id: OrganisationId,
    pub kind: OrganisationKind,
    pub name: String,
    pub short_name: String,
    pub parent_id: Option<OrganisationId>,
    pub locality_id: Option<LocalityId>,
    pub office_address: String,
    pub office_phone: String,
    pub office_email: String,
    pub commune: Option<String>,
    pub commune_code: Option<String>,
}

type Columns = (
    organisations::id,
    organisations::kind,
    organisations::name,
    organisations::short_name,
    organisations::parent_id,
    organisations::locality_id,
    organisations::office_address,
    organisations::office_phone,
    organisations::office_email,
    diesel::dsl::Nullable<localities::name>,
    diesel::dsl::Nullable<localities::code>,
);

fn columns() -> Columns {
    (
        organisations::id,
        organisations::kind,
        organisations::name,
        organisations::short_name,
        organisations::parent_id,
        organisations::locality_id,
        organisations::office_address,
        organisations::office_phone,
        organisations::office_email,
        localities::name.nullable(),
        localities::code.nullable(),
    )
}

/// Every organisation (a jurisdiction's Front has a few thousand at most: a committee
/// and a handful of member organisations per commune), in tree order by the caller.
pub fn all(conn: &mut DbConnection) -> QueryResult<Vec<Organisation>> {
    organisations::table
        .left_join(localities::table.on(organisations::locality_id.eq(localities::id.nullable())))
        .order((organisations::name, organisations::id))
        .limit(20_000)
        .select(columns())
        .load(conn)
}

pub fn find(conn: &mut DbConnection, id: OrganisationId) -> QueryResult<Option<Organisation>> {
    organisations::table
        .left_join(localities::table.on(organisations::locality_id.eq(localities::id.nullable())))
        .filter(organisations::id.eq(id))
        .select(columns())
        .first(conn)
        .optional()
}

/// Whether any organisation sits under this one.
pub fn has_children(conn: &mut DbConnection, id: OrganisationId) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        organisations::table.filter(organisations::parent_id.eq(id)),
    ))
    .get_result(conn)
}

/// The committee of the jurisdiction (no commune), or of a commune, other than `except`.
pub fn committee_of(
    conn: &mut DbConnection,
    locality: Option<LocalityId>,
    except: Option<OrganisationId>,
) -> QueryResult<Option<OrganisationId>> {
    let mut q = organisations::table
        .filter(organisations::kind.eq(OrganisationKind::FrontCommittee))
        .filter(organisations::id.ne(except.unwrap_or(OrganisationId(0))))
        .select(organisations::id)
        .into_boxed();
    q = match locality {
        Some(l) => q.filter(organisations::locality_id.eq(l)),
        None => q.filter(organisations::parent_id.is_null()),
    };
    q.first(conn).optional()
}

pub fn insert(
    conn: &mut DbConnection,
    jurisdiction: JurisdictionId,
    o: &OrganisationInput,
    locality: Option<LocalityId>,
    now: NaiveDateTime,
) -> QueryResult<OrganisationId> {
    diesel::insert_into(organisations::table)
        .values((
            organisations::jurisdiction_id.eq(jurisdiction),
            organisations::kind.eq(o.kind),
            organisations::name.eq(&o.name),
            organisations::short_name.eq(&o.short_name),
            organisations::parent_id.eq(o.parent),
            organisations::locality_id.eq(locality),
            organisations::office_address.eq(&o.office_address),
            organisations::office_phone.eq(&o.office_phone),
            organisations::office_email.eq(&o.office_email),
            organisations::created_at.eq(now),
            organisations::updated_at.eq(now),
        ))
        .returning(organisations::id)
        .get_result(conn)
}

pub fn update(
    conn: &mut DbConnection,
    id: OrganisationId,
    o: &OrganisationInput,
    locality: Option<LocalityId>,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(organisations::table.find(id))
        .set((
            organisations::kind.eq(o.kind),
            organisations::name.eq(&o.name),
            organisations::short_name.eq(&o.short_name),
            organisations::parent_id.eq(o.parent),
            organisations::locality_id.eq(locality),
            organisations::office_address.eq(&o.office_address),
            organisations::office_phone.eq(&o.office_phone),
            organisations::office_email.eq(&o.office_email),
            organisations::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|n| n > 0)
}

/// A member organisation moves with its committee's commune.
pub fn move_children_to(
    conn: &mut DbConnection,
    parent: OrganisationId,
    locality: Option<LocalityId>,
) -> QueryResult<usize> {
    diesel::update(organisations::table.filter(organisations::parent_id.eq(parent)))
        .set(organisations::locality_id.eq(locality))
        .execute(conn)
}
