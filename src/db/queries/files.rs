//! Attached files' contents, kept in the database so that every process on it can serve
//! them (`storage::FileStore` keeps a copy on each process's disk).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::file_contents;

/// Keeps the content under its SHA-256; a content kept before is left as it is.
pub fn keep(
    conn: &mut DbConnection,
    sha256: &str,
    content: &[u8],
    now: NaiveDateTime,
) -> QueryResult<()> {
    let row = (
        file_contents::sha256.eq(sha256),
        file_contents::content.eq(content),
        file_contents::size_bytes.eq(i64::try_from(content.len()).unwrap_or(i64::MAX)),
        file_contents::created_at.eq(now),
    );
    crate::with_backend!(&mut *conn, |c| diesel::insert_into(file_contents::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(c))
    .map(|_| ())
}

/// The content stored under this SHA-256, if any.
pub fn load(conn: &mut DbConnection, sha256: &str) -> QueryResult<Option<Vec<u8>>> {
    file_contents::table
        .find(sha256)
        .select(file_contents::content)
        .first(conn)
        .optional()
}

/// The attached files whose content is not in the database yet: those stored before
/// files were shared, to be copied in from a process's disk.
pub fn missing(conn: &mut DbConnection) -> QueryResult<Vec<String>> {
    use crate::db::schema::attachments;
    attachments::table
        .left_join(file_contents::table.on(file_contents::sha256.eq(attachments::sha256)))
        .filter(file_contents::sha256.is_null())
        .select(attachments::sha256)
        .distinct()
        .load(conn)
}
