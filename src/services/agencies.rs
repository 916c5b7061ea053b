//! Agencies: created and corrected by an administrator, each change audited.

use chrono::NaiveDateTime;
use diesel::Connection;

use crate::db::DbConnection;
use crate::db::queries::agencies as q;
use crate::db::queries::audit::{self, Entry};
use crate::db::queries::comments::locality_id;
use crate::db::queries::reference;
use crate::domain::agency::{AgencyInput, AgencyProblem};
use crate::domain::ids::*;
use crate::domain::staff::By;

/// Creates an agency of the jurisdiction (of a commune when one is named), or says what
/// stops it.
pub fn create(
    conn: &mut DbConnection,
    a: &AgencyInput,
    by: &By<'_>,
    now: NaiveDateTime,
) -> diesel::QueryResult<Result<AgencyId, AgencyProblem>> {
    conn.transaction(|conn| {
        let jurisdiction = reference::jurisdiction(conn)?.ok_or(diesel::result::Error::NotFound)?;
        if q::slug_taken(conn, &a.slug, None)? {
            return Ok(Err(AgencyProblem::SlugTaken));
        }
        let locality = match &a.commune {
            None => None,
            Some(code) => match locality_id(conn, jurisdiction.id, code)? {
                Some(l) => Some(l),
                None => return Ok(Err(AgencyProblem::Commune)),
            },
        };
        let id = q::insert(conn, jurisdiction.id, a, locality, now)?;
        let e = Entry::by(by, "agency.create", "agency", Some(id.get()), None)
            .change(serde_json::Value::Null, describe(a));
        audit::record(conn, &e, now)?;
        Ok(Ok(id))
    })
}

/// Corrects an agency; Ok(false) when there is no such agency.
pub fn update(
    conn: &mut DbConnection,
    id: AgencyId,
    a: &AgencyInput,
    by: &By<'_>,
    now: NaiveDateTime,
) -> diesel::QueryResult<Result<bool, AgencyProblem>> {
    conn.transaction(|conn| {
        let Some(before) = q::find(conn, id)? else {
            return Ok(Ok(false));
        };
        if q::slug_taken(conn, &a.slug, Some(id))? {
            return Ok(Err(AgencyProblem::SlugTaken));
        }
        let locality = match &a.commune {
            None => None,
            Some(code) => match locality_id(conn, before.jurisdiction_id, code)? {
                Some(l) => Some(l),
                None => return Ok(Err(AgencyProblem::Commune)),
            },
        };
        q::update(conn, id, a, locality)?;
        let e = Entry::by(by, "agency.update", "agency", Some(id.get()), None).change(
            serde_json::json!({
                "slug": before.slug,
                "name": before.name,
                "abbreviation": before.abbreviation,
                "parent_body": before.parent_body,
                "signer_title": before.signer_title,
            }),
            describe(a),
        );
        audit::record(conn, &e, now)?;
        Ok(Ok(true))
    })
}

fn describe(a: &AgencyInput) -> serde_json::Value {
    serde_json::json!({
        "slug": a.slug,
        "name": a.name,
        "abbreviation": a.abbreviation,
        "parent_body": a.parent_body,
        "signer_title": a.signer_title,
        "commune": a.commune,
    })
}
