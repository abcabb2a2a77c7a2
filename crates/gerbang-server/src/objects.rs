//! Where document contents live: a directory (the default) or an S3-compatible bucket through
//! `object_store`, named by SHA-256; every call is async and nothing is read whole into memory.

use crate::error::ApiError;
use object_store::ObjectStore;
use object_store::path::Path as ObjectPath;

/// Where document contents live: a directory (the default) or an S3-compatible bucket, through
/// `object_store`; every call is async and nothing is read whole into memory. Objects:
/// `{sha[..2]}/{sha}` for a verified file, `parts/{account}/{sha}/{offset}-{id}` for the parts
/// of an upload in progress (listed in the `blob_parts` table, so any replica can take the
/// next chunk).
#[derive(Clone)]
pub struct Blobs {
    pub(crate) store: std::sync::Arc<dyn ObjectStore>,
    /// Where, for logs and errors (never a credential).
    pub describe: String,
}

impl std::fmt::Debug for Blobs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Blobs").field("at", &self.describe).finish()
    }
}

impl Blobs {
    /// Files under the directory `dir` (made if missing).
    pub fn local(dir: &std::path::Path) -> Result<Blobs, String> {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create the blob directory {}: {e}", dir.display()))?;
        let store = object_store::local::LocalFileSystem::new_with_prefix(dir)
            .map_err(|e| format!("cannot use the blob directory {}: {e}", dir.display()))?;
        Ok(Blobs {
            store: std::sync::Arc::new(store),
            describe: dir.display().to_string(),
        })
    }

    /// `s3://bucket[/prefix]` (an S3-compatible store configured by the usual `AWS_*`
    /// variables: `AWS_ENDPOINT`, `AWS_REGION`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
    /// `AWS_ALLOW_HTTP`), or a directory.
    pub fn open(location: &str) -> Result<Blobs, String> {
        let Some(rest) = location.strip_prefix("s3://") else {
            return Blobs::local(std::path::Path::new(location));
        };
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err(format!(
                "--blobs {location}: name a bucket (s3://bucket/prefix)"
            ));
        }
        let s3 = object_store::aws::AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            .build()
            .map_err(|e| format!("cannot use the bucket {bucket}: {e}"))?;
        let store: std::sync::Arc<dyn ObjectStore> = if prefix.trim_matches('/').is_empty() {
            std::sync::Arc::new(s3)
        } else {
            std::sync::Arc::new(object_store::prefix::PrefixStore::new(
                s3,
                prefix.trim_matches('/'),
            ))
        };
        Ok(Blobs {
            store,
            describe: format!("s3://{bucket}/{}", prefix.trim_matches('/')),
        })
    }

    /// Whether the store answers (for `/ready`): a listing of one object.
    pub async fn reachable(&self) -> Result<(), String> {
        use futures_util::StreamExt;
        let mut list = self.store.list(Some(&ObjectPath::from("parts")));
        match list.next().await {
            None | Some(Ok(_)) => Ok(()),
            Some(Err(e)) => Err(e.to_string()),
        }
    }

    /// Whether the verified file `sha` is stored.
    pub async fn exists(&self, sha: &str) -> Result<bool, ApiError> {
        match self.store.head(&object(sha)).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(store_error(e)),
        }
    }
}

pub(crate) fn object(sha: &str) -> ObjectPath {
    ObjectPath::from(format!("{}/{sha}", &sha[..2]))
}

pub(crate) fn store_error(e: object_store::Error) -> ApiError {
    tracing::error!(error = %e, "blob store");
    ApiError::StorageUnavailable
}
