//! The connection edge of the real server process on loopback, under a slow-header
//! (slowloris) sender and an idle-connection flood: both are cut, and a normal client is
//! answered quickly all the while. Each attacker connects from an address of its own on the
//! loopback network (127.0.0.2, 127.0.0.3), as attackers elsewhere would.

use crate::databases::TestDb;
use crate::process::start_with;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

const HEADER_TIMEOUT: u64 = 2;
const PER_ADDRESS: usize = 40;

async fn connect_from(from: &str, to: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(format!("{from}:0").parse().unwrap()).unwrap();
    socket.connect(to).await.unwrap()
}

/// Whether the server closed `stream` within `within` (EOF or reset on read).
async fn closed_within(stream: &mut TcpStream, within: Duration) -> bool {
    let mut buf = [0u8; 512];
    let deadline = Instant::now() + within;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, stream.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0) | Err(_)) => return true,
            // Bytes (an error answer) before the close: keep reading.
            Ok(Ok(_)) => continue,
        }
    }
}

/// A normal client's health check, timed.
async fn health_takes(url: &str) -> Duration {
    let started = Instant::now();
    let health = gerbang_sync::Client::new(url).unwrap().health().await;
    assert!(health.is_ok(), "{health:?}");
    started.elapsed()
}

#[tokio::test]
async fn slow_headers_and_idle_floods_are_cut_while_others_are_served() {
    let db = TestDb::sqlite().await;
    let url = db.url.clone();
    db.db.close().await;
    let server = start_with(
        &url,
        &[
            "--header-timeout",
            &HEADER_TIMEOUT.to_string(),
            "--max-connections-per-address",
            &PER_ADDRESS.to_string(),
        ],
    );
    let addr: SocketAddr = server
        .url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .unwrap();

    // Slowloris: 30 connections from 127.0.0.2 that send a header line every 500 ms, forever.
    let slow_started = Instant::now();
    let mut slow = Vec::new();
    for _ in 0..30 {
        let mut s = connect_from("127.0.0.2", addr).await;
        s.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n")
            .await
            .unwrap();
        slow.push(s);
    }
    let dripping = tokio::spawn(async move {
        let mut cut = 0;
        for _ in 0..(HEADER_TIMEOUT * 2 + 6) {
            tokio::time::sleep(Duration::from_millis(500)).await;
            for s in &mut slow {
                let _ = s.write_all(b"X-Slow: 1\r\n").await;
            }
        }
        for s in &mut slow {
            if closed_within(s, Duration::from_millis(100)).await {
                cut += 1;
            }
        }
        cut
    });

    // Idle flood: 200 connections from 127.0.0.3 that never send a byte. Those beyond the
    // per-address limit are closed at once, the rest when the header timeout passes.
    let mut idle = Vec::new();
    for _ in 0..200 {
        idle.push(connect_from("127.0.0.3", addr).await);
    }
    let mut refused_at_once = 0;
    for s in &mut idle {
        if closed_within(s, Duration::from_millis(20)).await {
            refused_at_once += 1;
        }
    }
    assert!(
        refused_at_once >= 200 - PER_ADDRESS,
        "only {refused_at_once} of 200 idle connections were closed at once"
    );

    // Under both, a normal client is answered quickly, again and again.
    for _ in 0..5 {
        let took = health_takes(&server.url).await;
        assert!(
            took < Duration::from_millis(500),
            "health took {took:?} under attack"
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    }

    // The idle connections the server accepted are closed once the header timeout passes.
    let mut still_open = 0;
    for s in &mut idle {
        if !closed_within(s, Duration::from_secs(HEADER_TIMEOUT + 2)).await {
            still_open += 1;
        }
    }
    assert_eq!(
        still_open, 0,
        "idle connections outlived the header timeout"
    );

    // Every slow sender was cut, though it kept sending, and not before the timeout.
    let cut = dripping.await.unwrap();
    assert_eq!(cut, 30, "slow-header connections still open");
    assert!(slow_started.elapsed() >= Duration::from_secs(HEADER_TIMEOUT));

    // A kept-alive connection that goes quiet after an answer is closed too.
    let mut kept = TcpStream::connect(addr).await.unwrap();
    kept.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut answer = [0u8; 1024];
    let n = kept.read(&mut answer).await.unwrap();
    assert!(
        String::from_utf8_lossy(&answer[..n]).starts_with("HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&answer[..n])
    );
    let quiet = Instant::now();
    assert!(closed_within(&mut kept, Duration::from_secs(HEADER_TIMEOUT + 2)).await);
    assert!(quiet.elapsed() >= Duration::from_secs(HEADER_TIMEOUT) - Duration::from_millis(200));
    drop(server);
}
