//! The Front's organisations: created and corrected by an administrator, each change
//! audited, the tree's shape (domain::front) checked against what is stored.

use chrono::NaiveDateTime;
use diesel::Connection;

use crate::db::DbConnection;
use crate::db::queries::audit::{self, Entry};
use crate::db::queries::comments::locality_id;
use crate::db::queries::front as q;
use crate::db::queries::reference;
use crate::domain::front::{CommunePlace, OrganisationInput, OrganisationProblem, place};
use crate::domain::ids::*;
use crate::domain::staff::By;

/// Where the organisation goes: its commune, by the tree's rules and what is stored.
fn locate(
    conn: &mut DbConnection,
    jurisdiction: JurisdictionId,
    o: &OrganisationInput,
    id: Option<OrganisationId>,
) -> diesel::QueryResult<Result<Option<LocalityId>, OrganisationProblem>> {
    let parent = match o.parent {
        None => None,
        Some(p) if Some(p) == id => return Ok(Err(OrganisationProblem::Parent)),
        Some(p) => match q::find(conn, p)? {
            Some(parent) => Some(parent),
            None => return Ok(Err(OrganisationProblem::Parent)),
        },
    };
    let shape = place(
        o.kind,
        parent.as_ref().map(|p| (p.kind, p.parent_id.is_some())),
    );
    let locality = match shape {
        Err(problem) => return Ok(Err(problem)),
        // A commune typed where the place decides none, or its committee's: refused
        // rather than dropped without a word.
        Ok(CommunePlace::None | CommunePlace::Parents) if o.commune.is_some() => {
            return Ok(Err(OrganisationProblem::Commune));
        }
        Ok(CommunePlace::None) => None,
        Ok(CommunePlace::Parents) => parent.and_then(|p| p.locality_id),
        Ok(CommunePlace::Own) => match &o.commune {
            None => return Ok(Err(OrganisationProblem::Commune)),
            Some(code) => match locality_id(conn, jurisdiction, code)? {
                Some(l) => Some(l),
                None => return Ok(Err(OrganisationProblem::Commune)),
            },
        },
    };
    if o.kind.is_committee() && q::committee_of(conn, locality, id)?.is_some() {
        return Ok(Err(OrganisationProblem::CommitteeExists));
    }
    Ok(Ok(locality))
}

/// Creates an organisation, or says what stops it.
pub fn create(
    conn: &mut DbConnection,
    o: &OrganisationInput,
    by: &By<'_>,
    now: NaiveDateTime,
) -> diesel::QueryResult<Result<OrganisationId, OrganisationProblem>> {
    conn.transaction(|conn| {
        let jurisdiction = reference::jurisdiction(conn)?.ok_or(diesel::result::Error::NotFound)?;
        let locality = match locate(conn, jurisdiction.id, o, None)? {
            Ok(l) => l,
            Err(problem) => return Ok(Err(problem)),
        };
        let id = q::insert(conn, jurisdiction.id, o, locality, now)?;
        let e = Entry::by(
            by,
            "organisation.create",
            "organisation",
            Some(id.get()),
            None,
        )
        .change(serde_json::Value::Null, describe(o));
        audit::record(conn, &e, now)?;
        Ok(Ok(id))
    })
}

/// Corrects an organisation; Ok(false) when there is none with this id.
pub fn update(
    conn: &mut DbConnection,
    id: OrganisationId,
    o: &OrganisationInput,
    by: &By<'_>,
    now: NaiveDateTime,
) -> diesel::QueryResult<Result<bool, OrganisationProblem>> {
    conn.transaction(|conn| {
        let Some(before) = q::find(conn, id)? else {
            return Ok(Ok(false));
        };
        let jurisdiction = reference::jurisdiction(conn)?.ok_or(diesel::result::Error::NotFound)?;
        // Those under it keep their place only while it stays a committee where it is.
        let moves = o.kind != before.kind || o.parent != before.parent_id;
        if moves && q::has_children(conn, id)? {
            return Ok(Err(OrganisationProblem::HasChildren));
        }
        let locality = match locate(conn, jurisdiction.id, o, Some(id))? {
            Ok(l) => l,
            Err(problem) => return Ok(Err(problem)),
        };
        q::update(conn, id, o, locality, now)?;
        if locality != before.locality_id {
            q::move_children_to(conn, id, locality)?;
        }
        let e = Entry::by(
            by,
            "organisation.update",
            "organisation",
            Some(id.get()),
            None,
        )
        .change(
            serde_json::json!({
                "kind": before.kind.as_str(),
                "name": before.name,
                "parent_id": before.parent_id,
                "commune": before.commune_code,
            }),
            describe(o),
        );
        audit::record(conn, &e, now)?;
        Ok(Ok(true))
    })
}

fn describe(o: &OrganisationInput) -> serde_json::Value {
    serde_json::json!({
        "kind": o.kind.as_str(),
        "name": o.name,
        "short_name": o.short_name,
        "parent_id": o.parent,
        "commune": o.commune,
        "office_address": o.office_address,
        "office_phone": o.office_phone,
        "office_email": o.office_email,
    })
}
