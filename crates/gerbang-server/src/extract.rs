//! Reading requests: a JSON body whose every rejection is a JSON error naming the field, and
//! whose text holds nothing a database cannot store.

use crate::error::ApiError;
use axum::extract::{FromRequest, Request};

/// A JSON body whose rejection (malformed, wrong type, too large) is a JSON error too, and
/// whose text holds nothing a database cannot store (a NUL character is refused by field).
#[derive(Debug)]
pub struct Body<T>(pub T);

impl<S, T> FromRequest<S> for Body<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| crate::edge::body_rejection(&e))?;
        // JSON can only spell NUL as the escape \u0000; where that text occurs, find the field.
        if bytes.windows(6).any(|w| w == b"\\u0000")
            && let Ok(v) = serde_json::from_slice::<serde_json::Value>(&bytes)
            && let Some(field) = nul_field(&v, "")
        {
            return Err(ApiError::InvalidText(field));
        }
        serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_slice(&bytes))
            .map(Body)
            .map_err(|e| {
                let path = e.path().to_string();
                let what = crate::edge::plain(&e.inner().to_string());
                ApiError::Invalid(if path == "." {
                    format!("the body is not valid: {what}")
                } else {
                    format!("{path}: {what}")
                })
            })
    }
}

/// The first string (a key or a value, as a path) holding a NUL character.
fn nul_field(v: &serde_json::Value, at: &str) -> Option<String> {
    use serde_json::Value;
    let here = || {
        if at.is_empty() {
            "the body".to_owned()
        } else {
            at.to_owned()
        }
    };
    match v {
        Value::String(s) if s.contains('\0') => Some(here()),
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            let path = if at.is_empty() {
                k.clone()
            } else {
                format!("{at}.{k}")
            };
            if k.contains('\0') {
                Some(path)
            } else {
                nul_field(v, &path)
            }
        }),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| nul_field(v, &format!("{at}[{i}]"))),
        _ => None,
    }
}
