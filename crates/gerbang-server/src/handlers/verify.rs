//! `/verify/{sha256}`: anyone holding a pack checks it against what the server recorded.

use crate::error::ApiError;
use crate::handlers::blobs::ShaPath;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

/// What a document pack's QR code opens (public): which filing and case the pack with this id
/// (SHA-256 of its manifest) belongs to, its revision round, whether it is current, and the
/// case's status; never the applicant or the documents. Browsers (`Accept: text/html`) get a
/// page in Indonesian and English.
#[utoipa::path(get, path = gerbang_wire::routes::VERIFY, tag = "verify", params(ShaPath),
    responses(
        (status = 200, description = "The filing the pack belongs to.", content(
            (gerbang_wire::PackVerification = "application/json"),
            (String = "text/html"),
        )),
        (status = 404, description = "`not_found`: no filing has this pack (altered, or never filed).", content(
            (crate::schema::ErrorBody = "application/json"),
            (String = "text/html"),
        )),
    ))]
pub async fn verify(
    State(state): State<AppState>,
    headers: HeaderMap,
    crate::edge::Segment(sha): crate::edge::Segment,
) -> Result<Response, ApiError> {
    let Some(v) = crate::verify::lookup(&state, &sha).await? else {
        if wants_html(&headers) {
            let body = format!(
                "<h1>Paket tidak dikenal</h1><p>Tidak ada pengajuan dengan paket dokumen ini. \
                 Paket ini tidak diajukan dalam bentuk ini, atau telah diubah.</p>\
                 <p class=\"en\">Unknown pack: no filing has this document pack. It was not filed \
                 as it is, or it was altered.</p><p><code>{}</code></p>",
                escape(&sha)
            );
            return Ok((
                StatusCode::NOT_FOUND,
                Html(page("Paket tidak dikenal", &body)),
            )
                .into_response());
        }
        return Err(ApiError::NoSuch("filing with this document pack"));
    };
    if !wants_html(&headers) {
        return Ok(Json(v).into_response());
    }
    let filed =
        time::OffsetDateTime::parse(&v.filed_at, &time::format_description::well_known::Rfc3339)
            .map(gerbang_core::format_wita)
            .unwrap_or_else(|_| v.filed_at.clone());
    let superseded = if v.current {
        String::new()
    } else {
        "<p><strong>Perhatian:</strong> pemohon telah mengajukan dokumen perbaikan setelah paket \
         ini. <span class=\"en\">A later revision superseded these documents.</span></p>"
            .to_owned()
    };
    let body = format!(
        "<h1>Paket dokumen asli · Genuine document pack</h1>\
         <p>Paket ini milik pengajuan berikut di DPMPTSP Kota Balikpapan. \
         <span class=\"en\">This pack belongs to the filing below.</span></p>{superseded}\
         <dl><dt>Nomor pengajuan · Filing number</dt><dd>{}</dd>\
         <dt>Diajukan · Filed</dt><dd>{}</dd>\
         <dt>Putaran dokumen · Revision round</dt><dd>{}</dd>\
         <dt>Status</dt><dd>{}</dd>\
         <dt>Kasus · Case</dt><dd><code>{}</code></dd>\
         <dt>ID paket · Pack id</dt><dd><code>{}</code></dd></dl>",
        escape(&v.filing_number),
        escape(&filed),
        v.round,
        escape(&v.status),
        escape(&v.case_id),
        escape(&v.pack_id),
    );
    Ok(Html(page("Paket dokumen asli", &body)).into_response())
}

fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/html"))
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><style>body{{font-family:sans-serif;max-width:40rem;margin:2rem auto;\
         padding:0 1rem;color:#1a1c1e}}h1{{color:#0d5c66;font-size:1.4rem}}dt{{color:#61666b;\
         font-size:.85rem;margin-top:.6rem}}dd{{margin:0;font-weight:600}}.en{{color:#61666b}}\
         code{{word-break:break-all}}</style></head><body>{body}</body></html>"
    )
}
