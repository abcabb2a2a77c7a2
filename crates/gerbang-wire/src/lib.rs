//! What crosses the network between the desktop and the city backend, and nothing else: JSON
//! over HTTP under `/api/v1` (see the README's "Sync protocol"). No IO: both sides compile it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub mod codes;
pub mod payload;
pub mod routes;
pub mod whole;

pub use codes::ErrorCode;
pub use payload::{MutationPayload, PayloadError, ReviewPayload};

/// The city backend's address when nothing else is configured (the README names it).
pub const DEFAULT_SERVER_PORT: u16 = 8740;

/// `http://127.0.0.1:8740`, where `gerbang-server` listens by default.
pub fn default_server_url() -> String {
    format!("http://127.0.0.1:{DEFAULT_SERVER_PORT}")
}

/// Which database a server runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum DatabaseKind {
    /// An SQLite file (the embedded default).
    Sqlite,
    /// PostgreSQL (production).
    Postgres,
}

/// `GET /health`: the server is up and its database answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// Always `"ok"` when the server answers 200.
    pub status: String,
    /// The server's version (`gerbang-server --version`).
    pub version: String,
    /// The database the server runs on.
    pub database: DatabaseKind,
}

/// Who an account is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Prepares and files their own cases.
    Investor,
    /// Prepares and files cases for their clients.
    Consultant,
    /// Reviews filed cases (DPMPTSP).
    Officer,
    /// Manages accounts.
    Admin,
}

impl Role {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Investor => "investor",
            Role::Consultant => "consultant",
            Role::Officer => "officer",
            Role::Admin => "admin",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<Role> {
        [Role::Investor, Role::Consultant, Role::Officer, Role::Admin]
            .into_iter()
            .find(|r| r.as_str() == s)
    }

    /// Roles that prepare and file applications (and so push cases).
    pub fn applies(self) -> bool {
        matches!(self, Role::Investor | Role::Consultant)
    }
}

/// `POST /api/v1/auth/login`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    /// Account name.
    pub username: String,
    /// Password.
    pub password: String,
}

/// A signed-in session: send `token` as `Authorization: Bearer …` until `expires_at`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Session {
    /// The bearer token (shown once; the server keeps only its hash).
    pub token: String,
    /// When it stops working (UTC, RFC 3339).
    pub expires_at: String,
    /// The account.
    pub user: Account,
}

/// An account as others see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Account {
    /// Id.
    pub id: String,
    /// Account name.
    pub username: String,
    /// Role.
    pub role: Role,
}

/// One change a device made, in its outbox order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Mutation {
    /// The device's sequence number: 1, 2, 3, … without gaps.
    #[serde(deserialize_with = "whole::number")]
    pub seq: i64,
    /// Unique id (idempotency key), 1 to 100 characters.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub id: String,
    /// What it does: `profile.create`, `profile.update`, `case.create`, `case.update`,
    /// `document.attach`, `plan.update`.
    pub kind: String,
    /// The record it concerns.
    pub record_id: String,
    /// The server version the change was made on; `None` for a new record.
    #[serde(default, deserialize_with = "whole::optional")]
    pub base_version: Option<i64>,
    /// The record's new state (or, for documents, the document's metadata), checked against
    /// its kind by the server: a payload that does not parse is rejected in this mutation's
    /// result (`invalid_record`), not by refusing the push. Any JSON value is accepted here.
    pub payload: serde_json::Value,
}

impl Mutation {
    /// A mutation carrying `payload` (its kind comes from the payload).
    pub fn new(
        seq: i64,
        id: String,
        record_id: String,
        base_version: Option<i64>,
        payload: &MutationPayload,
    ) -> Mutation {
        Mutation {
            seq,
            id,
            kind: payload.kind().to_owned(),
            record_id,
            base_version,
            payload: payload.payload_json(),
        }
    }

