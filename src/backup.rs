//! `gopy backup DIR` and `gopy restore DIR`: the database and the attached files, taken
//! while the portal serves, and put back into an empty data directory.
//!
//! A backup directory holds `database.sqlite3` (SQLite, copied with SQLite's online
//! backup API) or `database.pgdump` (PostgreSQL, `pg_dump --format=custom`), the
//! attached files under `files/` as in the data directory, and `manifest.json`, written
//! last: a directory without it is an interrupted backup and is refused by restore.
//!
//! Order matters. The database is copied first, as one snapshot; the files after it. A
//! file is stored before the row that names it is committed (see `storage`), so every
//! file the snapshot names is already on disk when the files are copied. Files added
//! later are copied too and are simply not named by anything.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::config::{Config, DatabaseUrl, redact_password};

const FORMAT: u32 = 1;
const SQLITE_FILE: &str = "database.sqlite3";
const PG_FILE: &str = "database.pgdump";
const MANIFEST: &str = "manifest.json";

/// What a backup holds, written as `manifest.json` once everything else is in place.
#[derive(Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    /// The version of gopy that took it.
    pub gopy: String,
    /// When the database snapshot began, UTC (RFC 3339). Every write acknowledged
    /// before this moment is in the backup.
    pub taken_at: String,
    /// "sqlite" or "postgres": a backup restores into the same kind of database.
    pub backend: String,
    pub database_file: String,
    pub files: u64,
    pub file_bytes: u64,
}

/// Takes a backup of the configured database and data directory into `dir`, which must
/// be empty or not exist. The portal may keep serving meanwhile.
pub fn backup(config: &Config, dir: &Path) -> Result<Manifest, String> {
    ensure_empty_dir(dir)?;
    let taken_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let (backend, database_file) = match &config.database.database_url {
        DatabaseUrl::Sqlite(path) => {
            sqlite_backup(path, &dir.join(SQLITE_FILE))?;
            ("sqlite", SQLITE_FILE)
        }
        DatabaseUrl::Postgres(url) => {
            let out = dir.join(PG_FILE);
            let mut c = pg_command("pg_dump", url)?;
            c.arg("--format=custom")
                .arg("--no-owner")
                .arg("--file")
                .arg(&out);
            run(c, "pg_dump")?;
            ("postgres", PG_FILE)
        }
    };
    let (files, file_bytes) =
        copy_files(&config.server.data_dir.join("files"), &dir.join("files"))?;
    let manifest = Manifest {
        format: FORMAT,
        gopy: env!("CARGO_PKG_VERSION").to_string(),
        taken_at,
        backend: backend.into(),
        database_file: database_file.into(),
        files,
        file_bytes,
    };
    let json = serde_json::to_vec_pretty(&manifest).map_err(|e| e.to_string())?;
    write_synced(&dir.join(MANIFEST), &json)?;
    sync_dir(dir)?;
    Ok(manifest)
}

/// Puts a backup back into the configured database and data directory, which must both
/// be empty. Migrations and the search index are the caller's next steps (`gopy restore`
/// runs both), so that a backup of an older version comes back in the current shape.
pub fn restore(config: &Config, dir: &Path) -> Result<Manifest, String> {
    let manifest = read_manifest(dir)?;
    let target_files = config.server.data_dir.join("files");
    if dir_has_entries(&target_files)? {
        return Err(format!(
            "{} already holds files: restore only into an empty data directory",
            target_files.display()
        ));
    }
    match (&config.database.database_url, manifest.backend.as_str()) {
        (DatabaseUrl::Sqlite(path), "sqlite") => {
            if path.exists() && std::fs::metadata(path).map(|m| m.len()).unwrap_or(0) > 0 {
                return Err(format!(
                    "{} already exists: restore only into an empty data directory",
                    path.display()
                ));
            }
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
            }
            // Copied through SQLite as well, so that the result is a whole database or
            // nothing under the configured name.
            let partial = path.with_extension("restoring");
            let _ = std::fs::remove_file(&partial);
            sqlite_backup(&dir.join(&manifest.database_file), &partial)?;
            std::fs::rename(&partial, path)
                .map_err(|e| format!("cannot move the database into place: {e}"))?;
        }
        (DatabaseUrl::Postgres(url), "postgres") => {
            ensure_empty_postgres(url)?;
            let mut c = pg_command("pg_restore", url)?;
            c.arg("--no-owner")
                .arg("--exit-on-error")
                .arg("--single-transaction")
                .arg(dir.join(&manifest.database_file));
            run(c, "pg_restore")?;
        }
        (configured, taken) => {
            return Err(format!(
                "this backup is of a {taken} database and GOPY_DATABASE_URL is {}: restore into the same kind of database",
                configured.backend_name()
            ));
        }
    }
    let (files, _) = copy_files(&dir.join("files"), &target_files)?;
    if files != manifest.files {
        return Err(format!(
            "the backup lists {} files and {files} were found",
            manifest.files
        ));
    }
    Ok(manifest)
}

