//! Support for Gerbang's cross-component tests: finding the workspace's built binaries,
//! free loopback ports, and driving the real desktop app through tauri-driver.

pub mod fixtures;

use anyhow::{Context, Result, bail};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The repository's root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The profile directory this binary was built into (`…/target/debug`): tests live in its
/// `deps/`, bench binaries in it directly.
pub fn profile_dir() -> Result<PathBuf> {
    let exe = std::env::current_exe().context("current_exe")?;
    let dir = exe.parent().context("the executable has no directory")?;
    Ok(if dir.file_name().is_some_and(|n| n == "deps") {
        dir.parent().context("deps/ has no parent")?.to_path_buf()
    } else {
        dir.to_path_buf()
    })
}

/// A workspace binary built next to this test (`cargo build --workspace --bins` builds them;
/// scripts/test does that first).
pub fn workspace_bin(name: &str) -> Result<PathBuf> {
    let path = profile_dir()?.join(name);
    if !path.is_file() {
        bail!(
            "{} is not built: run `cargo build --workspace --bins` (scripts/test does)",
            path.display()
        );
    }
    Ok(path)
}

/// Where end-to-end runs leave their screenshots for people to look at: `target/e2e/` in the repo.
pub fn screenshot_dir() -> Result<PathBuf> {
    let dir = workspace_root().join("target").join("e2e");
    std::fs::create_dir_all(&dir).with_context(|| format!("create {}", dir.display()))?;
    Ok(dir)
}

/// Waits until something accepts connections on `port`.
pub fn wait_for_port(port: u16, timeout: Duration) -> Result<()> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let start = Instant::now();
    while start.elapsed() < timeout {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    bail!("nothing listens on 127.0.0.1:{port} after {timeout:?}")
}

/// A child process stopped with SIGTERM (then SIGKILL) when dropped.
#[derive(Debug)]
pub struct Process {
    child: Child,
    name: String,
}

impl Process {
    /// Spawns `cmd`, naming it for errors.
    pub fn spawn(name: &str, cmd: &mut Command) -> Result<Process> {
        let child = cmd
            .spawn()
            .with_context(|| format!("cannot start {name}"))?;
        Ok(Process {
            child,
            name: name.to_owned(),
        })
    }

    /// Waits until the child (spawned with stdout piped) prints the line `expected`.
    pub fn wait_for_line(&mut self, expected: &str, timeout: Duration) -> Result<()> {
        use std::io::BufRead;
        let stdout = self
            .child
            .stdout
            .take()
            .with_context(|| format!("{}: stdout is not piped", self.name))?;
        let (tx, rx) = std::sync::mpsc::channel();
        let expected = expected.to_owned();
        std::thread::spawn(move || {
            let found = std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .any(|l| l.trim() == expected);
            let _ = tx.send(found);
        });
        match rx.recv_timeout(timeout) {
            Ok(true) => Ok(()),
            _ => bail!("{} did not say it was ready", self.name),
        }
    }

