//! What the desktop and the city backend (`gerbang-server`) say to each other, and the client
//! that says it. Both sides compile these types, so the wire format cannot drift.

use gerbang_wire::routes;
use std::time::Duration;
use url::Url;

pub mod engine;
pub mod vault;
/// The wire types live in their own crate (no IO), shared with the server.
pub use gerbang_wire as wire;
pub use gerbang_wire::{DEFAULT_SERVER_PORT, DatabaseKind, Health, default_server_url};

/// Why a call to the city backend failed.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The configured server address is not an http(s) URL.
    #[error("invalid server address {address:?}: {reason}")]
    InvalidAddress {
        /// What was configured.
        address: String,
        /// What is wrong with it.
        reason: String,
    },
    /// No answer: offline, refused, timed out, or the connection dropped.
    #[error("cannot reach the city backend at {url}: {source}")]
    Unreachable {
        /// The URL that was called.
        url: String,
        /// The transport error.
        source: reqwest::Error,
    },
    /// The server answered with an error status.
    #[error("the city backend at {url} answered {status}")]
    Status {
        /// The URL that was called.
        url: String,
        /// The HTTP status code.
        status: u16,
    },
    /// The server refused the request and said why (`code` is stable: `sequence_gap`,
    /// `unauthenticated`, `incomplete`, …).
    #[error("the city backend refused: {message} ({code}, HTTP {status}{})", request_id.as_ref().map(|id| format!(", request {id}")).unwrap_or_default())]
    Refused {
        /// The HTTP status code.
        status: u16,
        /// The server's error code (`Internal` for a code this client does not know; the
        /// message then names it).
        code: gerbang_wire::ErrorCode,
        /// The server's message.
        message: String,
        /// Seconds to wait before trying again (`Retry-After`, on 429 and 503).
        retry_after: Option<u64>,
        /// The server's id for the request, to quote in a report.
        request_id: Option<String>,
    },
    /// The server answered 2xx with a body this client does not understand (version skew).
    #[error("the city backend at {url} sent an answer this Gerbang does not understand: {source}")]
    Decode {
        /// The URL that was called.
        url: String,
        /// The decoding error.
        source: reqwest::Error,
    },
}

impl SyncError {
    /// Worth trying again later: no answer, or the server failing (5xx, 408, 429).
    pub fn is_transient(&self) -> bool {
        match self {
            SyncError::Unreachable { .. } => true,
            SyncError::Status { status, .. } | SyncError::Refused { status, .. } => {
                *status >= 500 || *status == 408 || *status == 429
            }
            _ => false,
        }
    }

    /// How long the server asked to wait before trying again (`Retry-After`), if it did.
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        match self {
            SyncError::Refused {
                retry_after: Some(s),
                ..
            } => Some(std::time::Duration::from_secs(*s)),
            _ => None,
        }
    }

    /// The server's error code, when it gave one.
    pub fn code(&self) -> Option<gerbang_wire::ErrorCode> {
        match self {
            SyncError::Refused { code, .. } => Some(*code),
            _ => None,
        }
    }
}

/// The error an unsuccessful answer carries: the server's `{code, message}` when it sent one.
async fn refusal(url: &Url, response: reqwest::Response) -> SyncError {
    #[derive(serde::Deserialize)]
    struct ErrorBody {
        code: String,
        message: String,
        #[serde(default)]
        request_id: Option<String>,
    }
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    match response.json::<ErrorBody>().await {
        Ok(e) => SyncError::Refused {
            status,
            code: gerbang_wire::ErrorCode::parse(&e.code)
                .unwrap_or(gerbang_wire::ErrorCode::Internal),
            message: match gerbang_wire::ErrorCode::parse(&e.code) {
                Some(_) => e.message,
                None => format!("{} (code {:?})", e.message, e.code),
            },
            retry_after,
            request_id: e.request_id,
        },
        Err(_) => SyncError::Status {
            url: url.to_string(),
            status,
        },
    }
}

/// An HTTP client for one city backend.
#[derive(Debug, Clone)]
pub struct Client {
    base: Url,
    http: reqwest::Client,
    token: Option<String>,
}

