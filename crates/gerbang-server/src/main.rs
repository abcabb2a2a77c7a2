//! The `gerbang-server` binary: parses the command line, connects the database, serves HTTP.
//! Every failure to start is one line on stderr and a non-zero exit, never a panic.

use clap::Parser;
use gerbang_server::db::{Db, default_database_url, redact};
use gerbang_server::state::AppState;
use std::net::SocketAddr;
use std::process::ExitCode;

/// Gerbang's city backend: receives filings, serves officers' reviews, syncs desktops.
#[derive(Debug, Parser)]
#[command(name = "gerbang-server", version, about, long_about = None)]
struct Args {
    /// Address to listen on (port 0 picks a free port; the chosen address is printed).
    #[arg(long, value_name = "ADDR", default_value_t = gerbang_server::default_listen())]
    listen: SocketAddr,

    /// Database URL: postgres://USER@HOST/DB, or sqlite://PATH.
    /// [default: an SQLite file in the user's data directory]
    #[arg(long, value_name = "URL", env = "DATABASE_URL", global = true)]
    database: Option<String>,

    /// Publish this catalog bundle instead of the built-in catalog.
    #[arg(long, value_name = "FILE")]
    catalog: Option<std::path::PathBuf>,

    /// Where document contents are kept: a directory, or `s3://bucket/prefix` (an
    /// S3-compatible store, configured by `AWS_ENDPOINT`, `AWS_REGION`, `AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY` and, for a plain-HTTP endpoint, `AWS_ALLOW_HTTP=true`).
    /// [default: `blobs/` beside an SQLite database, else in the user's data directory]
    #[arg(long, value_name = "DIR|s3://BUCKET/PREFIX", env = "GERBANG_BLOBS")]
    blobs: Option<String>,

    /// Seconds a client has to send a request's headers, from connecting or from its previous
    /// answer; slower and idle connections are closed.
    #[arg(long, value_name = "SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=600))]
    header_timeout: u64,

    /// Open connections at most, in all.
    #[arg(long, value_name = "N", default_value_t = 4096, value_parser = clap::value_parser!(u64).range(1..))]
    max_connections: u64,

    /// Open connections at most from one IP address (behind a proxy every client shares one).
    #[arg(long, value_name = "N", default_value_t = 256, value_parser = clap::value_parser!(u64).range(1..))]
    max_connections_per_address: u64,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
}

#[derive(Debug, clap::Subcommand)]
enum UserCommand {
    /// Add an account; the password is read from the first line of standard input.
    /// Prints the new account's id.
    Add {
        /// Account name (3–64 of a-z, 0-9, '.', '_', '-').
        username: String,
        /// investor, consultant, officer or admin.
        #[arg(long)]
        role: String,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("GERBANG_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("gerbang-server: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), String> {
    let url = args.database.unwrap_or_else(default_database_url);
    let db = Db::connect(&url).await.map_err(|e| e.to_string())?;
    if let Some(Command::User(UserCommand::Add { username, role })) = args.command {
        let result = add_user(&db, &username, &role).await;
        db.close().await;
        return result;
    }
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    let local = listener
        .local_addr()
        .map_err(|e| format!("cannot read the listening address: {e}"))?;
    // Scripts and tests read this line to learn the port.
    println!(
        "gerbang-server {} listening on http://{local} ({:?}: {})",
        gerbang_core::VERSION,
        db.kind(),
        redact(&url)
    );
    tracing::info!(%local, database = ?db.kind(), "serving");
    let blobs = match &args.blobs {
        Some(location) => gerbang_server::objects::Blobs::open(location)?,
        None => {
            gerbang_server::objects::Blobs::local(&gerbang_server::db::default_blobs_dir(&url))?
        }
    };
    tracing::info!(at = %blobs.describe, "document store");
    let catalog = match &args.catalog {
        Some(path) => std::sync::Arc::new(gerbang_server::state::Published::from_file(path)?),
        None => gerbang_server::state::Published::embedded_shared()?,
    };
    tracing::info!(version = %catalog.version, "publishing the catalog");
    let state = AppState::new(db.clone(), blobs, catalog).await?;
    let limits = gerbang_server::listen::Limits {
        header_timeout: std::time::Duration::from_secs(args.header_timeout),
        max_connections: usize::try_from(args.max_connections).unwrap_or(usize::MAX),
        max_per_address: usize::try_from(args.max_connections_per_address).unwrap_or(usize::MAX),
    };
    let result = gerbang_server::serve(listener, state, limits, shutdown_signal())
        .await
        .map_err(|e| format!("server stopped: {e}"));
    db.close().await;
    result
}

async fn add_user(db: &Db, username: &str, role: &str) -> Result<(), String> {
    let role = gerbang_wire::Role::parse(role).ok_or_else(|| {
        format!("--role {role:?}: expected investor, consultant, officer or admin")
    })?;
    let mut password = String::new();
    std::io::stdin()
        .read_line(&mut password)
        .map_err(|e| format!("cannot read the password from standard input: {e}"))?;
    let password = password.trim_end_matches(['\r', '\n']);
    let account = gerbang_server::auth::add_user(db, username, password, role).await?;
    println!("{}", account.id);
    eprintln!("added {} ({})", account.username, role.as_str());
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}
