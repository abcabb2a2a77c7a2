//! What the desktop and the city backend (`gerbang-server`) say to each other, and the client
//! that says it. Both sides compile these types, so the wire format cannot drift.

use serde::{Deserialize, Serialize};
use std::time::Duration;
use ts_rs::TS;
use url::Url;

/// The city backend's address when nothing else is configured (the README names it).
pub const DEFAULT_SERVER_PORT: u16 = 8740;

pub mod wire;

/// `http://127.0.0.1:8740`, where `gerbang-server` listens by default.
pub fn default_server_url() -> String {
    format!("http://127.0.0.1:{DEFAULT_SERVER_PORT}")
}

/// Which database a server runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum DatabaseKind {
    /// An SQLite file (the embedded default).
    Sqlite,
    /// PostgreSQL (production).
    Postgres,
}

/// `GET /health`: the server is up and its database answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Health {
    /// Always `"ok"` when the server answers 200.
    pub status: String,
    /// The server's version (`gerbang-server --version`).
    pub version: String,
    /// The database the server runs on.
    pub database: DatabaseKind,
}

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
    /// The server answered 2xx with a body this client does not understand (version skew).
    #[error("the city backend at {url} sent an answer this Gerbang does not understand: {source}")]
    Decode {
        /// The URL that was called.
        url: String,
        /// The decoding error.
        source: reqwest::Error,
    },
}

/// An HTTP client for one city backend.
#[derive(Debug, Clone)]
pub struct Client {
    base: Url,
    http: reqwest::Client,
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
            .user_agent(concat!("gerbang/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| invalid(e.to_string()))?;
        Ok(Client { base, http })
    }

    /// The server's base address.
    pub fn base_url(&self) -> &Url {
        &self.base
    }

    /// Asks the server whether it and its database are up.
    pub async fn health(&self) -> Result<Health, SyncError> {
        let url = self.endpoint("health")?;
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
