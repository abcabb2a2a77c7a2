//! `gerbang sync …` and `gerbang case file`: the same sync engine as the desktop app, on the
//! same store.

use crate::local::{open, open_app, runtime};
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
        if let gerbang_sync::vault::TokenHome::LocalStore { why } = &home {
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
        let synced = app.sync_once(&|_| {}).await?;
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
        for q in app.store().queued_filings().await? {
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
        let store = open(data_dir).await?;
        let session = store.sync_session().await?;
        let status = serde_json::json!({
            "server": session.as_ref().map(|s| s.server.clone()),
            "user": session.as_ref().map(|s| s.username.clone()),
            "role": session.as_ref().map(|s| s.role.clone()),
            "pending": store.pending_changes().await?,
            "cursor": store.sync_cursor().await?,
            "last_sync_at": store.last_sync_at().await?,
            "pulled": store.pulled_counts().await?,
            "problems": store.sync_problems().await?,
        });
        if json {
            out!("{status:#}");
        } else {
            out!(
                "{} · {} pending · last sync {}",
                session.map_or_else(
                    || "not signed in".to_owned(),
                    |s| format!("{} at {}", s.username, s.server)
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
        match open_app(data_dir).await?.file_case(case_id).await? {
            gerbang_sync::engine::Filing::Filed(receipt) => {
                out!("{}", receipt.number);
                eprintln!(
                    "filed case {case_id} as {} at {}",
                    receipt.number, receipt.filed_at
                );
            }
            gerbang_sync::engine::Filing::Queued(q) => eprintln!(
                "the city backend cannot be reached: the filing of case {case_id} is queued \
                 ({}) and will be sent by the next `gerbang sync`",
                gerbang_core::format_stored(&q.queued_at)
            ),
        }
        Ok(())
    })
}