fn read_manifest(dir: &Path) -> Result<Manifest, String> {
    let path = dir.join(MANIFEST);
    let raw = std::fs::read(&path).map_err(|e| {
        format!(
            "{}: {e}; a backup without its manifest did not finish",
            path.display()
        )
    })?;
    let manifest: Manifest = serde_json::from_slice(&raw)
        .map_err(|e| format!("{} is not a backup manifest: {e}", path.display()))?;
    if manifest.format != FORMAT {
        return Err(format!(
            "backup format {} is not known to this version (it reads {FORMAT})",
            manifest.format
        ));
    }
    if manifest.database_file.contains(['/', '\\']) {
        return Err("the manifest names a database file outside the backup".into());
    }
    Ok(manifest)
}

/// Copies a whole SQLite database through SQLite's online backup API, in one step: the
/// step reads one snapshot (in WAL mode writers go on meanwhile) so the copy is never
/// restarted by the portal's writes.
fn sqlite_backup(from: &Path, to: &Path) -> Result<(), String> {
    use rusqlite::{Connection, OpenFlags, backup::StepResult};
    // Read and write, without create: a WAL database is read through its shared-memory
    // file, which a read-only connection may not be able to make; a missing file is an
    // error rather than a new empty database.
    let src = Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_WRITE)
        .map_err(|e| format!("cannot open {}: {e}", from.display()))?;
    src.busy_timeout(std::time::Duration::from_secs(10))
        .map_err(|e| e.to_string())?;
    let mut dst =
        Connection::open(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    {
        let backup = rusqlite::backup::Backup::new(&src, &mut dst)
            .map_err(|e| format!("cannot start the backup: {e}"))?;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            match backup.step(-1).map_err(|e| format!("backup failed: {e}"))? {
                StepResult::Done => break,
                // The database was locked for the moment (a checkpoint): try again.
                StepResult::Busy | StepResult::Locked | StepResult::More
                    if std::time::Instant::now() < deadline =>
                {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                other => return Err(format!("backup did not finish: {other:?}")),
            }
        }
    }
    // A copy in rollback-journal mode is one self-contained file.
    dst.pragma_update(None, "journal_mode", "DELETE")
        .map_err(|e| e.to_string())?;
    drop(dst);
    std::fs::File::open(to)
        .and_then(|f| f.sync_all())
        .map_err(|e| format!("cannot sync {}: {e}", to.display()))
}

