//! The site's operator as every page shows it, kept in memory: read at start, replaced
//! at once after a change made through this process, and read again every
//! GOPY_PAGE_RECHECK_MS for changes made by another process (a second replica), the
//! promise every cached page makes. The pages that cache their rendering include its
//! revision in their key.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use crate::db::queries::site;
use crate::db::{Db, DbError};
use crate::domain::site::Operator;

#[derive(Default)]
pub struct SiteInfo {
    operator: RwLock<Option<Arc<Operator>>>,
}

impl SiteInfo {
    pub fn operator(&self) -> Option<Arc<Operator>> {
        self.operator
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn set(&self, operator: Option<Operator>) {
        *self.operator.write().unwrap_or_else(|e| e.into_inner()) = operator.map(Arc::new);
    }

    /// The operator's revision (0 while none is set), for cache keys.
    pub fn revision(&self) -> i64 {
        self.operator().map_or(0, |o| o.revision)
    }

    pub async fn load(&self, db: &Db) -> Result<(), DbError> {
        let operator = db.run(|c| site::operator(c).map_err(DbError::from)).await?;
        self.set(operator);
        Ok(())
    }

    /// Runs for the life of the server, reading the operator again every `every`.
    pub async fn follow(self: Arc<Self>, db: Db, every: Duration) {
        let every = every.max(Duration::from_millis(200));
        loop {
            tokio::time::sleep(every).await;
            if let Err(e) = self.load(&db).await {
                tracing::warn!(error = %e, "could not read the site operator");
            }
        }
    }
}
