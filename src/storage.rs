//! Attached files on disk, stored once under the SHA-256 of their content:
//! DATA_DIR/files/ab/abcdef…; the same file uploaded twice is kept once.
//!
//! When several processes serve one PostgreSQL database, each has a disk of its own: the
//! store is then `shared`, and every file is also kept in the database
//! (`db::queries::files`). A process asked for a file it does not have on its disk
//! fetches it from there once and keeps the copy.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::db::Db;
use crate::db::queries::files;

#[derive(Clone)]
pub struct FileStore {
    root: PathBuf,
    /// The database every file is kept in as well, when processes share it.
    shared: Option<Db>,
}

impl std::fmt::Debug for FileStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileStore")
            .field("root", &self.root)
            .field("shared", &self.shared.is_some())
            .finish()
    }
}

impl FileStore {
    pub fn new(data_dir: &Path) -> Self {
        FileStore {
            root: data_dir.join("files"),
            shared: None,
        }
    }

    /// The same store, keeping every file in `db` as well.
    pub fn shared_in(mut self, db: &Db) -> Self {
        self.shared = Some(db.clone());
        self
    }

    /// Writes the bytes (if not already there) and returns their SHA-256 in hex. The file
    /// is written to a temporary name, synced, then renamed, so a crash never leaves a
    /// partial file under a valid name. In a shared store the content is in the database
    /// too when this returns. Blocking.
    pub fn put(&self, bytes: &[u8]) -> std::io::Result<String> {
        let sha = hex::encode(Sha256::digest(bytes));
        self.write_local(&sha, bytes)?;
        if let Some(db) = &self.shared {
            let mut c = db.get().map_err(std::io::Error::other)?;
            files::keep(&mut c, &sha, bytes, crate::domain::time::now_utc())
                .map_err(std::io::Error::other)?;
        }
        Ok(sha)
    }

    fn write_local(&self, sha: &str, bytes: &[u8]) -> std::io::Result<()> {
        let path = self.path(sha).expect("a SHA-256 in hex is a valid name");
        if path.exists() {
            return Ok(());
        }
        let dir = path.parent().expect("stored files sit in a sub-folder");
        std::fs::create_dir_all(dir)?;
        let tmp = dir.join(format!(".{sha}.{}.tmp", std::process::id()));
        {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
        }
        std::fs::rename(&tmp, &path)
    }

    /// The file with this SHA-256 on this process's disk, fetched from the database first
    /// when the store is shared and another process received it; None if it is nowhere.
    /// Blocking.
    pub fn local(&self, sha256: &str) -> std::io::Result<Option<PathBuf>> {
        let Some(path) = self.path(sha256) else {
            return Ok(None);
        };
        if path.exists() {
            return Ok(Some(path));
        }
        let Some(db) = &self.shared else {
            return Ok(None);
        };
        let mut c = db.get().map_err(std::io::Error::other)?;
        match files::load(&mut c, sha256).map_err(std::io::Error::other)? {
            Some(bytes) => {
                self.write_local(sha256, &bytes)?;
                Ok(Some(path))
            }
            None => Ok(None),
        }
    }

    /// Copies into the database the files this process has on disk that the database
    /// lacks (stored before files were shared); returns how many. Blocking.
    pub fn share_missing(&self) -> std::io::Result<usize> {
        let Some(db) = &self.shared else {
            return Ok(0);
        };
        let mut c = db.get().map_err(std::io::Error::other)?;
        let mut copied = 0;
        for sha in files::missing(&mut c).map_err(std::io::Error::other)? {
            let Some(path) = self.path(&sha).filter(|p| p.exists()) else {
                continue;
            };
            let bytes = std::fs::read(&path)?;
            files::keep(&mut c, &sha, &bytes, crate::domain::time::now_utc())
                .map_err(std::io::Error::other)?;
            copied += 1;
        }
        Ok(copied)
    }

    /// Where a file with this SHA-256 lives; None for anything that is not 64 hex digits,
    /// so a stored value can never point outside the store.
    pub fn path(&self, sha256: &str) -> Option<PathBuf> {
        let valid = sha256.len() == 64
            && sha256
                .bytes()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        valid.then(|| self.root.join(&sha256[..2]).join(sha256))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_stored_once_by_content() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::new(dir.path());
        let a = store.put("Tờ trình".as_bytes()).unwrap();
        let b = store.put("Tờ trình".as_bytes()).unwrap();
        assert_eq!(a, b);
        assert_eq!(
            std::fs::read(store.path(&a).unwrap()).unwrap(),
            "Tờ trình".as_bytes()
        );
        assert!(store.path("../../etc/passwd").is_none());
    }
}
