//! The command line's words: every subcommand, its arguments and their help, as clap reads them.

use crate::*;

/// Gerbang: business licensing for Balikpapan, from the command line.
#[derive(Debug, Parser)]
#[command(name = "gerbang", version, about, long_about = None)]
pub(crate) struct Cli {
    /// The local store's directory [default: the desktop app's data directory].
    #[arg(long, global = true, value_name = "DIR", env = "GERBANG_DATA_DIR")]
    pub(crate) data_dir: Option<PathBuf>,

    /// The language people read: id or en, for errors, the checklist and packs [default:
    /// from LANG (id_ID… is Indonesian, else English); packs: the app's language setting].
    #[arg(long, global = true, value_name = "LANG")]
    pub(crate) lang: Option<String>,

    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum PlanCommand {
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
pub(crate) enum MarkState {
    Planned,
    Started,
    Obtained,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
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
pub(crate) enum KbliCommand {
    /// Search by code prefix or in your own words (\"toko emas\", \"servis hp\"; typos allowed).
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
    /// Browse by section and division: with no division, the sections and their divisions;
    /// with one (two digits), its codes.
    Browse {
        /// A division (two digits).
        division: Option<String>,
        /// The edition (KBLI 2025 unless said).
        #[arg(long, value_enum)]
        edition: Option<Edition>,
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
pub(crate) enum ProfileCommand {
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
pub(crate) enum CaseCommand {
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
pub(crate) enum SyncCommand {
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
pub(crate) enum ReviewCommand {
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
pub(crate) enum PackCommand {
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
pub(crate) enum AuditCommand {
    /// Check the hash chain; exit 1 naming the first broken entry.
    Verify,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum IdKind {
    Nik,
    Npwp,
    Nib,
    Kbli,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum Edition {
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
