//! What every handler can reach: the database, the document store, the catalog published now,
//! the sign-in throttle and the pull-cursor key.

use crate::db::Db;

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The server's database.
    pub db: Db,
    /// Where document contents are kept (by SHA-256).
    pub blobs: crate::objects::Blobs,
    /// The catalog this server publishes now (every version it published stays known: see
    /// the `catalogs` module).
    pub catalog: std::sync::Arc<Published>,
    /// Failed sign-ins, per account and address (counted in the database).
    pub throttle: crate::throttle::Throttle,
    /// Seals pull cursors.
    pub cursors: crate::cursor::CursorKey,
}

/// A catalog as published: its version, the SHA-256 of its bundle, and the bundle.
#[derive(Debug, Clone)]
pub struct Published {
    /// The catalog's version.
    pub version: String,
    /// SHA-256 (hex) of `bundle`.
    pub sha256: String,
    /// The catalog data as one JSON document.
    pub bundle: String,
    /// `bundle` gzipped at the best level, made at the first download that accepts gzip (the
    /// answers the compression layer makes on the fly use its fastest level).
    pub gzipped: std::sync::Arc<std::sync::OnceLock<axum::body::Bytes>>,
}

impl Published {
    /// The catalog built into this server.
    pub fn embedded() -> Result<Published, String> {
        let c = gerbang_catalog::catalog().map_err(|e| e.to_string())?;
        let bundle = gerbang_catalog::bundle(c).map_err(|e| e.to_string())?;
        Ok(Published {
            version: c.version().to_owned(),
            sha256: gerbang_catalog::bundle_hash(&bundle),
            bundle,
            gzipped: Default::default(),
        })
    }

    /// The built-in catalog, made once per process and shared.
    pub fn embedded_shared() -> Result<std::sync::Arc<Published>, String> {
        static SHARED: std::sync::OnceLock<Result<std::sync::Arc<Published>, String>> =
            std::sync::OnceLock::new();
        SHARED
            .get_or_init(|| Published::embedded().map(std::sync::Arc::new))
            .clone()
    }

    /// A bundle file (checked like the embedded catalog).
    pub fn from_file(path: &std::path::Path) -> Result<Published, String> {
        let bundle = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the catalog {}: {e}", path.display()))?;
        let c = gerbang_catalog::from_bundle(&bundle)
            .map_err(|e| format!("the catalog {} is not usable: {e}", path.display()))?;
        Ok(Published {
            version: c.version().to_owned(),
            sha256: c.content_hash.clone(),
            bundle,
            gzipped: Default::default(),
        })
    }
}
