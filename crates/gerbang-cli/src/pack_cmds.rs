//! `gerbang pack CASE_ID... --out DIR` (document packs, one PDF per case, with a progress bar
//! for batches) and `gerbang pack verify FILE.pdf` (the manifest against the embedded originals,
//! and, with `--server`, what the city backend knows of the pack).

use crate::local::{open_app, runtime};
use anyhow::Context as _;
use gerbang_app::views::PackProgress;
use gerbang_app::{PackOptions, PackProgressSink};
use gerbang_core::Language;
use std::io::{IsTerminal, Write};
use std::sync::Arc;

use std::path::{Path, PathBuf};

/// What `gerbang pack` was asked.
#[derive(Debug)]
pub struct PackArgs {
    /// Cases to pack.
    pub ids: Vec<String>,
    /// Where to write them.
    pub out: PathBuf,
    /// The pack's language (the store's UI language when absent).
    pub lang: Option<Language>,
    /// The city backend the QR codes point at.
    pub server: Option<String>,
    /// Print a JSON summary instead of paths.
    pub json: bool,
}

/// A progress bar on stderr: redrawn in place on a terminal, a line per pack otherwise.
struct Bar {
    total: usize,
    tty: bool,
}

impl Bar {
    fn show(&self, done: f64, label: &str) {
        let mut err = std::io::stderr().lock();
        if self.tty {
            let width = 30;
            let filled = ((done / self.total.max(1) as f64) * width as f64).round() as usize;
            let bar: String =
                "#".repeat(filled.min(width)) + &"-".repeat(width - filled.min(width));
            let shown: String = label.chars().take(50).collect();
            let _ = write!(
                err,
                "\r\x1b[2K[{bar}] {:>3}/{} {shown}",
                done.floor() as usize,
                self.total
            );
        } else {
            let _ = writeln!(err, "[{}/{}] {label}", done.floor() as usize, self.total);
        }
        let _ = err.flush();
    }

    fn finish(&self) {
        if self.tty {
            let _ = writeln!(std::io::stderr());
        }
    }
}

/// `gerbang pack CASE_ID... --out DIR`.
pub fn pack(data_dir: &Path, args: PackArgs) -> anyhow::Result<()> {
    if args.ids.is_empty() {
        return Err(anyhow::anyhow!(
            "name at least one case id (gerbang case list shows them)"
        ));
    }
    runtime()?.block_on(async {
        let app = open_app(data_dir).await?;
        let bar = Arc::new(Bar {
            total: args.ids.len(),
            tty: std::io::stderr().is_terminal(),
        });
        let shown = Arc::clone(&bar);
        let progress: PackProgressSink = Arc::new(move |p: PackProgress| {
            let within = match p.stage.as_str() {
                "reading" => 0.9 * f64::from(p.done) / f64::from(p.total.max(1)),
                "writing" => 0.9,
                _ => return,
            };
            shown.show(f64::from(p.case_index) + within, &p.title);
        });
        let options = PackOptions {
            language: args.lang,
            // `--server`/`GERBANG_SERVER`, else the signed-in one, else the local default.
            server: args.server,
        };
        let batch = app
            .write_packs(&args.ids, &args.out, options, &progress)
            .await?;
        bar.finish();
        for p in &batch.packs {
            if !args.json {
                out!("{}", p.path);
                for a in &p.not_included {
                    eprintln!("  not included: {}: {}", a.name, a.message);
                }
            }
        }
        for f in &batch.failed {
            let why = f
                .failure
                .as_ref()
                .map_or_else(|| f.message.clone(), crate::words::failure);
            eprintln!("gerbang: case {}: {why}", f.name);
        }
        if args.json {
            let summary: Vec<serde_json::Value> = batch
                .packs
                .iter()
                .map(|p| {
                    serde_json::json!({
                        "case_id": p.case_id,
                        "path": p.path,
                        "pages": p.pages,
                        "pack_id": p.pack_id,
                        "sha256": p.sha256,
                        "verify_url": p.verify_url,
                        "not_included": p.not_included.iter()
                            .map(|a| serde_json::json!({"name": a.name, "why": a.message}))
                            .collect::<Vec<_>>(),
                    })
                })
                .collect();
            out!("{}", serde_json::to_string_pretty(&summary)?);
        }
        if batch.failed.is_empty() {
            Ok(())
        } else {
            let names: Vec<&str> = batch.failed.iter().map(|f| f.name.as_str()).collect();
            Err(anyhow::anyhow!(
                "{} of {} packs could not be made: {}",
                names.len(),
                args.ids.len(),
                names.join(", ")
            ))
        }
    })
}

/// `gerbang pack verify FILE.pdf [--server URL]`.
pub fn verify(file: &Path, server: Option<&str>) -> anyhow::Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let verified =
        gerbang_app::verify_pack(&bytes).with_context(|| format!("{}", file.display()))?;
    let m = &verified.manifest;
    out!(
        "pack {} for case {}{}",
        verified.pack_id,
        m.case_id,
        m.filing_number
            .as_deref()
            .map(|n| format!(" (filing {n})"))
            .unwrap_or_default()
    );
    for a in &verified.attachments {
        match &a.problem {
            None => out!("  ok        {}  {}", a.sha256, a.name),
            Some(why) => out!("  MISMATCH  {}  {}: {why}", a.sha256, a.name),
        }
    }
    if let Some(server) = server {
        let answer =
            runtime()?.block_on(gerbang_app::remote::verify_pack(server, &verified.pack_id))?;
        match answer {
            Some(v) => out!(
                "the city backend at {server} knows it: filing {} of case {}, filed {}, {}{}",
                v.filing_number,
                v.case_id,
                gerbang_core::format_stored(&v.filed_at),
                v.status,
                if v.current {
                    ""
                } else {
                    " (a later revision superseded it)"
                }
            ),
            None => {
                anyhow::bail!(
                    "the city backend at {server} knows no filing with this pack: it was not filed as it is"
                );
            }
        }
    }
    let bad = verified
        .attachments
        .iter()
        .filter(|a| a.problem.is_some())
        .count();
    if bad == 0 {
        out!(
            "ok: the manifest matches its id and all {} attachment(s) match",
            verified.attachments.len()
        );
        Ok(())
    } else {
        Err(anyhow::anyhow!(
            "{bad} of {} attachment(s) do not match the manifest: the pack was altered",
            verified.attachments.len()
        ))
    }
}
