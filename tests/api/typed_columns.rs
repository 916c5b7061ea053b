//! Stored enums: the database refuses a spelling the code does not know (a CHECK on
//! every such column, on both databases), and a value that got in anyway (the check
//! lifted by hand) fails the request that reads it instead of becoming a default.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;

use crate::helpers::Backend;
use crate::on_both_databases;

/// Every column that holds a stored enum.
const ENUM_COLUMNS: &[(&str, &str)] = &[
    ("jurisdictions", "kind"),
    ("localities", "kind"),
    ("document_types", "level"),
    ("drafts", "publication"),
    ("drafts", "stage"),
    ("drafts", "moderation"),
    ("sections", "kind"),
    ("sections", "change"),
    ("attachments", "kind"),
    ("comments", "status"),
    ("comments", "commenter_kind"),
    ("comments", "rejection_reason"),
    ("responses", "disposition"),
    ("accounts", "role"),
    ("search_docs", "kind"),
    ("search_outbox", "entity"),
    ("mail_outbox", "purpose"),
];

on_both_databases! {
    async fn the_database_refuses_an_unknown_spelling(app) {
        // Rows for the tables the demo leaves empty.
        app.staff("admin", None).await;
        app.comment("hoc-phi", None, &good_comment()).await;
        app.search_settled().await;
        for &(table, column) in ENUM_COLUMNS {
            let refused = app
                .with_db(move |c| {
                    let n: i64 = diesel::dsl::sql::<diesel::sql_types::BigInt>(&format!("SELECT COUNT(*) FROM {table}"))
                        .get_result(c)
                        .unwrap();
                    assert!(n > 0, "{table} has a row to try");
                    let row = format!("WHERE id = (SELECT MIN(id) FROM {table})");
                    // The same statement with the value it holds passes: what is refused
                    // below is the spelling, nothing else about the statement.
                    c.batch_execute(&format!("UPDATE {table} SET {column} = {column} {row}"))
                        .unwrap_or_else(|e| panic!("{table}.{column} cannot be written at all: {e}"));
                    c.batch_execute(&format!("UPDATE {table} SET {column} = 'khong-biet' {row}"))
                        .is_err()
                })
                .await;
            assert!(refused, "{table}.{column} took a spelling the code does not know");
        }
    }
}

/// Lifts the CHECK on drafts.stage, as a hand-made change might.
fn lift_stage_check(c: &mut gopy::db::DbConnection, backend: Backend) {
    match backend {
        Backend::Sqlite => c
            .batch_execute("PRAGMA ignore_check_constraints = ON")
            .unwrap(),
        Backend::Postgres => c
            .batch_execute("ALTER TABLE drafts DROP CONSTRAINT drafts_stage_check")
            .unwrap(),
    }
}

on_both_databases! {
    async fn an_unknown_stored_value_fails_the_read_and_is_not_guessed(app) {
        let backend = app.backend;
        app.behind_the_portals_back(move |c| {
            lift_stage_check(c, backend);
            c.batch_execute("UPDATE drafts SET stage = 'luu-tru' WHERE slug = 'hoc-phi'").unwrap();
            if backend == Backend::Sqlite {
                c.batch_execute("PRAGMA ignore_check_constraints = OFF").unwrap();
            }
        })
        .await;
        // Read back, the value is an error naming the type and the value.
        let read = app
            .behind_the_portals_back(|c| {
                use gopy::db::schema::drafts;
                drafts::table
                    .filter(drafts::slug.eq("hoc-phi"))
                    .select(drafts::stage)
                    .first::<gopy::domain::Stage>(c)
            })
            .await;
        let e = read.expect_err("an unknown stage is not read as a stage");
        assert!(format!("{e:?}").contains(r#"unknown Stage stored: \"luu-tru\""#), "{e:?}");
        // A page that shows the draft fails instead of showing it at a guessed stage.
        let resp = app.get("/du-thao/hoc-phi").await;
        assert_eq!(resp.status(), 500);
        // The rest of the portal is unaffected.
        assert_eq!(app.get("/du-thao/via-he").await.status(), 200);
    }
}
