//! `gerbang`, the command line: the same catalog and engine as the desktop app, for scripts,
//! batches and machines without a display. Failures are one line on stderr and a non-zero exit.

use clap::{Parser, Subcommand};
use gerbang_catalog::Catalog;
use std::process::ExitCode;

/// Gerbang: business licensing for Balikpapan, from the command line.
#[derive(Debug, Parser)]
#[command(name = "gerbang", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Show the embedded licensing catalog's version and content hash.
    Catalog {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Check that the city backend (gerbang-server) answers.
    ServerHealth {
        /// The server's address.
        #[arg(long, value_name = "URL", env = "GERBANG_SERVER", default_value_t = gerbang_sync::default_server_url())]
        server: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Catalog { json } => catalog(json),
        Command::ServerHealth { server } => server_health(&server),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("gerbang: {message}");
            ExitCode::FAILURE
        }
    }
}

fn catalog(json: bool) -> Result<(), String> {
    let c = Catalog::embedded().map_err(|e| e.to_string())?;
    if json {
        let value = serde_json::json!({
            "version": c.version,
            "content_hash": c.content_hash,
            "scales": c.scales.len(),
        });
        println!("{value}");
    } else {
        println!("catalog {}", c.label());
        println!("content hash {}", c.content_hash);
    }
    Ok(())
}

fn server_health(server: &str) -> Result<(), String> {
    let client = gerbang_sync::Client::new(server).map_err(|e| e.to_string())?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    let health = runtime
        .block_on(client.health())
        .map_err(|e| e.to_string())?;
    println!(
        "{} ok: gerbang-server {} on {:?}",
        client.base_url(),
        health.version,
        health.database
    );
    Ok(())
}