    /// The payload, typed and checked (see [`MutationPayload::parse`]).
    pub fn typed(&self) -> Result<MutationPayload, PayloadError> {
        MutationPayload::parse(&self.kind, &self.payload)
    }
}

/// The most mutations one push may carry; a larger push is refused whole
/// (`too_many_mutations`). Clients send at most 200.
pub const MAX_PUSH_MUTATIONS: usize = 500;

/// `POST /api/v1/sync/push`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushRequest {
    /// The device's id (stable per installation): 1 to 100 characters, not only spaces.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 100, pattern = r"\S")
    )]
    pub device_id: String,
    /// Consecutive mutations, lowest `seq` first; at most 500 (a client sends 200).
    #[cfg_attr(feature = "openapi", schema(max_items = 500))]
    pub mutations: Vec<Mutation>,
}

/// What became of one mutation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Applied; `version` is the record's new version.
    Applied,
    /// Refused for good (not allowed, invalid): shown to the user, the queue goes on.
    Rejected,
    /// Made on a stale version: kept for the user to resolve, never applied silently.
    Conflict,
}

/// The server's answer for one mutation (the same on a replay).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MutationResult {
    /// The mutation's `seq`.
    pub seq: i64,
    /// The mutation's id.
    pub id: String,
    /// What happened.
    pub outcome: Outcome,
    /// The record's version after it (applied), or the server's current one (conflict).
    pub version: Option<i64>,
    /// Why, for rejections and conflicts.
    pub message: Option<String>,
    /// The reason's code, for rejections and conflicts (the client words it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<ErrorCode>,
}

/// The answer to a push: one result per mutation, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushResponse {
    /// Results.
    pub results: Vec<MutationResult>,
}

/// One change in the server's feed.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Change {
    /// The cursor that pulls what follows this change (opaque: it says nothing of the feed's
    /// size; see [`PullResponse::cursor`]).
    pub seq: i64,
    /// Record kind: `profile`, `case`, `document`, `filing`.
    pub kind: String,
    /// Record id.
    pub record_id: String,
    /// The record's version after this change.
    pub version: i64,
    /// The record's state: JSON passed through as the server stores it (neither side builds
    /// a tree of it to copy it along; the reader parses it into its record type).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub data: Box<serde_json::value::RawValue>,
}

impl PartialEq for Change {
    fn eq(&self, other: &Change) -> bool {
        (
            self.seq,
            &self.kind,
            &self.record_id,
            self.version,
            self.data.get(),
        ) == (
            other.seq,
            &other.kind,
            &other.record_id,
            other.version,
            other.data.get(),
        )
    }
}

/// `GET /api/v1/sync/pull?after=CURSOR&limit=N`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PullResponse {
    /// Changes after the cursor this account may see, in feed order.
    pub changes: Vec<Change>,
    /// The cursor to ask with next time: opaque, sealed by the server, `0` for the start of
    /// the feed. It moves only when this account sees a new change.
    pub cursor: i64,
    /// More changes are waiting.
    pub more: bool,
}

/// `POST /api/v1/cases/{id}/file`: the manifest of what is filed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FileRequest {
    /// SHA-256 of the case snapshot as pushed (its JSON, as the server stores it).
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9a-f]{64}$"))]
    pub snapshot_hash: String,
}

/// A filing's receipt: the same on a replay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Receipt {
    /// The case.
    pub case_id: String,
    /// The filing number, e.g. `BPN-2026-000123`.
    pub number: String,
    /// When filed (UTC, RFC 3339).
    pub filed_at: String,
}

/// `POST /api/v1/cases/{id}/resubmit`: the revised snapshot being sent back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResubmitRequest {
    /// SHA-256 of the case snapshot as pushed (canonical JSON).
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9a-f]{64}$"))]
    pub snapshot_hash: String,
    /// A written response (at most 4,000 characters) to each rejected item whose document is
    /// sent back unchanged, by item key: every rejected item needs a new document version or
    /// a response.
    #[serde(default)]
    pub responses: std::collections::BTreeMap<String, String>,
}

