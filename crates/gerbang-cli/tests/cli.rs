//! The `gerbang` binary as a user runs it.

#![allow(clippy::unwrap_used)] // tests: a panic with the value is the report we want

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_gerbang");

#[test]
fn version_and_help() {
    let out = Command::new(BIN).arg("--version").output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("gerbang {}", env!("CARGO_PKG_VERSION"))
    );
    let out = Command::new(BIN).arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(help.contains("catalog"), "{help}");
    assert!(help.contains("server-health"), "{help}");
}

#[test]
fn catalog_reports_the_embedded_version_and_hash() {
    let expected = gerbang_catalog::Catalog::embedded().unwrap();
    let out = Command::new(BIN)
        .args(["catalog", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], expected.version.as_str());
    assert_eq!(v["content_hash"], expected.content_hash.as_str());
    assert_eq!(v["scales"], 4);
}

#[test]
fn an_unreachable_server_is_one_line_and_a_failure() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = Command::new(BIN)
        .args([
            "server-health",
            "--server",
            &format!("http://127.0.0.1:{port}"),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(&format!(
            "gerbang: cannot reach the city backend at http://127.0.0.1:{port}/health"
        )),
        "{stderr}"
    );
}

#[test]
fn a_malformed_server_address_is_named() {
    let out = Command::new(BIN)
        .args(["server-health", "--server", "ftp://x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("gerbang: invalid server address \"ftp://x\""),
        "{stderr}"
    );
}
