//! `gerbang`, the command line: the same catalog and engine as the desktop app, for scripts,
//! batches and machines without a display. Failures are one line on stderr and a non-zero exit.

/// Writes a line to standard output; a reader that went away (`gerbang kbli search … | head`)
/// ends the program quietly, as it would for any Unix tool, instead of a panic.
macro_rules! out {
    ($($t:tt)*) => {
        $crate::write_out(format_args!($($t)*), true)
    };
}

/// [`out!`] without the newline.
macro_rules! out_part {
    ($($t:tt)*) => {
        $crate::write_out(format_args!($($t)*), false)
    };
}

fn write_out(args: std::fmt::Arguments, newline: bool) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    let written = stdout.write_fmt(args).and_then(|()| {
        if newline {
            stdout.write_all(b"\n")
        } else {
            Ok(())
        }
    });
    if let Err(e) = written {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("gerbang: cannot write to standard output: {e}");
        std::process::exit(1);
    }
}

mod check;
mod kbli;
mod local;
mod pack_cmds;
mod plan_cmds;
mod review_cmds;
mod store_cmds;
mod sync_cmds;
mod words;

use clap::{Parser, Subcommand, ValueEnum};
use gerbang_core::facts::KbliEdition;
use gerbang_core::ids;
use std::path::PathBuf;
use std::process::ExitCode;

mod args;
use args::*;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = match cli
        .lang
        .as_deref()
        .map(|l| {
            l.parse::<gerbang_core::Language>()
                .map_err(|_| format!("--lang {l:?}: expected en or id"))
        })
        .transpose()
    {
        Ok(lang) => lang,
        Err(message) => {
            eprintln!("gerbang: {message}");
            return ExitCode::FAILURE;
        }
    };
    words::set_language(lang.unwrap_or_else(words::language_from_env));
    let data_dir = cli.data_dir.clone().unwrap_or_else(local::default_data_dir);
    let result = match cli.command {
        Command::Profile { command } => match command {
            ProfileCommand::New { from } => store_cmds::profile_new(&data_dir, &from),
            ProfileCommand::List { search, json } => {
                store_cmds::profile_list(&data_dir, &search, json)
            }
            ProfileCommand::Show { id } => store_cmds::profile_show(&data_dir, &id),
        },
        Command::Case { command } => match command {
            CaseCommand::New { profile, facts } => {
                store_cmds::case_new(&data_dir, &profile, &facts)
            }
            CaseCommand::List {
                search,
                status,
                profile,
                by_title,
                limit,
                offset,
                after,
                json,
            } => store_cmds::case_list(
                &data_dir,
                store_cmds::ListArgs {
                    search,
                    status,
                    profile,
                    by_title,
                    limit,
                    offset,
                    after,
                },
                json,
            ),
            CaseCommand::Show { id, json } => store_cmds::case_show(&data_dir, &id, json),
            CaseCommand::Export { id, out } => store_cmds::case_export(&data_dir, &id, &out),
            CaseCommand::Import { file } => store_cmds::case_import(&data_dir, &file),
            CaseCommand::File { id } => sync_cmds::file(&data_dir, &id),
            CaseCommand::Resubmit { id, responses } => {
                review_cmds::resubmit(&data_dir, &id, &responses)
            }
            CaseCommand::Update { id, facts } => store_cmds::case_update(&data_dir, &id, &facts),
            CaseCommand::Attach {
                id,
                item,
                file,
                max_mb,
            } => store_cmds::case_attach(&data_dir, &id, &item, &file, max_mb),
            CaseCommand::Bulk {
                profile,
                facts,
                count,
            } => store_cmds::case_bulk(&data_dir, &profile, &facts, count),
        },
        Command::Sync { command } => match command {
            SyncCommand::Login { server, username } => {
                sync_cmds::login(&data_dir, &server, &username)
            }
            SyncCommand::Logout => sync_cmds::logout(&data_dir),
            SyncCommand::Now => sync_cmds::now(&data_dir),
            SyncCommand::Status { json } => sync_cmds::status(&data_dir, json),
        },
        Command::Audit {
            command: AuditCommand::Verify,
        } => store_cmds::audit_verify(&data_dir),
        Command::Review { command } => {
            use review_cmds::Act;
            match command {
                ReviewCommand::List { json } => review_cmds::list(&data_dir, json),
                ReviewCommand::Show { id } => review_cmds::show(&data_dir, &id),
                ReviewCommand::Plan { id, json } => plan_cmds::review(&data_dir, &id, json),
                ReviewCommand::Verify { id, item, comment } => {
                    review_cmds::act(&data_dir, &id, Act::Verify { item, comment })
                }
                ReviewCommand::RejectItem { id, item, comment } => {
                    review_cmds::act(&data_dir, &id, Act::RejectItem { item, comment })
                }
                ReviewCommand::RequestRevision { id, comment } => {
                    review_cmds::act(&data_dir, &id, Act::RequestRevision { comment })
                }
                ReviewCommand::Approve {
                    id,
                    number,
                    date,
                    comment,
                } => review_cmds::act(
                    &data_dir,
                    &id,
                    Act::Approve {
                        number,
                        date,
                        comment,
                    },
                ),
                ReviewCommand::Reject { id, reasons } => {
                    review_cmds::act(&data_dir, &id, Act::Reject { reasons })
                }
            }
        }
        Command::Pack {
            command: Some(PackCommand::Verify { file, server }),
            ..
        } => pack_cmds::verify(&file, server.as_deref()),
        Command::Pack {
            command: None,
            ids,
            out,
            server,
            json,
        } => pack_cmds::pack(
            &data_dir,
            pack_cmds::PackArgs {
                ids,
                out,
                lang,
                server,
                json,
            },
        ),
        Command::Plan {
            command:
                Some(PlanCommand::Mark {
                    id,
                    key,
                    state,
                    started_on,
                    obtained_on,
                    number,
                    prep_days,
                }),
            ..
        } => plan_cmds::mark(
            &data_dir,
            &id,
            gerbang_core::plan::StageProgress {
                key,
                state: match state {
                    MarkState::Planned => gerbang_core::plan::StageState::Planned,
                    MarkState::Started => gerbang_core::plan::StageState::Started,
                    MarkState::Obtained => gerbang_core::plan::StageState::Obtained,
                },
                started_on,
                obtained_on,
                number,
                prep_days,
            },
        ),
        Command::Plan {
            command: None,
            id: Some(id),
            json,
            as_of,
        } => plan_cmds::show(&data_dir, &id, json, as_of.as_deref()),
        Command::Plan { id: None, .. } => Err(anyhow::anyhow!(
            "plan: name a case (gerbang plan CASE_ID), or use gerbang plan mark"
        )),
        Command::Check { facts, json, as_of } => {
            check::run(&facts, json, as_of.as_deref(), words::language())
        }
        Command::Kbli { command } => match command {
            KbliCommand::Search {
                query,
                edition,
                limit,
                json,
            } => kbli::search(&query, edition.map(Into::into), limit, json),
            KbliCommand::Browse {
                division,
                edition,
                json,
            } => kbli::browse(division.as_deref(), edition.map(Into::into), json),
            KbliCommand::Show { code, json } => kbli::show(&code, json),
        },
        Command::Validate {
            kind,
            value,
            edition,
        } => validate(kind, &value, edition.into()),
        Command::Catalog { json } => catalog(json),
        Command::ServerHealth { server } => server_health(&server),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gerbang: {}", words::describe(&e));
            ExitCode::FAILURE
        }
    }
}

