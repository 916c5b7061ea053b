//! The site's operating authority: one row, read at start and after each change, set by
//! an administrator.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::site_operator;
use crate::domain::site::Operator;

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

/// Stores the operator (creating the row the first time) with its revision moved on
/// from `before`'s; returns the operator as stored. `services::site` records it.
pub fn store_operator(
    conn: &mut DbConnection,
    o: &Operator,
    before: Option<&Operator>,
    now: NaiveDateTime,
) -> QueryResult<Operator> {
    let revision = before.map_or(1, |b| b.revision + 1);
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
    Ok(Operator {
        revision,
        ..o.clone()
    })
}
