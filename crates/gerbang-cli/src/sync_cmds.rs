//! `gerbang sync …` and `gerbang case file`: the same sync engine as the desktop app, on the
//! same store.

use crate::local::{open_app, runtime};
use anyhow::Context as _;
use std::path::Path;

/// `sync login --server URL USER`: the password is read from the first line of stdin.
pub fn login(data_dir: &Path, server: &str, username: &str) -> anyhow::Result<()> {
    let mut password = String::new();
    std::io::stdin()
        .read_line(&mut password)
        .context("cannot read the password from standard input")?;
    let password = password.trim_end_matches(['\r', '\n']);
    runtime()?.block_on(async {
        let (session, home) = open_app(data_dir)
            .await?
            .sign_in(server, username, password)
            .await?;
        if let gerbang_app::types::TokenHome::LocalStore { why } = &home {
            eprintln!("no system keyring ({why}); the token is kept in the local store");
        }
        eprintln!(
            "signed in to {server} as {} ({}) until {}",
            session.user.username,
            session.user.role.as_str(),
            session.expires_at
        );
        Ok(())
    })
}

/// `sync logout`: revokes the token at the server (if it answers) and forgets it here.
pub fn logout(data_dir: &Path) -> anyhow::Result<()> {
    runtime()?.block_on(async {
        let refused = open_app(data_dir).await?.sign_out().await?;
        if let Some(e) = refused {
            eprintln!("the server did not confirm the sign-out ({e}); forgetting the token here");
        }
        eprintln!("signed out");
        Ok(())
    })
}

/// `sync now`: push everything pending, pull everything new.
pub fn now(data_dir: &Path) -> anyhow::Result<()> {
    runtime()?.block_on(async {
        let app = open_app(data_dir).await?;
        let synced = app.sync_once().await?;
        let report = &synced.report;
        out!(
            "applied {}, rejected {}, conflicts {}, uploaded {}, pulled {}",
            report.applied,
            report.rejected,
            report.conflicts,
            report.uploaded,
            report.pulled
        );
        for receipt in &report.filed {
            out!(
                "filed case {} as {} (queued while offline)",
                receipt.case_id,
                receipt.number
            );
        }
        for q in app.sync_status().await?.queued_filings {
            match (&q.refused_code, &q.refused_message) {
                (Some(code), message) => out!(
                    "filing of case {} refused ({code}): {}",
                    q.case_id,
                    message.as_deref().unwrap_or("")
                ),
                (None, _) => out!("filing of case {} still waits", q.case_id),
            }
        }
        if let Some(change) = synced.catalog_change {
            out!("catalog {} is now in use (was {})", change.to, change.from);
            for c in change.cases {
                out!(
                    "  {}: +{} -{}{}{}",
                    c.title,
                    c.added.len(),
                    c.dropped.len(),
                    if c.added.is_empty() {
                        String::new()
                    } else {
                        format!(" added: {}", c.added.join("; "))
                    },
                    if c.dropped.is_empty() {
                        String::new()
                    } else {
                        format!(" no longer required: {}", c.dropped.join("; "))
                    },
                );
            }
        }
        Ok(())
    })
}

/// `sync status [--json]`.
pub fn status(data_dir: &Path, json: bool) -> anyhow::Result<()> {
    runtime()?.block_on(async {
        let s = open_app(data_dir).await?.sync_status().await?;
        let status = serde_json::json!({
            "server": s.account.as_ref().map(|_| s.server_url.clone()),
            "user": s.account.as_ref().map(|a| a.username.clone()),
            "role": s.account.as_ref().map(|a| a.role.as_str()),
            "pending": s.pending,
            "cursor": s.cursor,
            "last_sync_at": s.last_sync_at,
            "pulled": s.pulled,
            "problems": s.problems,
        });
        if json {
            out!("{status:#}");
        } else {
            out!(
                "{} · {} pending · last sync {}",
                s.account.as_ref().map_or_else(
                    || "not signed in".to_owned(),
                    |a| format!("{} at {}", a.username, s.server_url)
                ),
                status["pending"],
                status["last_sync_at"].as_str().unwrap_or("never")
            );
            for p in status["problems"].as_array().into_iter().flatten() {
                out!(
                    "  {} {} {}: {}",
                    p["outcome"].as_str().unwrap_or(""),
                    p["kind"].as_str().unwrap_or(""),
                    p["record_id"].as_str().unwrap_or(""),
                    p["message"].as_str().unwrap_or("")
                );
            }
        }
        Ok(())
    })
}

/// `case file ID`: prints the filing number alone on stdout. When the city backend cannot be
/// reached the filing is queued (checked complete first) and sent by the next `sync`; stdout
/// stays empty and stderr says so.
pub fn file(data_dir: &Path, case_id: &str) -> anyhow::Result<()> {
    runtime()?.block_on(async {
        let filed = open_app(data_dir).await?.file_case(case_id).await?;
        if let Some(receipt) = filed.receipt {
            out!("{}", receipt.number);
            eprintln!(
                "filed case {case_id} as {} at {}",
                receipt.number, receipt.filed_at
            );
        }
        if let Some(q) = filed.queued {
            eprintln!(
                "the city backend cannot be reached: the filing of case {case_id} is queued \
                 ({}) and will be sent by the next `gerbang sync`",
                gerbang_core::format_stored(&q.queued_at)
            );
        }
        Ok(())
    })
}