/// Copies the content-addressed file store, checking each file against its name, so that
/// a damaged file is found when the backup is taken rather than when it is needed.
/// Returns the number of files and their bytes.
fn copy_files(from: &Path, to: &Path) -> Result<(u64, u64), String> {
    let mut count = 0;
    let mut bytes = 0;
    let Ok(shards) = std::fs::read_dir(from) else {
        return Ok((0, 0));
    };
    for shard in shards {
        let shard = shard.map_err(|e| e.to_string())?;
        if !shard.file_type().map(|t| t.is_dir()).unwrap_or(false) {
            continue;
        }
        for file in std::fs::read_dir(shard.path()).map_err(|e| e.to_string())? {
            let file = file.map_err(|e| e.to_string())?;
            let name = file.file_name().to_string_lossy().into_owned();
            // Temporary files of an upload in progress start with a dot.
            if name.starts_with('.') {
                continue;
            }
            let content = std::fs::read(file.path())
                .map_err(|e| format!("cannot read {}: {e}", file.path().display()))?;
            if hex::encode(Sha256::digest(&content)) != name {
                return Err(format!(
                    "{} does not match its name: the file is damaged",
                    file.path().display()
                ));
            }
            let dir = to.join(shard.file_name());
            std::fs::create_dir_all(&dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            write_synced(&dir.join(&name), &content)?;
            count += 1;
            bytes += content.len() as u64;
        }
    }
    Ok((count, bytes))
}

/// The PostgreSQL client program with the database's address. A password in the URL is
/// passed in PGPASSWORD rather than on the command line, where other users of the
/// machine could read it.
fn pg_command(program: &str, url: &str) -> Result<Command, String> {
    let which = Command::new(program).arg("--version").output();
    if !which.map(|o| o.status.success()).unwrap_or(false) {
        return Err(format!(
            "{program} was not found: install the PostgreSQL client of the server's major version (Debian: postgresql-client), or see the README's \"Backup and restore\" for the commands to run by hand"
        ));
    }
    let (url, password) = split_password(url);
    let mut c = Command::new(program);
    c.arg("--dbname").arg(url);
    if let Some(p) = password {
        c.env("PGPASSWORD", p);
    }
    Ok(c)
}

fn split_password(url: &str) -> (String, Option<String>) {
    let Some((scheme, rest)) = url.split_once("://") else {
        return (url.to_string(), None);
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    if let Some((userinfo, host)) = authority.rsplit_once('@')
        && let Some((user, password)) = userinfo.split_once(':')
    {
        let password = percent_encoding::percent_decode_str(password)
            .decode_utf8_lossy()
            .into_owned();
        return (format!("{scheme}://{user}@{host}{tail}"), Some(password));
    }
    (url.to_string(), None)
}

fn ensure_empty_postgres(url: &str) -> Result<(), String> {
    use diesel::prelude::*;
    let mut c = diesel::PgConnection::establish(url)
        .map_err(|e| format!("cannot connect to {}: {e}", redact_password(url)))?;
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let tables: Count = diesel::sql_query(
        "SELECT count(*) AS n FROM information_schema.tables \
         WHERE table_schema NOT IN ('pg_catalog', 'information_schema')",
    )
    .get_result(&mut c)
    .map_err(|e| e.to_string())?;
    if tables.n > 0 {
        return Err(format!(
            "{} already has {} tables: restore only into an empty database",
            redact_password(url),
            tables.n
        ));
    }
    Ok(())
}

fn run(mut c: Command, what: &str) -> Result<(), String> {
    let out = c.output().map_err(|e| format!("cannot run {what}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

fn ensure_empty_dir(dir: &Path) -> Result<(), String> {
    if dir_has_entries(dir)? {
        return Err(format!(
            "{} is not empty: give a new directory for each backup",
            dir.display()
        ));
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))
}

fn dir_has_entries(dir: &Path) -> Result<bool, String> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => Ok(entries.next().is_some()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(format!("cannot read {}: {e}", dir.display())),
    }
}

fn write_synced(path: &PathBuf, bytes: &[u8]) -> Result<(), String> {
    use std::io::Write;
    let mut f = std::fs::File::create(path)
        .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    f.write_all(bytes)
        .and_then(|_| f.sync_all())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn sync_dir(dir: &Path) -> Result<(), String> {
    std::fs::File::open(dir)
        .and_then(|f| f.sync_all())
        .map_err(|e| format!("cannot sync {}: {e}", dir.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_leaves_the_command_line() {
        assert_eq!(
            split_password("postgres://gopy:p%40ss@db:5432/gopy?sslmode=disable"),
            (
                "postgres://gopy@db:5432/gopy?sslmode=disable".to_string(),
                Some("p@ss".to_string())
            )
        );
        assert_eq!(
            split_password("postgres://postgres@127.0.0.1:5432/x"),
            ("postgres://postgres@127.0.0.1:5432/x".to_string(), None)
        );
    }

    #[test]
    fn a_damaged_file_is_found() {
        let from = tempfile::tempdir().unwrap();
        let to = tempfile::tempdir().unwrap();
        let store = crate::storage::FileStore::new(from.path());
        let sha = store.put(b"Phu luc 1").unwrap();
        assert_eq!(
            copy_files(&from.path().join("files"), &to.path().join("a")).unwrap(),
            (1, 9)
        );
        std::fs::write(store.path(&sha).unwrap(), b"Phu luc 2").unwrap();
        let err = copy_files(&from.path().join("files"), &to.path().join("b")).unwrap_err();
        assert!(err.contains("damaged"), "{err}");
    }
}