/// A resubmission's receipt: the same on a replay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResubmitReceipt {
    /// The case.
    pub case_id: String,
    /// The revision round now under review.
    pub round: u32,
    /// The review's status (`under_review`).
    pub status: String,
}

/// What the city backend knows of a document pack (`GET /verify/{sha256}`, public): which
/// filing and case it belongs to, never who the applicant is or what the documents hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PackVerification {
    /// The pack's id (SHA-256 of its manifest).
    pub pack_id: String,
    /// The case.
    pub case_id: String,
    /// The filing number.
    pub filing_number: String,
    /// When the case was filed (UTC, RFC 3339).
    pub filed_at: String,
    /// The revision round whose documents the pack holds (1 = as first filed).
    pub round: i64,
    /// False when the applicant has since resubmitted other documents.
    pub current: bool,
    /// Where the case stands: `filed`, `under_review`, `needs_action`, `approved`, `rejected`.
    pub status: String,
}

/// The catalog a server publishes (`GET /api/v1/catalog`); the bundle itself is
/// `GET /api/v1/catalog/bundle`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CatalogInfo {
    /// Its version.
    pub version: String,
    /// SHA-256 (hex) of the bundle's text.
    pub sha256: String,
    /// The bundle's size in bytes.
    pub size: u64,
}

/// Where an upload of a document's content stands (`GET /api/v1/blobs/{sha256}/status`, and
/// the answer to each `PATCH /api/v1/blobs/{sha256}?offset=N` chunk).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BlobStatus {
    /// The whole file is stored and verified.
    pub complete: bool,
    /// Bytes received so far (the offset to continue from).
    pub received: u64,
    /// The size the document record declares.
    pub size: u64,
}

/// JSON with every object's keys in sorted order, whatever order the value was built or parsed
/// in: the form snapshot hashes are taken over, identical on client and server.
pub fn canonical_json(value: &serde_json::Value) -> String {
    // A BTreeMap serialises in key order even where serde_json keeps insertion order.
    fn write(v: &serde_json::Value, out: &mut String) {
        match v {
            serde_json::Value::Object(map) => {
                let ordered: std::collections::BTreeMap<&String, &serde_json::Value> =
                    map.iter().collect();
                out.push('{');
                for (i, (k, v)) in ordered.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::Value::String((*k).clone()).to_string());
                    out.push(':');
                    write(v, out);
                }
                out.push('}');
            }
            serde_json::Value::Array(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write(v, out);
                }
                out.push(']');
            }
            other => out.push_str(&other.to_string()),
        }
    }
    let mut out = String::new();
    write(value, &mut out);
    out
}

/// The hash a filing manifest names: SHA-256 (hex) of the case snapshot's canonical JSON.
pub fn snapshot_hash(snapshot: &serde_json::Value) -> String {
    use sha2::Digest;
    gerbang_core::hex(&sha2::Sha256::digest(canonical_json(snapshot).as_bytes()))
}

/// The hash a filing names for a case record: [`snapshot_hash`] of its JSON.
pub fn record_hash(record: &gerbang_core::record::CaseRecord) -> String {
    snapshot_hash(&serde_json::to_value(record).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_json_sorts_keys_at_every_depth() {
        let a: serde_json::Value =
            serde_json::from_str(r#"{"b":1,"a":{"d":[{"z":1,"y":2}],"c":"x"}}"#).unwrap();
        assert_eq!(
            canonical_json(&a),
            r#"{"a":{"c":"x","d":[{"y":2,"z":1}]},"b":1}"#
        );
        let b: serde_json::Value =
            serde_json::from_str(r#"{"a":{"c":"x","d":[{"y":2,"z":1}]},"b":1}"#).unwrap();
        assert_eq!(snapshot_hash(&a), snapshot_hash(&b));
    }
}
