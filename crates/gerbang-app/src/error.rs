//! What can go wrong in an application operation, kept typed: each shell words it for its
//! person (the desktop from codes in the UI's catalog, the CLI in `--lang`).

use std::path::PathBuf;

/// An operation's failure.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The data directory cannot be made.
    #[error("cannot create the data directory {}: {source}", path.display())]
    DataDir {
        /// The directory.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The built-in catalog does not load (a build defect).
    #[error("{0}")]
    BuiltInCatalog(&'static gerbang_catalog::CatalogError),
    /// The local store.
    #[error(transparent)]
    Store(#[from] gerbang_store::StoreError),
    /// The city backend or the network.
    #[error(transparent)]
    Sync(#[from] gerbang_sync::SyncError),
    /// The city backend's catalog is not usable.
    #[error("the city backend's catalog {version} is not usable: {reason}")]
    Catalog {
        /// Its version.
        version: String,
        /// What is wrong.
        reason: String,
    },
    /// Nothing is signed in to the city backend.
    #[error("not signed in to the city backend")]
    NotSignedIn,
    /// The review desk is for licensing officers, and this account is not one.
    #[error("the review desk is for licensing officers; {username} is signed in as {role}")]
    NotOfficer {
        /// The account.
        username: String,
        /// Its role.
        role: String,
    },
    /// A review action the rules do not allow now (e.g. a decision number not in the city's form).
    #[error(transparent)]
    Rule(#[from] gerbang_core::review::RuleError),
    /// A document pack could not be written.
    #[error(transparent)]
    Pack(#[from] gerbang_pack::PackError),
    /// The facts cannot be evaluated (the field and the rule that failed).
    #[error(transparent)]
    Facts(#[from] gerbang_core::engine::FactsError),
    /// A file is not a pack this desk can verify.
    #[error(transparent)]
    Verify(#[from] gerbang_pack::verify::VerifyError),
    /// Refused with a code and parameters already chosen (a request the application refuses).
    #[error(transparent)]
    Failed(Box<crate::Failure>),
}

impl From<crate::Failure> for AppError {
    fn from(f: crate::Failure) -> AppError {
        AppError::Failed(Box::new(f))
    }
}

impl From<gerbang_sync::engine::EngineError> for AppError {
    fn from(e: gerbang_sync::engine::EngineError) -> AppError {
        use gerbang_sync::engine::EngineError;
        match e {
            EngineError::Sync(e) => AppError::Sync(e),
            EngineError::Store(e) => AppError::Store(e),
            EngineError::Catalog { version, reason } => AppError::Catalog { version, reason },
        }
    }
}

impl AppError {
    /// Whether the city backend no longer accepts this device's sign-in.
    pub fn sign_in_lapsed(&self) -> bool {
        matches!(self, AppError::Sync(e) if e.code() == Some(gerbang_sync::wire::ErrorCode::Unauthenticated))
    }
}
