//! The shapes the API description names beside the wire types: the error body every 4xx and
//! 5xx answer carries, raw bytes, and JSON documents it does not spell out.

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type};

/// An error as clients see it: on every 4xx and 5xx answer.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// Stable, machine-readable; clients branch on this and word it in their user's language.
    pub code: gerbang_wire::ErrorCode,
    /// For the log and for developers, in English; may change between versions.
    pub message: String,
    /// This request's id (also the `X-Request-Id` header): quote it to trace a report.
    pub request_id: String,
}

/// A document's content (or a chunk of it), as raw bytes.
#[derive(Debug)]
pub struct Bytes;

impl utoipa::PartialSchema for Bytes {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
            .into()
    }
}

impl utoipa::ToSchema for Bytes {}

/// A JSON document whose shape this description does not spell out (the catalog bundle, this
/// document itself).
#[derive(Debug)]
pub struct Document;

impl utoipa::PartialSchema for Document {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new().schema_type(Type::Object).into()
    }
}

impl utoipa::ToSchema for Document {}
