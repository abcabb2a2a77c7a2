//! `gerbang pack CASE_ID... --out DIR` (document packs, one PDF per case, with a progress bar
//! for batches) and `gerbang pack verify FILE.pdf` (the manifest against the embedded originals,
//! and, with `--server`, what the city backend knows of the pack).

use crate::local::{open_app, runtime};
use anyhow::Context as _;
use gerbang_core::Language;
use std::io::{IsTerminal, Write};

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
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    runtime()?.block_on(async {
        let app = open_app(data_dir).await?;
        let store = app.store();
        let language = match args.lang {
            Some(l) => l,
            None => store.language().await?,
        };
        // `--server`/`GERBANG_SERVER`, else the signed-in one, else the local default.
        let server = match args.server {
            Some(asked) => asked,
            None => app.pack_server(&gerbang_sync::default_server_url()).await?,
        };
        let bar = Bar {
            total: args.ids.len(),
            tty: std::io::stderr().is_terminal(),
        };
        let mut summary = Vec::new();
        let mut failures = Vec::new();
        for (n, id) in args.ids.iter().enumerate() {
            let made = async {
                let source = app.pack_source(id).await?;
                let label = &source.case.summary.title;
                let path = args.out.join(source.file_name());
                let req = source.request(language, &server);
                let pack = gerbang_pack::write_file(&path, &req, &mut |step| {
                    let within = match step {
                        gerbang_pack::Step::Reading { done, total } => {
                            0.9 * done as f64 / total.max(1) as f64
                        }
                        gerbang_pack::Step::Writing => 0.9,
                    };
                    bar.show(n as f64 + within, label);
                })
                ?;
                Ok::<_, anyhow::Error>((path, pack))
            }
            .await;
            match made {
                Ok((path, pack)) => {
                    bar.show((n + 1) as f64, &path.display().to_string());
                    summary.push(serde_json::json!({
                        "case_id": id,
                        "path": path,
                        "pages": pack.pages,
                        "pack_id": pack.pack_id,
                        "sha256": pack.sha256,
                        "verify_url": pack.verify_url,
                        "not_included": pack.attachments.iter()
                            .filter_map(|a| a.excluded.as_ref().map(|why| serde_json::json!({"name": a.name, "why": why})))
                            .collect::<Vec<_>>(),
                    }));
                    if !args.json {
                        bar.finish();
                        out!("{}", path.display());
                        for a in pack.attachments.iter().filter(|a| a.excluded.is_some()) {
                            eprintln!(
                                "  not included: {}: {}",
                                a.name,
                                a.excluded.as_deref().unwrap_or_default()
                            );
                        }
                    }
                }
                Err(e) => {
                    bar.finish();
                    eprintln!("gerbang: case {id}: {e}");
                    failures.push(id.clone());
                }
            }
        }
        bar.finish();
        if args.json {
            out!(
                "{}",
                serde_json::to_string_pretty(&summary)?
            );
        }
        if failures.is_empty() {
            Ok(())
        } else {
            Err(anyhow::anyhow!(
                "{} of {} packs could not be made: {}",
                failures.len(),
                args.ids.len(),
                failures.join(", ")
            ))
        }
    })
}

/// `gerbang pack verify FILE.pdf [--server URL]`.
pub fn verify(file: &Path, server: Option<&str>) -> anyhow::Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let verified =
        gerbang_pack::verify::verify(&bytes).with_context(|| format!("{}", file.display()))?;
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
        let client = gerbang_sync::Client::new(server)?;
        let answer = runtime()?.block_on(client.verify_pack(&verified.pack_id));
        match answer {
            Ok(v) => out!(
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
            Err(e) if e.code() == Some("not_found") => {
                anyhow::bail!(
                    "the city backend at {server} knows no filing with this pack: it was not filed as it is"
                );
            }
            Err(e) => return Err(e.into()),
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
