//! The connection edge: accepts TCP connections and serves HTTP/1.1 on them, with the limits a
//! server facing the internet needs. A client must finish its request head within
//! [`Limits::header_timeout`] of connecting, and of its previous answer on a kept-alive
//! connection: a slow-header (slowloris) sender and an idle connection are both closed then.
//! At most [`Limits::max_connections`] connections are open at once and at most
//! [`Limits::max_per_address`] from one address; a connection beyond either is closed at once,
//! so one address cannot hold every slot. Slow bodies are cut by the router's request timeout.

use axum::Router;
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tower::ServiceExt;

/// How many connections the server holds open, and for how long an idle one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Time allowed for a request's head (request line and headers), counted from the
    /// connection's opening or its previous answer.
    pub header_timeout: Duration,
    /// Open connections, in all.
    pub max_connections: usize,
    /// Open connections from one IP address.
    pub max_per_address: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_timeout: Duration::from_secs(10),
            max_connections: 4096,
            max_per_address: 256,
        }
    }
}

/// Open connections per address; a slot is given back when its guard drops.
#[derive(Debug, Default)]
struct Slots {
    total: usize,
    by_address: HashMap<IpAddr, usize>,
}

struct Slot {
    slots: Arc<Mutex<Slots>>,
    address: IpAddr,
}

impl Slot {
    fn take(slots: &Arc<Mutex<Slots>>, address: IpAddr, limits: &Limits) -> Option<Slot> {
        let mut s = slots.lock().unwrap_or_else(|p| p.into_inner());
        let here = s.by_address.get(&address).copied().unwrap_or(0);
        if s.total >= limits.max_connections || here >= limits.max_per_address {
            return None;
        }
        s.total += 1;
        s.by_address.insert(address, here + 1);
        Some(Slot {
            slots: slots.clone(),
            address,
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut s = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        s.total = s.total.saturating_sub(1);
        if let Some(n) = s.by_address.get_mut(&self.address) {
            *n -= 1;
            if *n == 0 {
                s.by_address.remove(&self.address);
            }
        }
    }
}

/// How long in-flight requests may take to finish once shutdown begins.
const DRAIN: Duration = Duration::from_secs(30);

/// Serves `app` on `listener` within `limits` until `shutdown` resolves; then stops accepting,
/// lets in-flight requests finish (for at most 30 s) and returns. Handlers can read the peer
/// as `ConnectInfo<SocketAddr>`.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let slots = Arc::new(Mutex::new(Slots::default()));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_headers(100);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait a moment rather than spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Some(slot) = Slot::take(&slots, peer.ip(), &limits) else {
            tracing::debug!(%peer, "connection limit reached: closed");
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let service =
            app.clone()
                .map_request(move |mut req: hyper::Request<hyper::body::Incoming>| {
                    req.extensions_mut().insert(ConnectInfo(peer));
                    req
                });
        let service = hyper_util::service::TowerToHyperService::new(service);
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(%peer, error = %e, "connection ended");
            }
            drop(slot);
        });
    }
    drop(listener);
    if tokio::time::timeout(DRAIN, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            "requests still running after {} s: stopped",
            DRAIN.as_secs()
        );
    }
    Ok(())
}
