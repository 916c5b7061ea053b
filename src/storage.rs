//! Attached files on disk, stored once under the SHA-256 of their content:
//! DATA_DIR/files/ab/abcdef…; the same file uploaded twice is kept once.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

#[derive(Clone, Debug)]
pub struct FileStore {
    root: PathBuf,
}

impl FileStore {
    pub fn new(data_dir: &Path) -> Self {
        FileStore {
            root: data_dir.join("files"),
        }
    }

    /// Writes the bytes (if not already there) and returns their SHA-256 in hex. The file
    /// is written to a temporary name, synced, then renamed, so a crash never leaves a
    /// partial file under a valid name.
    pub fn put(&self, bytes: &[u8]) -> std::io::Result<String> {
        let sha = hex::encode(Sha256::digest(bytes));
        let path = self.path(&sha).expect("a SHA-256 in hex is a valid name");
        if path.exists() {
            return Ok(sha);
        }
        let dir = path.parent().expect("stored files sit in a sub-folder");
        std::fs::create_dir_all(dir)?;
        let tmp = dir.join(format!(".{sha}.{}.tmp", std::process::id()));
        {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
        }
        std::fs::rename(&tmp, &path)?;
        Ok(sha)
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