impl Client {
    /// A client for the server at `address` (e.g. `http://127.0.0.1:8740`).
    pub fn new(address: &str) -> Result<Client, SyncError> {
        let invalid = |reason: String| SyncError::InvalidAddress {
            address: address.to_owned(),
            reason,
        };
        let base = Url::parse(address.trim()).map_err(|e| invalid(e.to_string()))?;
        if !matches!(base.scheme(), "http" | "https") {
            return Err(invalid(format!(
                "scheme {:?} is not http or https",
                base.scheme()
            )));
        }
        if base.host_str().is_none() {
            return Err(invalid("no host".to_owned()));
        }
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(30))
            // The server closes a connection idle for 10 s; drop it first, so a request is
            // never sent on a connection the server is closing.
            .pool_idle_timeout(Duration::from_secs(5))
            .user_agent(concat!("gerbang/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| invalid(e.to_string()))?;
        Ok(Client {
            base,
            http,
            token: None,
        })
    }

    /// The server's base address.
    pub fn base_url(&self) -> &Url {
        &self.base
    }

    /// Asks the server whether it and its database are up.
    pub async fn health(&self) -> Result<Health, SyncError> {
        let url = self.endpoint(routes::relative(routes::HEALTH))?;
        let response =
            self.http
                .get(url.clone())
                .send()
                .await
                .map_err(|source| SyncError::Unreachable {
                    url: url.to_string(),
                    source,
                })?;
        let status = response.status();
        if !status.is_success() {
            return Err(SyncError::Status {
                url: url.to_string(),
                status: status.as_u16(),
            });
        }
        response
            .json::<Health>()
            .await
            .map_err(|source| SyncError::Decode {
                url: url.to_string(),
                source,
            })
    }

    /// The same client, sending `token` as the bearer on every call.
    pub fn with_token(mut self, token: &str) -> Client {
        self.token = Some(token.to_owned());
        self
    }

    /// A request to `path` carrying the token, and its URL (for messages).
    fn request(
        &self,
        method: reqwest::Method,
        path: &str,
    ) -> Result<(reqwest::RequestBuilder, Url), SyncError> {
        let url = self.endpoint(path)?;
        let mut request = self.http.request(method, url.clone());
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        Ok((request, url))
    }

    /// Sends a request; no answer is [`SyncError::Unreachable`], an error answer becomes
    /// [`SyncError::Refused`] with the server's code and message.
    async fn send(
        request: reqwest::RequestBuilder,
        url: &Url,
    ) -> Result<reqwest::Response, SyncError> {
        let response = request
            .send()
            .await
            .map_err(|source| SyncError::Unreachable {
                url: url.to_string(),
                source,
            })?;
        if response.status().is_success() {
            Ok(response)
        } else {
            Err(refusal(url, response).await)
        }
    }

    /// Decodes a successful JSON answer (`204 No Content` as `()`).
    async fn decode<T: serde::de::DeserializeOwned>(
        response: reqwest::Response,
        url: &Url,
    ) -> Result<T, SyncError> {
        let status = response.status();
        if status == reqwest::StatusCode::NO_CONTENT {
            return serde_json::from_value(serde_json::Value::Null).map_err(|_| {
                SyncError::Status {
                    url: url.to_string(),
                    status: status.as_u16(),
                }
            });
        }
        response
            .json::<T>()
            .await
            .map_err(|source| SyncError::Decode {
                url: url.to_string(),
                source,
            })
    }

    /// Sends a request with an optional JSON body and decodes the JSON answer.
    async fn call<T: serde::de::DeserializeOwned>(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&impl serde::Serialize>,
    ) -> Result<T, SyncError> {
        let (mut request, url) = self.request(method, path)?;
        if let Some(body) = body {
            request = request.json(body);
        }
        Self::decode(Self::send(request, &url).await?, &url).await
    }

    /// Signs in; use the session's token with [`Client::with_token`].
    pub async fn login(&self, username: &str, password: &str) -> Result<wire::Session, SyncError> {
        let body = wire::LoginRequest {
            username: username.to_owned(),
            password: password.to_owned(),
        };
        self.call(
            reqwest::Method::POST,
            routes::relative(routes::LOGIN),
            Some(&body),
        )
        .await
    }

    /// Revokes this client's token.
    pub async fn logout(&self) -> Result<(), SyncError> {
        self.call(
            reqwest::Method::POST,
            routes::relative(routes::LOGOUT),
            None::<&()>,
        )
        .await
    }

    /// The signed-in account.
    pub async fn me(&self) -> Result<wire::Account, SyncError> {
        self.call(
            reqwest::Method::GET,
            routes::relative(routes::ME),
            None::<&()>,
        )
        .await
    }

    /// Pushes a batch of mutations.
    pub async fn push(&self, req: &wire::PushRequest) -> Result<wire::PushResponse, SyncError> {
        self.call(
            reqwest::Method::POST,
            routes::relative(routes::SYNC_PUSH),
            Some(req),
        )
        .await
    }

    /// Pulls changes after `after`.
    pub async fn pull(&self, after: i64, limit: i64) -> Result<wire::PullResponse, SyncError> {
        self.call(
            reqwest::Method::GET,
            &format!(
                "{}?after={after}&limit={limit}",
                routes::relative(routes::SYNC_PULL)
            ),
            None::<&()>,
        )
        .await
    }

    /// The catalog the server publishes.
    pub async fn catalog_info(&self) -> Result<wire::CatalogInfo, SyncError> {
        self.call(
            reqwest::Method::GET,
            routes::relative(routes::CATALOG),
            None::<&()>,
        )
        .await
    }

    /// The published catalog's bundle (JSON text).
    pub async fn catalog_bundle(&self) -> Result<String, SyncError> {
        let (request, url) = self.request(
            reqwest::Method::GET,
            routes::relative(routes::CATALOG_BUNDLE),
        )?;
        Self::send(request, &url)
            .await?
            .text()
            .await
            .map_err(|source| SyncError::Unreachable {
                url: url.to_string(),
                source,
            })
    }

    /// Where the upload of `sha256` stands.
    pub async fn blob_status(&self, sha256: &str) -> Result<wire::BlobStatus, SyncError> {
        self.call(
            reqwest::Method::GET,
            &routes::fill(routes::BLOB_STATUS, sha256),
            None::<&()>,
        )
        .await
    }

    /// Uploads one chunk of `sha256` starting at `offset`.
    pub async fn put_chunk(
        &self,
        sha256: &str,
        offset: u64,
        chunk: Vec<u8>,
    ) -> Result<wire::BlobStatus, SyncError> {
        self.send_bytes(
            reqwest::Method::PATCH,
            &format!("{}?offset={offset}", routes::fill(routes::BLOB, sha256)),
            chunk,
        )
        .await
    }

    /// Downloads the content of `sha256`.
    pub async fn get_blob(&self, sha256: &str) -> Result<Vec<u8>, SyncError> {
        let (request, url) =
            self.request(reqwest::Method::GET, &routes::fill(routes::BLOB, sha256))?;
        Ok(Self::send(request, &url)
            .await?
            .bytes()
            .await
            .map_err(|source| SyncError::Unreachable {
                url: url.to_string(),
                source,
            })?
            .to_vec())
    }

    /// Sends raw bytes and decodes the JSON answer.
    async fn send_bytes<T: serde::de::DeserializeOwned>(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Vec<u8>,
    ) -> Result<T, SyncError> {
        let (request, url) = self.request(method, path)?;
        let request = request
            .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
            .body(body);
        Self::decode(Self::send(request, &url).await?, &url).await
    }

    /// Resubmits a revised case.
    pub async fn resubmit(
        &self,
        case_id: &str,
        req: &wire::ResubmitRequest,
    ) -> Result<wire::ResubmitReceipt, SyncError> {
        self.call(
            reqwest::Method::POST,
            &routes::fill(routes::CASE_RESUBMIT, case_id),
            Some(req),
        )
        .await
    }

    /// What the server knows of the document pack with id `pack_id` (no sign-in needed).
    pub async fn verify_pack(&self, pack_id: &str) -> Result<wire::PackVerification, SyncError> {
        let (request, url) =
            self.request(reqwest::Method::GET, &routes::fill(routes::VERIFY, pack_id))?;
        let request = request.header(reqwest::header::ACCEPT, "application/json");
        Self::decode(Self::send(request, &url).await?, &url).await
    }

    /// Files a case.
    pub async fn file(
        &self,
        case_id: &str,
        req: &wire::FileRequest,
    ) -> Result<wire::Receipt, SyncError> {
        self.call(
            reqwest::Method::POST,
            &routes::fill(routes::CASE_FILE, case_id),
            Some(req),
        )
        .await
    }

    fn endpoint(&self, path: &str) -> Result<Url, SyncError> {
        let mut base = self.base.clone();
        if !base.path().ends_with('/') {
            let with_slash = format!("{}/", base.path());
            base.set_path(&with_slash);
        }
        base.join(path).map_err(|e| SyncError::InvalidAddress {
            address: self.base.to_string(),
            reason: e.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn health_wire_format_is_stable() {
        let h = Health {
            status: "ok".into(),
            version: "0.1.0".into(),
            database: DatabaseKind::Postgres,
        };
        let json = serde_json::to_string(&h).unwrap();
        assert_eq!(
            json,
            r#"{"status":"ok","version":"0.1.0","database":"postgres"}"#
        );
        assert_eq!(serde_json::from_str::<Health>(&json).unwrap(), h);
    }

    #[test]
    fn addresses_are_checked() {
        assert!(Client::new("http://127.0.0.1:8740").is_ok());
        let err = Client::new("ftp://example.org").unwrap_err().to_string();
        assert!(err.contains("scheme \"ftp\" is not http or https"), "{err}");
        let err = Client::new("not a url").unwrap_err().to_string();
        assert!(
            err.starts_with("invalid server address \"not a url\""),
            "{err}"
        );
    }

    #[test]
    fn endpoints_keep_a_path_prefix() {
        let c = Client::new("https://izin.balikpapan.go.id/gerbang").unwrap();
        assert_eq!(
            c.endpoint("health").unwrap().as_str(),
            "https://izin.balikpapan.go.id/gerbang/health"
        );
        let c = Client::new(&default_server_url()).unwrap();
        assert_eq!(
            c.endpoint("health").unwrap().as_str(),
            "http://127.0.0.1:8740/health"
        );
    }

    #[tokio::test]
    async fn a_closed_port_is_unreachable_and_says_where() {
        // Bind then drop a listener to get a port nobody listens on.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let c = Client::new(&format!("http://127.0.0.1:{port}")).unwrap();
        let err = c.health().await.unwrap_err();
        assert!(matches!(err, SyncError::Unreachable { .. }), "{err:?}");
        assert!(
            err.to_string()
                .contains(&format!("127.0.0.1:{port}/health"))
        );
    }
}
