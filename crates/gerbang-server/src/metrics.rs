//! What this process has served, for Prometheus (`GET /metrics`, text format 0.0.4): requests
//! by route and status, their latencies as a histogram by route, and the work done (mutations
//! pushed, changes pulled, files uploaded and their bytes). Counts are per process (each
//! replica is scraped on its own; Prometheus sums them), kept in atomics and one short lock.

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

#[derive(Debug, Default)]
struct Latency {
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Debug, Default)]
struct Registry {
    /// (method, route, status) → requests.
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    /// (method, route) → latency histogram.
    latency: Mutex<BTreeMap<(String, String), Latency>>,
    pushes: AtomicU64,
    mutations: AtomicU64,
    pulls: AtomicU64,
    pulled: AtomicU64,
    uploads: AtomicU64,
    uploaded_bytes: AtomicU64,
}

fn registry() -> &'static Registry {
    static R: OnceLock<Registry> = OnceLock::new();
    R.get_or_init(Registry::default)
}

/// Counts one push of `mutations` mutations.
pub fn pushed(mutations: usize) {
    let r = registry();
    r.pushes.fetch_add(1, Ordering::Relaxed);
    r.mutations.fetch_add(mutations as u64, Ordering::Relaxed);
}

/// Counts one pull that returned `changes` changes.
pub fn pulled(changes: usize) {
    let r = registry();
    r.pulls.fetch_add(1, Ordering::Relaxed);
    r.pulled.fetch_add(changes as u64, Ordering::Relaxed);
}

/// Counts one file verified and stored.
pub fn upload_completed(bytes: u64) {
    let r = registry();
    r.uploads.fetch_add(1, Ordering::Relaxed);
    r.uploaded_bytes.fetch_add(bytes, Ordering::Relaxed);
}

/// Middleware: counts every request under its route template (`/api/v1/blobs/{sha256}`, never
/// the path a caller typed, so a scanner cannot grow the table), or `unmatched`.
pub async fn track(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |m| m.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let start = Instant::now();
    let response = next.run(request).await;
    let seconds = start.elapsed().as_secs_f64();
    let status = response.status().as_u16();
    let r = registry();
    if let Ok(mut map) = r.requests.lock() {
        *map.entry((method.clone(), route.clone(), status))
            .or_default() += 1;
    }
    if let Ok(mut map) = r.latency.lock() {
        let l = map.entry((method, route)).or_default();
        for (i, bound) in BUCKETS.iter().enumerate() {
            if seconds <= *bound {
                l.buckets[i] += 1;
            }
        }
        l.count += 1;
        l.sum += seconds;
    }
    response
}

fn label(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// The exposition text.
pub fn render() -> String {
    let r = registry();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# HELP gerbang_http_requests_total Requests answered, by route and status.\n# TYPE gerbang_http_requests_total counter"
    );
    if let Ok(map) = r.requests.lock() {
        for ((method, route, status), n) in map.iter() {
            let _ = writeln!(
                out,
                "gerbang_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {n}",
                label(route)
            );
        }
    }
    let _ = writeln!(
        out,
        "# HELP gerbang_http_request_duration_seconds Time to answer, by route.\n# TYPE gerbang_http_request_duration_seconds histogram"
    );
    if let Ok(map) = r.latency.lock() {
        for ((method, route), l) in map.iter() {
            let route = label(route);
            for (i, bound) in BUCKETS.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "gerbang_http_request_duration_seconds_bucket{{method=\"{method}\",route=\"{route}\",le=\"{bound}\"}} {}",
                    l.buckets[i]
                );
            }
            let _ = writeln!(
                out,
                "gerbang_http_request_duration_seconds_bucket{{method=\"{method}\",route=\"{route}\",le=\"+Inf\"}} {}\ngerbang_http_request_duration_seconds_sum{{method=\"{method}\",route=\"{route}\"}} {}\ngerbang_http_request_duration_seconds_count{{method=\"{method}\",route=\"{route}\"}} {}",
                l.count, l.sum, l.count
            );
        }
    }
    let counters = [
        ("gerbang_pushes_total", "Push requests applied.", &r.pushes),
        (
            "gerbang_pushed_mutations_total",
            "Mutations received in pushes.",
            &r.mutations,
        ),
        ("gerbang_pulls_total", "Pull requests answered.", &r.pulls),
        (
            "gerbang_pulled_changes_total",
            "Changes sent in pulls.",
            &r.pulled,
        ),
        (
            "gerbang_uploads_total",
            "Files verified and stored.",
            &r.uploads,
        ),
        (
            "gerbang_uploaded_bytes_total",
            "Bytes of the files stored.",
            &r.uploaded_bytes,
        ),
    ];
    for (name, help, value) in counters {
        let _ = writeln!(
            out,
            "# HELP {name} {help}\n# TYPE {name} counter\n{name} {}",
            value.load(Ordering::Relaxed)
        );
    }
    out
}

/// This replica's metrics, for Prometheus (unauthenticated: expose it only to the scraper).
#[utoipa::path(get, path = gerbang_wire::routes::METRICS, tag = "server", responses(
    (status = 200, description = "Prometheus text exposition (version 0.0.4): requests by method, route and status, request latencies, pushes, mutations, pulls, uploads. Counts are this replica's own since it started; scrape every replica.", content_type = "text/plain", body = String),
))]
pub async fn metrics() -> impl IntoResponse {
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        render(),
    )
}
