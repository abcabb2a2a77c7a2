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

/// Gerbang: business licensing for Balikpapan, from the command line.
#[derive(Debug, Parser)]
#[command(name = "gerbang", version, about, long_about = None)]
struct Cli {
    /// The local store's directory [default: the desktop app's data directory].
    #[arg(long, global = true, value_name = "DIR", env = "GERBANG_DATA_DIR")]
    data_dir: Option<PathBuf>,

    /// The language people read: id or en, for errors, the checklist and packs [default:
    /// from LANG (id_ID… is Indonesian, else English); packs: the app's language setting].
    #[arg(long, global = true, value_name = "LANG")]
    lang: Option<String>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum PlanCommand {
    /// Record where a stage is: applied for (`--state started --started-on DATE`), issued
    /// (`--state obtained --obtained-on DATE --number N`), or the preparation it needs.
    Mark {
        /// The case.
        id: String,
        /// The stage: its checklist item's key (`pbg@*`, `sertifikat_standar@56101`).
        key: String,
        /// planned, started or obtained.
        #[arg(long, value_enum, default_value_t = MarkState::Planned)]
        state: MarkState,
        /// The day it was applied for (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        started_on: Option<String>,
        /// The day it was issued (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        obtained_on: Option<String>,
        /// The permit's number.
        #[arg(long)]
        number: Option<String>,
        /// Your own preparation before applying, in working days.
        #[arg(long, value_name = "DAYS")]
        prep_days: Option<u32>,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum MarkState {
    Planned,
    Started,
    Obtained,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Derive the licensing checklist for a facts file (see schemas/facts.schema.json).
    Check {
        /// The facts file (JSON).
        facts: PathBuf,
        /// Print the checklist as JSON (see schemas/checklist.schema.json).
        #[arg(long)]
        json: bool,
        /// Derive for this date (YYYY-MM-DD) instead of today in WITA.
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// Search and show KBLI codes (2020 and 2025 editions, with the crosswalk).
    Kbli {
        #[command(subcommand)]
        command: KbliCommand,
    },
    /// Check an identifier: exit 0 when valid, else 1 with the rule that failed.
    Validate {
        /// What kind of identifier.
        kind: IdKind,
        /// The value.
        value: String,
        /// KBLI edition (for `kbli`).
        #[arg(long, value_enum, default_value_t = Edition::E2025)]
        edition: Edition,
    },
    /// Applicant profiles in the local store.
    Profile {
        #[command(subcommand)]
        command: ProfileCommand,
    },
    /// Sync the local store with the city backend.
    Sync {
        #[command(subcommand)]
        command: SyncCommand,
    },
    /// Cases in the local store.
    Case {
        #[command(subcommand)]
        command: CaseCommand,
    },
    /// Document packs: one submission-ready PDF per case (`pack CASE_ID... --out DIR`), or
    /// check one (`pack verify FILE.pdf`).
    #[command(args_conflicts_with_subcommands = true)]
    Pack {
        #[command(subcommand)]
        command: Option<PackCommand>,
        /// The cases to pack (ids, as `gerbang case list` shows them).
        ids: Vec<String>,
        /// The directory to write the packs to.
        #[arg(long, value_name = "DIR", default_value = ".")]
        out: PathBuf,
        /// The city backend the QR codes point at [default: the signed-in server, else the local one].
        #[arg(long, value_name = "URL", env = "GERBANG_SERVER")]
        server: Option<String>,
        /// Print a JSON summary (path, pages, pack id, SHA-256, what was not included).
        #[arg(long)]
        json: bool,
    },
    /// A case's licensing plan: stages in their legal order, working days, the critical path
    /// and the range of completion dates (`plan CASE_ID`); record a stage (`plan mark`).
    #[command(args_conflicts_with_subcommands = true)]
    Plan {
        #[command(subcommand)]
        command: Option<PlanCommand>,
        /// The case (as `gerbang case list` shows it).
        id: Option<String>,
        /// Print the plan as JSON (the `plan` of `check --json`).
        #[arg(long)]
        json: bool,
        /// Plan from this date (YYYY-MM-DD) instead of today in WITA.
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// The officer's desk: filed cases pulled from the city backend, verdicts and decisions
    /// (kept here, synced by `sync now`).
    Review {
        #[command(subcommand)]
        command: ReviewCommand,
    },
    /// The local store's audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Show the embedded licensing catalog's version and content hash.
    Catalog {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Check that the city backend (gerbang-server) answers.
    ServerHealth {
        /// The server's address.
        #[arg(long, value_name = "URL", env = "GERBANG_SERVER", default_value_t = gerbang_app::types::default_server_url())]
        server: String,
    },
}

#[derive(Debug, Subcommand)]
enum KbliCommand {
    /// Search by code prefix or by words of the title and description (typos allowed).
    Search {
        /// Code prefix or words.
        query: String,
        /// Only this edition.
        #[arg(long, value_enum)]
        edition: Option<Edition>,
        /// At most this many results.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show one code in each edition that has it.
    Show {
        /// Five-digit code.
        code: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
enum ProfileCommand {
    /// Create a profile from a JSON file; prints the new id.
    New {
        /// The profile (kind, name, entity_type, capital_status, nik/npwp/nib, …).
        #[arg(long, value_name = "FILE")]
        from: PathBuf,
    },
    /// List profiles.
    List {
        /// Only names containing this.
        #[arg(long, default_value = "")]
        search: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show one profile (JSON).
    Show {
        /// Profile id.
        id: String,
    },
}

#[derive(Debug, Subcommand)]
enum CaseCommand {
    /// Create a case for a profile from a facts file; prints the new id.
    New {
        /// Profile id.
        #[arg(long)]
        profile: String,
        /// The facts file (as for `gerbang check`).
        #[arg(long, value_name = "FILE")]
        facts: PathBuf,
    },
    /// Write one file with the case, its applicant's profile and its documents.
    Export {
        /// Case id.
        id: String,
        /// The file to write (replaced only once complete).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// File a case with the city (syncs first); prints the filing number alone.
    File {
        /// Case id.
        id: String,
    },
    /// Send a case back after the officer's revision request (attach the revised documents
    /// first); prints the revision round now under review.
    Resubmit {
        /// Case id.
        id: String,
        /// A written response to a rejected item whose document stays as it was:
        /// `ITEM_KEY=TEXT` (repeatable). Every rejected item needs a new document version
        /// (`case attach`) or a response.
        #[arg(long = "response", value_name = "ITEM_KEY=TEXT")]
        responses: Vec<String>,
    },
    /// Add a case from a `case export` file (and its profile, unless already here); prints its id.
    Import {
        /// The export file.
        file: PathBuf,
    },
    /// Derive the checklist again from new facts (documents stay attached).
    Update {
        /// Case id.
        id: String,
        /// The new facts file.
        #[arg(long, value_name = "FILE")]
        facts: PathBuf,
    },
    /// Attach a file (PDF, PNG or JPEG) to a checklist item, as `case show --json` names it.
    Attach {
        /// Case id.
        id: String,
        /// Item key, e.g. `nib@*` or `sertifikat_standar@56101`.
        item: String,
        /// The file.
        file: PathBuf,
        /// Size limit in MB for this file; the store's setting (default 50) when absent.
        #[arg(long)]
        max_mb: Option<u64>,
    },
    /// Create COUNT cases from one facts file, each in its own transaction (load and crash tests).
    Bulk {
        /// Profile id.
        #[arg(long)]
        profile: String,
        /// The facts file.
        #[arg(long, value_name = "FILE")]
        facts: PathBuf,
        /// How many.
        #[arg(long)]
        count: u64,
    },
    /// List cases: full-text search, filters, paging.
    List {
        /// Words to find in names, KBLI codes and titles, notes.
        #[arg(long)]
        search: Option<String>,
        /// Only this status (draft, ready, filed, under_review, needs_action, approved, rejected).
        #[arg(long)]
        status: Option<String>,
        /// Only this client's (profile id) cases.
        #[arg(long)]
        profile: Option<String>,
        /// Sort by title instead of most recently changed.
        #[arg(long)]
        by_title: bool,
        /// Page size.
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// Skip this many.
        #[arg(long, default_value_t = 0)]
        offset: u32,
        /// The next page: cases after this one (the last id of the previous page).
        #[arg(long, value_name = "ID")]
        after: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show one case with its checklist.
    Show {
        /// Case id.
        id: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
enum SyncCommand {
    /// Sign in (the password is read from the first line of standard input).
    Login {
        /// The city backend.
        #[arg(long, default_value_t = gerbang_app::types::default_server_url())]
        server: String,
        /// Account name.
        username: String,
    },
    /// Sign out (the token is revoked at the server and forgotten here).
    Logout,
    /// Push pending changes, pull new ones.
    Now,
    /// Who this device syncs as, pending changes, last sync, refused changes and conflicts.
    Status {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
enum ReviewCommand {
    /// The queue of filed cases, most urgent first.
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// One case's review, clocks and documents (JSON).
    Show {
        /// Case id.
        id: String,
    },
    /// A filed case's licensing plan, with the applicant's progress as the city backend sent it.
    Plan {
        /// Case id.
        id: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Verify an item's current document.
    Verify {
        /// Case id.
        id: String,
        /// Item key (`nib@*`, …).
        item: String,
        /// A comment.
        #[arg(long, default_value = "")]
        comment: String,
    },
    /// Reject an item's current document, saying why.
    RejectItem {
        /// Case id.
        id: String,
        /// Item key.
        item: String,
        /// Why (required).
        #[arg(long)]
        comment: String,
    },
    /// Ask the applicant to revise the rejected items.
    RequestRevision {
        /// Case id.
        id: String,
        /// A note for the applicant.
        #[arg(long, default_value = "")]
        comment: String,
    },
    /// Approve the case (every item verified).
    Approve {
        /// Case id.
        id: String,
        /// The decision number.
        #[arg(long)]
        number: String,
        /// The decision date, YYYY-MM-DD [default: today in WITA].
        #[arg(long)]
        date: Option<String>,
        /// A note.
        #[arg(long, default_value = "")]
        comment: String,
    },
    /// Reject the case, with the reasons.
    Reject {
        /// Case id.
        id: String,
        /// Why (required).
        #[arg(long)]
        reasons: String,
    },
}

#[derive(Debug, Subcommand)]
enum PackCommand {
    /// Check a pack: its manifest against its id, every embedded original against the
    /// manifest, and (with --server) whether the city holds that filing. Exit 1 on a mismatch.
    Verify {
        /// The pack (PDF).
        file: PathBuf,
        /// Also ask this city backend which filing the pack belongs to.
        #[arg(long, value_name = "URL")]
        server: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Check the hash chain; exit 1 naming the first broken entry.
    Verify,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum IdKind {
    Nik,
    Npwp,
    Nib,
    Kbli,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Edition {
    #[value(name = "2020")]
    E2020,
    #[value(name = "2025")]
    E2025,
}

impl From<Edition> for KbliEdition {
    fn from(e: Edition) -> Self {
        match e {
            Edition::E2020 => KbliEdition::K2020,
            Edition::E2025 => KbliEdition::K2025,
        }
    }
}

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
