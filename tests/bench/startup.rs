//! Measures the desktop app's start-up as a user sees it, under an X server (Xvfb):
//! launch → window mapped → first rendered screen (the sidebar's pixels appear), and the memory
//! (RSS and PSS of the app plus its WebKit processes) once idle. Prints each run and the medians.
//!
//! `xvfb-run -a -s "-screen 0 1280x800x24" gerbang-startup-bench --app PATH [--runs N]`

use anyhow::{Context, Result, bail};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The sidebar's colour (`--sea`, #0b5d57, in ui/src/app.css) as ImageMagick prints it, sampled at (20, 400).
const SIDEBAR_RGB: &str = "srgb(11,93,87)";
const IDLE: Duration = Duration::from_secs(5);

struct Run {
    mapped: Duration,
    rendered: Duration,
    rss_kib: u64,
    pss_kib: u64,
    processes: usize,
}

fn main() -> Result<()> {
    let mut app: Option<PathBuf> = None;
    let mut runs = 5usize;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--app" => app = args.next().map(PathBuf::from),
            "--runs" => runs = args.next().context("--runs N")?.parse()?,
            other => bail!("unknown argument {other:?}; usage: --app PATH [--runs N]"),
        }
    }
    let app =
        app.context("--app PATH (e.g. $CARGO_TARGET_DIR/release/gerbang-desktop) is required")?;
    if std::env::var_os("DISPLAY").is_none() {
        bail!("no DISPLAY: run under xvfb-run");
    }
    println!("app: {}", app.display());
    println!("run  mapped_ms  rendered_ms  rss_mib  pss_mib  processes");
    let mut results = Vec::new();
    for i in 1..=runs {
        let r = one_run(&app)?;
        println!(
            "{i:>3}  {:>9}  {:>11}  {:>7.0}  {:>7.0}  {:>9}",
            r.mapped.as_millis(),
            r.rendered.as_millis(),
            r.rss_kib as f64 / 1024.0,
            r.pss_kib as f64 / 1024.0,
            r.processes
        );
        results.push(r);
    }
    let med = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "median: window mapped {:.0} ms, first rendered screen {:.0} ms, idle RSS {:.0} MiB (PSS {:.0} MiB) over {} runs",
        med(results
            .iter()
            .map(|r| r.mapped.as_secs_f64() * 1e3)
            .collect()),
        med(results
            .iter()
            .map(|r| r.rendered.as_secs_f64() * 1e3)
            .collect()),
        med(results.iter().map(|r| r.rss_kib as f64 / 1024.0).collect()),
        med(results.iter().map(|r| r.pss_kib as f64 / 1024.0).collect()),
        results.len()
    );
    Ok(())
}

fn one_run(app: &PathBuf) -> Result<Run> {
    let data = tempfile::tempdir()?;
    let log = data.path().join("app.log");
    let start = Instant::now();
    let mut child = Command::new(app)
        .env("GERBANG_DATA_DIR", data.path())
        .env("GERBANG_SERVER", "http://127.0.0.1:9")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log)?)
        .spawn()
        .with_context(|| format!("cannot start {}", app.display()))?;
    let result = measure(child.id(), start);
    let family = with_descendants(child.id());
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let _ = child.wait();
    // Let the WebKit processes go too, so the next run starts from nothing.
    let until = Instant::now() + Duration::from_secs(10);
    while family
        .iter()
        .any(|p| std::path::Path::new(&format!("/proc/{p}")).exists())
        && Instant::now() < until
    {
        std::thread::sleep(Duration::from_millis(50));
    }
    result.map_err(|e| {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        e.context(format!("app stderr:\n{text}"))
    })
}

fn measure(pid: u32, start: Instant) -> Result<Run> {
    let deadline = Duration::from_secs(30);
    let window = loop {
        let out = Command::new("xdotool")
            .args(["search", "--onlyvisible", "--name", "^Gerbang$"])
            .output()
            .context("xdotool is needed")?;
        if let Some(id) = String::from_utf8_lossy(&out.stdout).lines().next() {
            break id.to_owned();
        }
        if start.elapsed() > deadline {
            bail!("no window titled Gerbang after {deadline:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let mapped = start.elapsed();
    loop {
        let out = Command::new("/usr/bin/import")
            .args(["-window", &window, "-crop", "1x1+20+400", "txt:-"])
            .output()
            .context("ImageMagick's import is needed")?;
        if String::from_utf8_lossy(&out.stdout).contains(SIDEBAR_RGB) {
            break;
        }
        if start.elapsed() > deadline {
            bail!("the window never showed the sidebar after {deadline:?}");
        }
    }
    let rendered = start.elapsed();
    std::thread::sleep(IDLE);
    let pids = with_descendants(pid);
    let (mut rss, mut pss) = (0, 0);
    for p in &pids {
        rss += proc_kib(&format!("/proc/{p}/status"), "VmRSS:");
        pss += proc_kib(&format!("/proc/{p}/smaps_rollup"), "Pss:");
    }
    Ok(Run {
        mapped,
        rendered,
        rss_kib: rss,
        pss_kib: pss,
        processes: pids.len(),
    })
}

/// `pid` and every process below it (WebKitWebProcess, WebKitNetworkProcess).
fn with_descendants(pid: u32) -> Vec<u32> {
    let mut parents: Vec<(u32, u32)> = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(p) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let stat = std::fs::read_to_string(format!("/proc/{p}/stat")).unwrap_or_default();
        // The command name may hold spaces; fields after the closing parenthesis are fixed.
        if let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) {
            let ppid = rest.split_whitespace().nth(1).and_then(|s| s.parse().ok());
            if let Some(ppid) = ppid {
                parents.push((p, ppid));
            }
        }
    }
    let mut out = vec![pid];
    let mut i = 0;
    while i < out.len() {
        let cur = out[i];
        out.extend(parents.iter().filter(|(_, pp)| *pp == cur).map(|(p, _)| *p));
        i += 1;
    }
    out
}

fn proc_kib(path: &str, key: &str) -> u64 {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}