/// The embedded catalog, or the reason it cannot be loaded.
pub fn catalog_or_err() -> anyhow::Result<&'static gerbang_core::catalog::Catalog> {
    Ok(gerbang_catalog::catalog()?)
}

fn validate(kind: IdKind, value: &str, edition: KbliEdition) -> anyhow::Result<()> {
    let invalid = |e: ids::IdError| match words::language() {
        gerbang_core::Language::Id => {
            anyhow::anyhow!("tidak valid: {}", words::problem(&e.problem()))
        }
        gerbang_core::Language::En => anyhow::anyhow!("invalid: {e}"),
    };
    match kind {
        IdKind::Nik => {
            let n = ids::validate_nik(value).map_err(invalid)?;
            out!(
                "valid NIK {} (born {:02}/{:02}/{:02}, {})",
                n.value,
                n.birth_day,
                n.birth_month,
                n.birth_year_2,
                if n.female { "female" } else { "male" }
            );
        }
        IdKind::Npwp => {
            let n = ids::validate_npwp(value).map_err(invalid)?;
            out!("valid NPWP {} ({:?})", n.value, n.kind);
            if let Some(w) = n.warning {
                eprintln!("warning: {w}");
            }
        }
        IdKind::Nib => {
            let n = ids::validate_nib(value).map_err(invalid)?;
            out!("valid NIB {n}");
        }
        IdKind::Kbli => {
            let code = ids::validate_kbli_shape(value).map_err(invalid)?;
            let c = catalog_or_err()?;
            let title = match edition {
                KbliEdition::K2025 => c.kbli2025(&code).map(|k| k.title.clone()),
                KbliEdition::K2020 => c
                    .kbli2020(&code)
                    .filter(|k| k.code.len() == 5)
                    .map(|k| k.title.clone()),
            };
            let title = title.ok_or_else(|| {
                invalid(ids::IdError::UnknownKbli {
                    code: code.clone(),
                    edition: edition.year(),
                })
            })?;
            out!("valid KBLI {} {code}: {title}", edition.year());
        }
    }
    Ok(())
}

fn catalog(json: bool) -> anyhow::Result<()> {
    let c = catalog_or_err()?;
    if json {
        let value = serde_json::json!({
            "version": c.version(),
            "content_hash": c.content_hash,
            "kbli2020": c.data.kbli2020.iter().filter(|k| k.code.len() == 5).count(),
            "kbli2025": c.data.kbli2025.len(),
            "permits": c.data.permits.len(),
        });
        out!("{value}");
    } else {
        out!("catalog {}", c.label());
        out!("content hash {}", c.content_hash);
    }
    Ok(())
}

fn server_health(server: &str) -> anyhow::Result<()> {
    let (base_url, health) = local::runtime()?.block_on(gerbang_app::remote::health(server))?;
    out!(
        "{base_url} ok: gerbang-server {} on {:?}",
        health.version,
        health.database
    );
    Ok(())
}
