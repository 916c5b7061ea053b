//! Reference data: the jurisdiction, its communes and agencies, and document types.

use crate::domain::ids::*;
use diesel::prelude::*;

use super::Page;
use crate::db::DbConnection;
use crate::db::models::{Agency, DocumentType, Jurisdiction, Locality};
use crate::db::schema::*;

pub fn jurisdiction(conn: &mut DbConnection) -> QueryResult<Option<Jurisdiction>> {
    jurisdictions::table
        .select(Jurisdiction::as_select())
        .order(jurisdictions::id)
        .first(conn)
        .optional()
}

pub fn localities(
    conn: &mut DbConnection,
    jurisdiction_id: JurisdictionId,
) -> QueryResult<Vec<Locality>> {
    localities::table
        .filter(localities::jurisdiction_id.eq(jurisdiction_id))
        .select(Locality::as_select())
        .order(localities::name)
        .load(conn)
}

pub fn agencies(conn: &mut DbConnection) -> QueryResult<Vec<Agency>> {
    agencies::table
        .select(Agency::as_select())
        .order(agencies::name)
        .load(conn)
}

/// One page of agencies, by name.
pub fn agencies_page(
    conn: &mut DbConnection,
    page: i64,
    per_page: i64,
) -> QueryResult<Page<Agency>> {
    let total = agencies::table.count().get_result(conn)?;
    let items = agencies::table
        .select(Agency::as_select())
        .order((agencies::name, agencies::id))
        .offset(Page::<()>::offset(page, per_page))
        .limit(per_page)
        .load(conn)?;
    Ok(Page::of(items, page, per_page, total))
}

pub fn agency_by_slug(conn: &mut DbConnection, slug: &str) -> QueryResult<Option<Agency>> {
    agencies::table
        .filter(agencies::slug.eq(slug))
        .select(Agency::as_select())
        .first(conn)
        .optional()
}

pub fn document_types(conn: &mut DbConnection) -> QueryResult<Vec<DocumentType>> {
    document_types::table
        .inner_join(legal_rules::table)
        .select(DocumentType::as_select())
        .order(document_types::position)
        .load(conn)
}

pub fn document_type_by_code(
    conn: &mut DbConnection,
    code: &str,
) -> QueryResult<Option<DocumentType>> {
    document_types::table
        .inner_join(legal_rules::table)
        .filter(document_types::code.eq(code))
        .select(DocumentType::as_select())
        .first(conn)
        .optional()
}
