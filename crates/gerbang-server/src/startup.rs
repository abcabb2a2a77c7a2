//! A server's state made ready to serve: the catalog recorded among those published, stored
//! records brought up to date, the pull-cursor key loaded.

use crate::db::Db;
use crate::state::{AppState, Published};

impl AppState {
    /// The state of a server on `db` keeping files in `blobs` and publishing `catalog`
    /// (recorded among the versions it has published).
    pub async fn new(
        db: Db,
        blobs: crate::objects::Blobs,
        catalog: std::sync::Arc<Published>,
    ) -> Result<AppState, String> {
        crate::catalogs::publish(&db, &catalog).await?;
        crate::upgrade::run(&db)
            .await
            .map_err(|e| format!("cannot bring the stored records up to date: {e}"))?;
        let cursors = crate::cursor::CursorKey::load(&db)
            .await
            .map_err(|e| format!("cannot read the pull cursor key: {e}"))?;
        Ok(AppState {
            db,
            blobs,
            catalog,
            throttle: crate::throttle::Throttle,
            cursors,
        })
    }
}
