//! The portal's operator (the agency that runs it), shown in every page's footer and on
//! the contact page: set by an administrator, with its audit entry.

use chrono::NaiveDateTime;
use diesel::Connection;

use crate::db::DbConnection;
use crate::db::queries::audit::{self, Entry};
use crate::db::queries::site;
use crate::domain::site::Operator;
use crate::domain::staff::By;

/// Sets the operator; returns it as stored (with its new revision).
pub fn set_operator(
    conn: &mut DbConnection,
    o: &Operator,
    by: &By<'_>,
    now: NaiveDateTime,
) -> diesel::QueryResult<Operator> {
    conn.transaction(|conn| {
        let before = site::operator(conn)?;
        let stored = site::store_operator(conn, o, before.as_ref(), now)?;
        let json = |o: &Operator| {
            serde_json::json!({
                "name": o.name,
                "address": o.address,
                "phone": o.phone,
                "email": o.email,
                "website": o.website,
            })
        };
        let e = Entry::by(by, "site.operator", "site_operator", Some(1), None)
            .change(before.as_ref().map(json).unwrap_or_default(), json(o));
        audit::record(conn, &e, now)?;
        Ok(stored)
    })
}
