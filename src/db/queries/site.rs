//! The site's operating authority: one row, read at start and after each change, set by
//! an administrator.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::audit::{self, Entry};
use crate::db::DbConnection;
use crate::db::schema::site_operator;
use crate::domain::site::Operator;
use crate::domain::staff::By;

#[derive(Queryable)]
struct Row {
    name: String,
    address: String,
    phone: String,
    email: String,
    website: String,
    revision: i64,
}

/// The operator, if one has been set.
pub fn operator(conn: &mut DbConnection) -> QueryResult<Option<Operator>> {
    let row: Option<Row> = site_operator::table
        .find(1)
        .select((
            site_operator::name,
            site_operator::address,
            site_operator::phone,
            site_operator::email,
            site_operator::website,
            site_operator::revision,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(|r| Operator {
        name: r.name,
        address: r.address,
        phone: r.phone,
        email: r.email,
        website: r.website,
        revision: r.revision,
    }))
}

/// Sets the operator (creating the row the first time), moving its revision on, and
/// records the change in the audit log. Returns the operator as stored.
pub fn set_operator(
    conn: &mut DbConnection,
    o: &Operator,
    who: &By<'_>,
    now: NaiveDateTime,
) -> QueryResult<Operator> {
    conn.transaction(|conn| {
        let before = operator(conn)?;
        let revision = before.as_ref().map_or(1, |b| b.revision + 1);
        let values = (
            site_operator::name.eq(&o.name),
            site_operator::address.eq(&o.address),
            site_operator::phone.eq(&o.phone),
            site_operator::email.eq(&o.email),
            site_operator::website.eq(&o.website),
            site_operator::revision.eq(revision),
            site_operator::updated_at.eq(now),
        );
        if before.is_some() {
            diesel::update(site_operator::table.find(1))
                .set(values)
                .execute(conn)?;
        } else {
            diesel::insert_into(site_operator::table)
                .values((site_operator::id.eq(1), values))
                .execute(conn)?;
        }
        let json = |o: &Operator| {
            serde_json::json!({ "name": o.name, "address": o.address, "phone": o.phone, "email": o.email, "website": o.website })
        };
        audit::record(
            conn,
            &Entry::by(who, "site.operator", "site_operator", Some(1), None)
                .change(before.as_ref().map(json).unwrap_or_default(), json(o)),
            now,
        )?;
        Ok(Operator {
            revision,
            ..o.clone()
        })
    })
}