    /// The child's pid.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Kills the process at once (SIGKILL: no graceful shutdown, in-flight work is cut).
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Sends SIGTERM and waits up to `timeout` for the process to exit; its exit status.
    pub fn terminate(&mut self, timeout: Duration) -> Result<std::process::ExitStatus> {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()?;
        let start = Instant::now();
        while start.elapsed() < timeout {
            if let Some(status) = self.child.try_wait()? {
                return Ok(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        bail!("{} still runs {timeout:?} after SIGTERM", self.name)
    }

    /// Stops the process: SIGTERM, then SIGKILL after 5 s.
    pub fn stop(&mut self) {
        if matches!(self.child.try_wait(), Ok(Some(_))) {
            return;
        }
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        eprintln!("{} ignored SIGTERM; killing it", self.name);
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A real `gerbang-server` on an SQLite file in `dir`, on a port it picks itself (so parallel
/// tests never race for one); returns the process and its base URL.
pub fn start_server(dir: &Path) -> Result<(Process, String)> {
    start_server_on(&format!("sqlite://{}", dir.join("server.db").display()))
}

/// A real `gerbang-server` on the database at `db` (a URL), on a port it picks itself.
pub fn start_server_on(db: &str) -> Result<(Process, String)> {
    start_server_at(db, "127.0.0.1:0")
}

/// A real `gerbang-server` on the database at `db`, listening on `listen` (e.g. to restart one
/// on the address it had).
pub fn start_server_at(db: &str, listen: &str) -> Result<(Process, String)> {
    let mut process = Process::spawn(
        "gerbang-server",
        Command::new(workspace_bin("gerbang-server")?)
            .args(["--listen", listen, "--database", db])
            .stdout(Stdio::piped())
            .stderr(Stdio::null()),
    )?;
    let url = read_server_url(&mut process)?;
    Ok((process, url))
}

/// The address a just-started `gerbang-server` (stdout piped) says it listens on.
pub fn read_server_url(process: &mut Process) -> Result<String> {
    use std::io::BufRead;
    let stdout = process
        .child
        .stdout
        .take()
        .context("gerbang-server's stdout")?;
    let mut line = String::new();
    std::io::BufReader::new(stdout).read_line(&mut line)?;
    Ok(line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .with_context(|| format!("gerbang-server printed no address: {line:?}"))?
        .to_owned())
}

/// tauri-driver (which starts WebKitWebDriver) on its own pair of ports, with an environment
/// that the app it launches inherits (e.g. `GERBANG_DATA_DIR`).
#[derive(Debug)]
pub struct TauriDriver {
    process: Process,
    port: u16,
}

impl TauriDriver {
    /// Starts tauri-driver on `port` (WebKitWebDriver on `native_port`).
    pub fn start(port: u16, native_port: u16, env: &[(&str, &Path)]) -> Result<TauriDriver> {
        let mut cmd = Command::new("tauri-driver");
        cmd.args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native_port.to_string(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let process = Process::spawn(
            "tauri-driver (install: cargo install tauri-driver --locked --version '^2')",
            &mut cmd,
        )?;
        wait_for_port(port, Duration::from_secs(20)).context("tauri-driver did not start")?;
        wait_for_port(native_port, Duration::from_secs(20))
            .context("WebKitWebDriver did not start (is webkit2gtk-driver installed?)")?;
        Ok(TauriDriver { process, port })
    }

    /// Launches the app at `application` and returns a WebDriver session on its window.
    pub async fn launch(&self, application: &Path) -> Result<fantoccini::Client> {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".to_owned(),
            serde_json::json!({ "application": application }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        fantoccini::ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .with_context(|| {
                format!(
                    "cannot open a WebDriver session on {}",
                    application.display()
                )
            })
    }

    /// Stops tauri-driver (and with it WebKitWebDriver).
    pub fn stop(&mut self) {
        self.process.stop();
    }
}

/// Adds an account to the server's database with `gerbang-server user add`.
pub fn add_server_user(db: &str, username: &str, role: &str, password: &str) -> Result<()> {
    use std::io::Write;
    let mut child = Command::new(workspace_bin("gerbang-server")?)
        .args(["--database", db, "user", "add", username, "--role", role])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()?;
    child
        .stdin
        .take()
        .context("stdin")?
        .write_all(format!("{password}\n").as_bytes())?;
    let out = child.wait_with_output()?;
    anyhow::ensure!(
        out.status.success(),
        "user add {username}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(())
}

/// What the fault-injecting proxy does to the next connections whose first request line
/// contains a given text (e.g. `POST /api/v1/sync/push`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Forward the request, let the server answer (and commit), then cut the connection
    /// without passing the answer on: the client never learns that it worked.
    DropResponse,
    /// Send the request to the server twice (a duplicated packet train); pass on the second
    /// answer.
    Duplicate,
    /// Pass on only the first half of the request, then cut both sides (a dropped upload).
    CutRequest,
    /// Hold the request this long before passing it on (a slow network).
    Delay(std::time::Duration),
}

/// A TCP proxy in front of a real server that injects [`Fault`]s, for sync tests.
#[derive(Debug, Clone)]
pub struct FaultyProxy {
    /// `http://127.0.0.1:PORT` of the proxy.
    pub url: String,
    plan: std::sync::Arc<std::sync::Mutex<Vec<(String, Fault)>>>,
    /// How many faults were injected.
    pub injected: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl FaultyProxy {
    /// Starts a proxy to `upstream` (`http://host:port`) on the current tokio runtime.
    pub async fn start(upstream: &str) -> Result<FaultyProxy> {
        let target = upstream
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}", listener.local_addr()?);
        let proxy = FaultyProxy {
            url,
            plan: std::sync::Arc::default(),
            injected: std::sync::Arc::default(),
        };
        let me = proxy.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let me = me.clone();
                let target = target.clone();
                tokio::spawn(async move {
                    let _ = me.handle(client, &target).await;
                });
            }
        });
        Ok(proxy)
    }

    /// The next connection whose first request contains `matching` suffers `fault`.
    pub fn inject(&self, matching: &str, fault: Fault) {
        if let Ok(mut plan) = self.plan.lock() {
            plan.push((matching.to_owned(), fault));
        }
    }

    fn take(&self, head: &[u8]) -> Option<Fault> {
        let text = String::from_utf8_lossy(head);
        let first_line = text.lines().next().unwrap_or_default().to_owned();
        let mut plan = self.plan.lock().ok()?;
        let i = plan
            .iter()
            .position(|(m, _)| first_line.contains(m.as_str()))?;
        self.injected
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Some(plan.remove(i).1)
    }

    /// Serves one client connection request by request (clients keep connections alive), each
    /// on a fresh upstream connection, injecting the planned faults.
    async fn handle(&self, mut client: tokio::net::TcpStream, target: &str) -> Result<()> {
        use tokio::io::AsyncWriteExt;
        loop {
            let request = read_request(&mut client).await?;
            let mut server = tokio::net::TcpStream::connect(target).await?;
            match self.take(&request) {
                None => {
                    server.write_all(&request).await?;
                    let response = read_response(&mut server).await?;
                    client.write_all(&response).await?;
                }
                Some(Fault::DropResponse) => {
                    server.write_all(&request).await?;
                    // The server has answered (and committed); the client never hears it.
                    let _ = read_response(&mut server).await?;
                    return Ok(());
                }
                Some(Fault::Duplicate) => {
                    server.write_all(&request).await?;
                    let _ = read_response(&mut server).await?;
                    let mut again = tokio::net::TcpStream::connect(target).await?;
                    again.write_all(&request).await?;
                    let response = read_response(&mut again).await?;
                    client.write_all(&response).await?;
                }
                Some(Fault::Delay(by)) => {
                    tokio::time::sleep(by).await;
                    server.write_all(&request).await?;
                    let response = read_response(&mut server).await?;
                    client.write_all(&response).await?;
                }
                Some(Fault::CutRequest) => {
                    server.write_all(&request[..request.len() / 2]).await?;
                    server.shutdown().await.ok();
                    return Ok(());
                }
            }
        }
    }
}

/// Reads one HTTP/1.1 request (head and a Content-Length body). Its `Accept-Encoding` is dropped
/// so the server answers with a Content-Length body this proxy can frame (not a compressed stream).
async fn read_request(stream: &mut tokio::net::TcpStream) -> Result<Vec<u8>> {
    let message = read_message(stream).await?;
    let Some(end) = message.windows(4).position(|w| w == b"\r\n\r\n") else {
        return Ok(message);
    };
    let head = String::from_utf8_lossy(&message[..end]);
    let kept: Vec<&str> = head
        .split("\r\n")
        .filter(|l| !l.to_ascii_lowercase().starts_with("accept-encoding:"))
        .collect();
    let mut out = kept.join("\r\n").into_bytes();
    out.extend_from_slice(&message[end..]);
    Ok(out)
}

/// Reads one HTTP/1.1 response (head and a Content-Length body).
async fn read_response(stream: &mut tokio::net::TcpStream) -> Result<Vec<u8>> {
    read_message(stream).await
}

async fn read_message(stream: &mut tokio::net::TcpStream) -> Result<Vec<u8>> {
    use tokio::io::AsyncReadExt;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    let head_end = loop {
        let n = stream.read(&mut chunk).await?;
        anyhow::ensure!(n > 0, "connection closed before a complete head");
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while buf.len() < head_end + length {
        let n = stream.read(&mut chunk).await?;
        anyhow::ensure!(n > 0, "connection closed before the whole body");
        buf.extend_from_slice(&chunk[..n]);
    }
    Ok(buf)
}

/// The password every test account is given.
pub const PASSWORD: &str = "kata-sandi-panjang";

/// Signs the store at `data` in to `server` as `user` (with [`PASSWORD`]), as
/// `gerbang sync login` does when a person types it.
pub fn cli_login(data: &Path, server: &str, user: &str) -> Result<String> {
    run_cli(
        data,
        &["sync", "login", "--server", server, user],
        Some(&format!("{PASSWORD}\n")),
    )
}

/// Runs `gerbang --data-dir DATA ARGS…` with `stdin` (if any) on its standard input; returns its
/// trimmed stdout, or fails with its stderr.
pub fn run_cli(data: &Path, args: &[&str], stdin: Option<&str>) -> Result<String> {
    use std::io::Write;
    // The tests read the CLI's English (LANG decides its language otherwise).
    let mut child = Command::new(workspace_bin("gerbang")?)
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .context("stdin")?
            .write_all(text.as_bytes())?;
    }
    let out = child.wait_with_output()?;
    anyhow::ensure!(
        out.status.success(),
        "gerbang {args:?}: {}",
        String::from_utf8_lossy(&out.stderr).trim()
    );
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// The texts a [`RoundRobin`] watches for, each with where to report the replica that got it.
type Watches =
    std::sync::Arc<std::sync::Mutex<Vec<(String, tokio::sync::mpsc::UnboundedSender<usize>)>>>;

/// A TCP proxy spreading connections over several server replicas in turn (a load balancer in
/// miniature): each new connection goes to the next replica that accepts one, so a replica
/// that died is skipped. [`RoundRobin::watch`] reports the replica that is sent a request
/// containing a given text, so a test can kill exactly the one serving it.
#[derive(Debug, Clone)]
pub struct RoundRobin {
    /// `http://127.0.0.1:PORT` of the proxy.
    pub url: String,
    watch: Watches,
    /// Connections sent to each replica.
    pub served: std::sync::Arc<Vec<std::sync::atomic::AtomicUsize>>,
}

impl RoundRobin {
    /// Starts a proxy to `upstreams` (`http://host:port` each) on the current tokio runtime.
    pub async fn start(upstreams: &[String]) -> Result<RoundRobin> {
        let targets: Vec<String> = upstreams
            .iter()
            .map(|u| {
                u.trim_start_matches("http://")
                    .trim_end_matches('/')
                    .to_owned()
            })
            .collect();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let proxy = RoundRobin {
            url: format!("http://{}", listener.local_addr()?),
            watch: std::sync::Arc::default(),
            served: std::sync::Arc::new(
                targets
                    .iter()
                    .map(|_| std::sync::atomic::AtomicUsize::new(0))
                    .collect(),
            ),
        };
        let me = proxy.clone();
        tokio::spawn(async move {
            let mut next = 0usize;
            while let Ok((client, _)) = listener.accept().await {
                let start = next;
                next = next.wrapping_add(1);
                let me = me.clone();
                let targets = targets.clone();
                tokio::spawn(async move {
                    for k in 0..targets.len() {
                        let i = (start + k) % targets.len();
                        if let Ok(upstream) = tokio::net::TcpStream::connect(&targets[i]).await {
                            me.served[i].fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let _ = me.relay(client, upstream, i).await;
                            return;
                        }
                    }
                });
            }
        });
        Ok(proxy)
    }

    /// The index of the next replica sent a request whose bytes contain `text` (e.g.
    /// `POST /api/v1/sync/push`), as soon as it is sent (the request is still being served).
    pub fn watch(&self, text: &str) -> tokio::sync::mpsc::UnboundedReceiver<usize> {
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        self.watch
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((text.to_owned(), tx));
        rx
    }

    async fn relay(
        &self,
        client: tokio::net::TcpStream,
        upstream: tokio::net::TcpStream,
        index: usize,
    ) -> std::io::Result<()> {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let (mut cr, mut cw) = client.into_split();
        let (mut ur, mut uw) = upstream.into_split();
        let me = self.clone();
        let up = async move {
            let mut buf = vec![0u8; 64 * 1024];
            loop {
                let n = cr.read(&mut buf).await?;
                if n == 0 {
                    return uw.shutdown().await;
                }
                uw.write_all(&buf[..n]).await?;
                let text = String::from_utf8_lossy(&buf[..n.min(512)]).into_owned();
                let mut watch = me.watch.lock().unwrap_or_else(|p| p.into_inner());
                watch.retain(|(pattern, tx)| {
                    if text.contains(pattern.as_str()) {
                        let _ = tx.send(index);
                        false
                    } else {
                        true
                    }
                });
            }
        };
        let down = async move {
            tokio::io::copy(&mut ur, &mut cw).await?;
            cw.shutdown().await
        };
        let _ = tokio::try_join!(up, down);
        Ok(())
    }
}

/// A `gerbang-server` replica on `db` at `listen` keeping files in `blobs`, with `env` added
/// (e.g. the object store's `AWS_*` variables).
pub fn start_replica(
    db: &str,
    listen: &str,
    blobs: &str,
    env: &[(&str, String)],
) -> Result<(Process, String)> {
    let mut cmd = Command::new(workspace_bin("gerbang-server")?);
    cmd.args(["--listen", listen, "--database", db, "--blobs", blobs])
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut process = Process::spawn("gerbang-server", &mut cmd)?;
    let url = read_server_url(&mut process)?;
    Ok((process, url))
}

/// A fresh PostgreSQL database for one test or one run, made through an admin connection;
/// [`ScratchDb::remove`] drops it (with its connections) when the work is done.
pub struct ScratchDb {
    admin: sqlx::PgConnection,
    name: String,
    /// The database's URL.
    pub url: String,
}

impl std::fmt::Debug for ScratchDb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScratchDb").field("url", &self.url).finish()
    }
}

impl ScratchDb {
    /// A database named `{prefix}_{pid}` on the server `GERBANG_TEST_DATABASE_URL` names
    /// (`scripts/test` sets it, starting a server where none runs), else 127.0.0.1:5432.
    pub async fn create(prefix: &str) -> Result<ScratchDb> {
        let admin = std::env::var("GERBANG_TEST_DATABASE_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned());
        ScratchDb::create_on(&admin, prefix).await
    }

    /// A database named `{prefix}_{pid}` on the server of the admin URL `admin`.
    pub async fn create_on(admin: &str, prefix: &str) -> Result<ScratchDb> {
        use sqlx::Connection;
        let name = format!("{prefix}_{}", std::process::id());
        let mut conn = sqlx::PgConnection::connect(admin).await.with_context(|| {
            format!("PostgreSQL at {admin} (run ./scripts/test, which starts one)")
        })?;
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .await?;
        let mut url = url::Url::parse(admin)?;
        url.set_path(&name);
        Ok(ScratchDb {
            admin: conn,
            name,
            url: url.to_string(),
        })
    }

    /// Drops the database.
    pub async fn remove(mut self) -> Result<()> {
        sqlx::query(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ))
        .execute(&mut self.admin)
        .await?;
        Ok(())
    }
}
