//! The server's fixed limits on requests: body size, pull page size and request time. Routes,
//! errors and the API description all quote them from here.

use std::time::Duration;

/// The largest request body accepted (a push batch of case snapshots).
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;
/// The most changes one pull page may ask for.
pub const MAX_PULL_LIMIT: i64 = 2000;
/// How long a request may take before it is answered 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
