//! The `gerbang` binary as a user runs it.

#![allow(clippy::unwrap_used)] // tests: a panic with the value is the report we want

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_gerbang");

#[test]
fn version_and_help() {
    let out = Command::new(BIN).arg("--version").output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("gerbang {}", env!("CARGO_PKG_VERSION"))
    );
    let out = Command::new(BIN).arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(help.contains("catalog"), "{help}");
    assert!(help.contains("server-health"), "{help}");
}

#[test]
fn catalog_reports_the_embedded_version_and_hash() {
    let expected = gerbang_catalog::catalog().unwrap();
    let out = Command::new(BIN)
        .args(["catalog", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], expected.version());
    assert_eq!(v["content_hash"], expected.content_hash.as_str());
    assert_eq!(
        (v["kbli2025"].as_u64(), v["kbli2020"].as_u64()),
        (Some(1559), Some(1790))
    );
}

#[test]
fn an_unreachable_server_is_one_line_and_a_failure() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = Command::new(BIN)
        .args([
            "server-health",
            "--server",
            &format!("http://127.0.0.1:{port}"),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(&format!(
            "gerbang: cannot reach the city backend at http://127.0.0.1:{port}/health"
        )),
        "{stderr}"
    );
}

#[test]
fn a_malformed_server_address_is_named() {
    let out = Command::new(BIN)
        .args(["server-health", "--server", "ftp://x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("gerbang: invalid server address \"ftp://x\""),
        "{stderr}"
    );
}

fn cases() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../gerbang-catalog/tests/catalog/cases")
}

fn run(args: &[&str]) -> (i32, String, String) {
    // English unless a test asks (LANG decides the default language).
    let out = Command::new(BIN)
        .args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn check_prints_the_checklist_readable_and_as_json() {
    let facts = cases().join("05-hotel-bintang-tiga-pma.json");
    let facts = facts.to_str().unwrap();
    let (code, text, _) = run(&["check", facts, "--as-of", "2026-11-27"]);
    assert_eq!(code, 0);
    assert!(text.contains("Scale: Besar"), "{text}");
    assert!(
        text.contains(
            "NOT DETERMINED: one of Menengah Rendah, Menengah Tinggi, Tinggi [UNCONFIRMED]"
        ),
        "{text}"
    );
    // The risk level rests on a third party's copy of the annex: what it calls for too.
    assert!(
        text.contains("Licence (Izin) [KBLI 55103, CONDITIONAL, UNCONFIRMED]"),
        "{text}"
    );
    assert!(text.contains("UNCONFIRMED"), "{text}");
    let (code, json, _) = run(&["check", facts, "--json", "--as-of", "2026-11-27"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["scale"], "besar");
    assert_eq!(v["activities"][0]["kbli"], "55103");
    assert_eq!(v["activities"][0]["risk"], serde_json::Value::Null);
    assert_eq!(v["permits"][0]["id"], "nib");
    assert_eq!(v["lkpm"]["frequency"], "quarterly");
    assert_eq!(
        v["catalog_version"],
        gerbang_catalog::catalog().unwrap().version()
    );
}

#[test]
fn bad_facts_name_the_field_and_fail() {
    let dir = tempfile_dir();
    let write = |name: &str, text: &str| {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p.to_string_lossy().into_owned()
    };
    let p = write(
        "neg.json",
        r#"{"kbli_edition":"2025","activities":[{"kbli":"56101"}],"entity_type":"cv","capital_status":"pmdn","business_capital_idr":-1}"#,
    );
    let (code, _, err) = run(&["check", &p]);
    assert_eq!(code, 1);
    assert!(
        err.contains("business_capital_idr: cannot be negative (-1)"),
        "{err}"
    );
    let p = write(
        "unknown.json",
        r#"{"kbli_edition":"2025","activities":[{"kbli":"56199"}],"entity_type":"cv","capital_status":"pmdn","business_capital_idr":1}"#,
    );
    let (code, _, err) = run(&["check", &p]);
    assert_eq!(code, 1);
    assert!(err.contains("activities[0].kbli: KBLI 56199 is not a five-digit code of KBLI 2025; nearest codes: 56"), "{err}");
    let p = write(
        "typo.json",
        r#"{"kbli_edition":"2025","activities":[{"kbli":"56101"}],"entity_type":"ptt","capital_status":"pmdn","business_capital_idr":1}"#,
    );
    let (code, _, err) = run(&["check", &p]);
    assert_eq!(code, 1);
    assert!(err.contains("entity_type: unknown variant `ptt`"), "{err}");
    let p = write(
        "missing.json",
        r#"{"kbli_edition":"2025","activities":[{"kbli":"56101"}],"entity_type":"pt"}"#,
    );
    let (code, _, err) = run(&["check", &p]);
    assert_eq!(code, 1);
    assert!(err.contains("missing field `capital_status`"), "{err}");
    let (code, _, err) = run(&["check", "/no/such/facts.json"]);
    assert_eq!(code, 1);
    assert!(
        err.starts_with("gerbang: cannot read /no/such/facts.json"),
        "{err}"
    );
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("gerbang-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn kbli_search_and_show() {
    let (code, out, _) = run(&["kbli", "search", "restoran", "--edition", "2025", "--json"]);
    assert_eq!(code, 0);
    let found: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(found["hits"][0]["code"], "56101");
    assert_eq!(found["weak"], false);
    // The applicant's own words: the same ranking as the desktop's picker.
    let (code, out, _) = run(&["kbli", "search", "toko emas", "--edition", "2025"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("2025 47735"), "{out}");
    // Words that nothing answers well are said to be guesses, with where to browse.
    let (code, out, _) = run(&["kbli", "search", "zzqqxx kantor", "--edition", "2025"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("No code answers"), "{out}");
    assert!(out.contains("gerbang kbli browse"), "{out}");
    let (code, out, _) = run(&["kbli", "browse"]);
    assert_eq!(code, 0);
    assert!(out.contains("G PERDAGANGAN BESAR DAN ECERAN"), "{out}");
    assert!(out.contains("  47 "), "{out}");
    let (code, out, _) = run(&["kbli", "browse", "47", "--edition", "2020"]);
    assert_eq!(code, 0);
    assert!(out.lines().all(|l| l.starts_with("2020 47")), "{out}");
    let (code, _, err) = run(&["kbli", "browse", "4x"]);
    assert_eq!(code, 1);
    assert!(err.contains("\"4x\" is not a KBLI 2025 division"), "{err}");
    let (code, out, _) = run(&["kbli", "show", "01111"]);
    assert_eq!(code, 0);
    let label = gerbang_catalog::catalog().unwrap().label();
    assert!(out.starts_with(&format!("(catalog {label})")), "{out}");
    assert!(
        out.contains("risk at Mikro: Rendah or Menengah Rendah"),
        "{out}"
    );
    let (code, _, err) = run(&["kbli", "show", "99998"]);
    assert_eq!(code, 1);
    assert!(err.contains("KBLI 99998 is in neither edition"), "{err}");
}

#[test]
fn validate_exits_by_validity_and_names_the_rule() {
    assert_eq!(run(&["validate", "nik", "6471015208900002"]).0, 0);
    let (code, _, err) = run(&["validate", "nik", "6471019908900002"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("NIK birth date (digits 7-12) 990890 is not a date"),
        "{err}"
    );
    let (code, _, err) = run(&["validate", "npwp", "01.234.567.8-901.000"]);
    assert_eq!(code, 0);
    assert!(err.contains("legacy 15-digit NPWP"), "{err}");
    assert_eq!(run(&["validate", "nib", "1234567890123"]).0, 0);
    assert_eq!(run(&["validate", "nib", "12345"]).0, 1);
    assert_eq!(run(&["validate", "kbli", "56101"]).0, 0);
    assert_eq!(
        run(&["validate", "kbli", "56109", "--edition", "2020"]).0,
        0
    );
    let (code, _, err) = run(&["validate", "kbli", "56109"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("KBLI 56109 is not a five-digit code of KBLI 2025"),
        "{err}"
    );
}

#[test]
fn profile_and_case_commands_work_on_one_store_and_chain_ids() {
    let dir = tempfile_dir().join("store-cmds");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let data = dir.join("data");
    let data = data.to_str().unwrap();
    let profile = dir.join("p.json");
    std::fs::write(
        &profile,
        r#"{"kind":"company","name":"CV Teluk Rasa","entity_type":"cv","capital_status":"pmdn","npwp":"01.234.567.8-901.000"}"#,
    )
    .unwrap();
    let (code, pid, err) = run(&[
        "--data-dir",
        data,
        "profile",
        "new",
        "--from",
        profile.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let pid = pid.trim();
    assert_eq!(pid.len(), 36, "the id alone: {pid:?}");
    let facts = cases().join("02-restoran-kecil-bangunan-baru.json");
    let (code, cid, err) = run(&[
        "--data-dir",
        data,
        "case",
        "new",
        "--profile",
        pid,
        "--facts",
        facts.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let cid = cid.trim();
    let (code, out, _) = run(&["--data-dir", data, "case", "list", "--json"]);
    assert_eq!(code, 0);
    let list: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(list[0]["id"], cid);
    assert_eq!(list[0]["profile_name"], "CV Teluk Rasa");
    let (code, out, _) = run(&[
        "--data-dir",
        data,
        "case",
        "list",
        "--search",
        "teluk",
        "--json",
    ]);
    assert_eq!(code, 0);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&out).unwrap()[0]["id"],
        cid
    );
    let (_, out, _) = run(&[
        "--data-dir",
        data,
        "case",
        "list",
        "--search",
        "kontraktor",
        "--json",
    ]);
    assert_eq!(out.trim(), "[]");
    let (code, _, err) = run(&["--data-dir", data, "case", "list", "--status", "lost"]);
    assert_eq!(code, 1);
    assert!(err.contains("--status \"lost\": expected draft"), "{err}");
    let (code, out, _) = run(&["--data-dir", data, "case", "show", cid, "--json"]);
    assert_eq!(code, 0);
    let case: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(case["items"][0]["key"], "nib@*");
    assert_eq!(case["checklist"]["scale"], "kecil");
    let (code, out, _) = run(&["--data-dir", data, "audit", "verify"]);
    assert_eq!((code, out.trim()), (0, "audit chain verified: 2 entries"));
    // A profile of another legal form cannot take these facts.
    std::fs::write(
        &profile,
        r#"{"kind":"company","name":"PT Lain","entity_type":"pt","capital_status":"pmdn","npwp":"0012345678901000"}"#,
    )
    .unwrap();
    let (_, pt, _) = run(&[
        "--data-dir",
        data,
        "profile",
        "new",
        "--from",
        profile.to_str().unwrap(),
    ]);
    let (code, _, err) = run(&[
        "--data-dir",
        data,
        "case",
        "new",
        "--profile",
        pt.trim(),
        "--facts",
        facts.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("entity_type: the facts say Cv but profile"),
        "{err}"
    );
}

/// Kills `gerbang case bulk` in the middle of its writes, again and again; the store must stay
/// sound: SQLite's integrity check passes, no case lacks its checklist, the audit chain verifies,
/// and every change has both its audit entry and its outbox mutation.
#[test]
fn killing_the_process_mid_write_never_tears_a_case() {
    let dir = tempfile_dir().join("kill");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let data = dir.join("data");
    let data_s = data.to_str().unwrap();
    let profile = dir.join("p.json");
    std::fs::write(
        &profile,
        r#"{"kind":"company","name":"CV Tahan Banting","entity_type":"cv","capital_status":"pmdn","npwp":"0012345678901000"}"#,
    )
    .unwrap();
    let (code, _cv, err) = run(&[
        "--data-dir",
        data_s,
        "profile",
        "new",
        "--from",
        profile.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let facts = cases().join("05-hotel-bintang-tiga-pma.json");
    std::fs::write(
        &profile,
        r#"{"kind":"company","name":"PT Tahan Banting","entity_type":"pt","capital_status":"pma","npwp":"0012345678901001"}"#,
    )
    .unwrap();
    let (_, pma, _) = run(&[
        "--data-dir",
        data_s,
        "profile",
        "new",
        "--from",
        profile.to_str().unwrap(),
    ]);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let count = || {
        rt.block_on(async {
            let s = gerbang_store::Store::open(&data.join("gerbang.db"))
                .await
                .unwrap();
            let n = s.case_count().await.unwrap();
            s.close().await;
            n
        })
    };
    for round in 0..6u64 {
        let before = count();
        let mut child = Command::new(BIN)
            .args([
                "--data-dir",
                data_s,
                "case",
                "bulk",
                "--profile",
                pma.trim(),
            ])
            .args(["--facts", facts.to_str().unwrap(), "--count", "1000000"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Kill it once it is writing, at a different moment each round.
        let start = std::time::Instant::now();
        while count() == before && start.elapsed() < std::time::Duration::from_secs(30) {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        std::thread::sleep(std::time::Duration::from_millis(round * 37));
        child.kill().unwrap();
        child.wait().unwrap();
    }
    rt.block_on(async {
        let store = gerbang_store::Store::open(&data.join("gerbang.db"))
            .await
            .unwrap();
        let (sqlite, torn) = store.integrity().await.unwrap();
        assert_eq!(sqlite, "ok");
        assert_eq!(torn, 0, "no case without its checklist");
        let cases = store.case_count().await.unwrap();
        assert!(
            cases > 0,
            "the bulk runs wrote something before being killed"
        );
        let audited = store
            .verify_audit()
            .await
            .unwrap()
            .expect("the audit chain verifies");
        assert_eq!(
            audited as i64,
            cases + 2,
            "one audit entry per profile and case"
        );
        assert_eq!(
            store.pending_changes().await.unwrap(),
            cases + 2,
            "and one outbox mutation each"
        );
    });
    let (code, out, _) = run(&["--data-dir", data_s, "audit", "verify"]);
    assert_eq!(code, 0, "{out}");
}

/// A store in `data` with a CV profile and a restaurant case; returns the case id.
fn profile_and_case(dir: &std::path::Path, data: &str) -> String {
    let p = dir.join("p.json");
    std::fs::write(
        &p,
        r#"{"kind":"company","name":"CV Teluk Rasa","entity_type":"cv","capital_status":"pmdn","npwp":"0012345678901000"}"#,
    )
    .unwrap();
    let (_, pid, _) = run(&[
        "--data-dir",
        data,
        "profile",
        "new",
        "--from",
        p.to_str().unwrap(),
    ]);
    let facts = cases().join("02-restoran-kecil-bangunan-baru.json");
    let (code, cid, err) = run(&[
        "--data-dir",
        data,
        "case",
        "new",
        "--profile",
        pid.trim(),
        "--facts",
        facts.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    cid.trim().to_owned()
}

#[test]
fn case_attach_and_update_from_the_command_line() {
    let dir = tempfile_dir().join("attach");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let data = dir.join("data");
    let data = data.to_str().unwrap();
    let cid = profile_and_case(&dir, data);
    let cid = cid.as_str();
    let facts = cases().join("02-restoran-kecil-bangunan-baru.json");
    let pdf = dir.join("gambar.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n%%EOF\n").unwrap();
    let (code, _, err) = run(&[
        "--data-dir",
        data,
        "case",
        "attach",
        cid,
        "pbg@*",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("attached gambar.pdf (application/pdf, 15 bytes) as version 1 of pbg@*"),
        "{err}"
    );
    let fake = dir.join("palsu.pdf");
    std::fs::write(&fake, b"just text").unwrap();
    let (code, _, err) = run(&[
        "--data-dir",
        data,
        "case",
        "attach",
        cid,
        "pbg@*",
        fake.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("palsu.pdf: the name says application/pdf but the content is not"),
        "{err}"
    );
    // Without the new building, PBG is no longer required; its document stays.
    let mut f: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&facts).unwrap()).unwrap();
    f["building"]["new"] = serde_json::Value::Bool(false);
    let nf = dir.join("facts2.json");
    std::fs::write(&nf, f.to_string()).unwrap();
    let (code, out, err) = run(&[
        "--data-dir",
        data,
        "case",
        "update",
        cid,
        "--facts",
        nf.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    // (The restaurant's traffic impact study, needed for a new building only, goes too.)
    let dropped = out
        .lines()
        .find_map(|l| l.strip_prefix("no longer required (documents kept): "))
        .unwrap_or_default();
    assert!(dropped.split(", ").any(|k| k == "pbg@*"), "{out}");
    let (_, show, _) = run(&["--data-dir", data, "case", "show", cid, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&show).unwrap();
    assert_eq!(v["documents"][0]["item_key"], "pbg@*");
}

#[test]
fn a_case_moves_between_stores_with_export_and_import() {
    let dir = tempfile_dir().join("transfer");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let here = dir.join("consultant");
    let there = dir.join("investor");
    let (here, there) = (here.to_str().unwrap(), there.to_str().unwrap());
    let cid = profile_and_case(&dir, here);
    let cid = cid.as_str();
    let p = dir.join("p.json");
    let png = dir.join("denah.png");
    std::fs::write(
        &png,
        b"\x89PNG\r\n\x1a\nnot really an image but typed as one",
    )
    .unwrap();
    let (code, _, err) = run(&[
        "--data-dir",
        here,
        "case",
        "attach",
        cid,
        "pbg@*",
        png.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");

    let file = dir.join("kasus.json");
    let (code, _, err) = run(&[
        "--data-dir",
        here,
        "case",
        "export",
        cid,
        "--out",
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("with 1 document version(s)"), "{err}");
    let (code, id, err) = run(&[
        "--data-dir",
        there,
        "case",
        "import",
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(id.trim(), cid, "the id alone on stdout");
    let (_, a, _) = run(&["--data-dir", here, "case", "show", cid, "--json"]);
    let (_, b, _) = run(&["--data-dir", there, "case", "show", cid, "--json"]);
    assert_eq!(a, b, "the same case in both stores");
    let (code, out, _) = run(&["--data-dir", there, "audit", "verify"]);
    assert_eq!(code, 0, "{out}");

    // Twice: refused. Not an export: refused with the field.
    let (code, _, err) = run(&[
        "--data-dir",
        there,
        "case",
        "import",
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("already in this store"), "{err}");
    let (code, _, err) = run(&["--data-dir", there, "case", "import", p.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("p.json: kind: unknown field `kind`"), "{err}");
}

#[test]
fn check_speaks_indonesian_when_asked() {
    let facts = cases().join("02-restoran-kecil-bangunan-baru.json");
    let (code, out, err) = run(&["check", "--lang", "id", facts.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Yang harus diurus, berurutan:"), "{out}");
    assert!(
        out.contains("alasan: setiap usaha wajib memiliki NIB, apa pun tingkat risikonya"),
        "{out}"
    );
    assert!(out.contains("Temuan:"), "{out}");
    let (code, _, err) = run(&["check", "--lang", "jv", facts.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("--lang \"jv\": expected en or id"), "{err}");
}

/// Errors are worded from the desktop's catalog in `--lang`, on every command; LANG decides
/// the default.
#[test]
fn errors_speak_the_language_asked_for() {
    let (code, _, err) = run(&["--lang", "id", "validate", "nik", "3171011505900001x"]);
    assert_eq!(code, 1);
    assert!(err.starts_with("gerbang: tidak valid: "), "{err}");
    let (_, _, en) = run(&["validate", "nik", "3171011505900001x"]);
    assert!(en.starts_with("gerbang: invalid: "), "{en}");
    assert_ne!(err, en);
    // A facts file with an unknown KBLI, in Indonesian, through LANG.
    let dir = tempfile::tempdir().unwrap();
    let facts = dir.path().join("f.json");
    let mut f: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(cases().join("02-restoran-kecil-bangunan-baru.json")).unwrap(),
    )
    .unwrap();
    f["activities"][0]["kbli"] = "56199".into();
    std::fs::write(&facts, f.to_string()).unwrap();
    let out = Command::new(BIN)
        .args(["check", facts.to_str().unwrap()])
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "id_ID.UTF-8")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("KBLI 56199 bukan kode lima digit KBLI 2025 (kegiatan 1)"),
        "{err}"
    );
    // And the checklist itself follows LANG.
    let facts = cases().join("02-restoran-kecil-bangunan-baru.json");
    let out = Command::new(BIN)
        .args(["check", facts.to_str().unwrap()])
        .env("LANG", "id_ID.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Yang harus diurus, berurutan:"));
}

/// `gerbang kbli search … | head`: the reader leaves after one line; the CLI ends quietly
/// (no panic on the broken pipe) with success.
#[test]
fn a_reader_that_leaves_early_is_no_panic() {
    use std::io::BufRead;
    let mut child = Command::new(BIN)
        .args(["kbli", "search", "4", "--limit", "100000", "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(!first.trim().is_empty());
    // The pipe's reading end is closed here; the rest (far more than a pipe holds) has nowhere
    // to go.
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.status.success(), "{:?} {stderr}", out.status);
}

#[test]
fn check_json_carries_the_plan_and_plan_mark_is_checked_in_the_reader_s_language() {
    // The office of case 42: PKKPR (its PNBP, then 5 + 20 working days, Art 19-21),
    // Andalalin, environment (unknown), PBG and SLF (construction unknown) before its
    // Sertifikat Standar (the annex's 7 days).
    let facts = cases().join("42-kantor-konsultan-gedung-baru.json");
    let facts = facts.to_str().unwrap();
    let (code, json, err) = run(&["check", facts, "--json", "--as-of", "2026-12-22"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let plan = &v["plan"];
    let stages = plan["stages"].as_array().unwrap();
    assert_eq!(stages.len(), v["permits"].as_array().unwrap().len());
    let kkpr = stages.iter().find(|s| s["permit"] == "kkpr").unwrap();
    assert_eq!(
        kkpr["working_days"],
        serde_json::json!({"min": 25, "max": 30})
    );
    assert_eq!(kkpr["confirmed"], true);
    assert_eq!(kkpr["parts"].as_array().unwrap().len(), 3);
    assert_eq!(kkpr["start"], "2026-12-22");
    let slf = stages.iter().find(|s| s["permit"] == "slf").unwrap();
    assert_eq!(slf["depends_on"], serde_json::json!(["pbg@*"]));
    assert_eq!(
        plan["critical_path"],
        serde_json::json!([
            "kkpr@*",
            "andalalin@*",
            "persetujuan_lingkungan@*",
            "pbg@*",
            "sertifikat_standar@70209"
        ])
    );
    // An unknown time is not zero: no completion date while the environmental approval's
    // and the construction's are unknown, and both are named.
    assert_eq!(plan["completion"]["earliest"], serde_json::Value::Null);
    assert_eq!(plan["completion"]["latest"], serde_json::Value::Null);
    assert_eq!(
        plan["completion"]["unknown"],
        serde_json::json!(["persetujuan_lingkungan@*", "slf@*"])
    );
    // 30 (PKKPR) + 23 (Andalalin) + 31 (PBG) + 7 (the annex's Sertifikat Standar).
    assert_eq!(plan["completion"]["known_working_days"], 91);
    // The readable check ends with the plan.
    let (_, text, _) = run(&["check", facts, "--as-of", "2026-12-22"]);
    assert!(
        text.contains("Licensing plan (from 22 December 2026"),
        "{text}"
    );
    assert!(text.contains("25–30 working days"), "{text}");
    assert!(
        text.contains("Complete at the earliest not known yet (unknown time: Environmental approval, Construction of the building"),
        "{text}"
    );

    // A stored case: a date that has not come is refused in Indonesian, and nothing is kept.
    let dir = tempfile_dir().join("plan");
    let data = dir.join("data");
    std::fs::create_dir_all(&dir).unwrap();
    let id = profile_and_case(&dir, data.to_str().unwrap());
    let (code, _, err) = run(&[
        "--lang",
        "id",
        "--data-dir",
        data.to_str().unwrap(),
        "plan",
        "mark",
        &id,
        "kkpr@*",
        "--state",
        "obtained",
        "--obtained-on",
        "2999-01-01",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("belum tiba"), "{err}");
    let (code, json, err) = run(&["--data-dir", data.to_str().unwrap(), "plan", &id, "--json"]);
    assert_eq!(code, 0, "{err}");
    let before: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(
        before["stages"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["state"] == "planned")
    );
    let (code, text, err) = run(&[
        "--data-dir",
        data.to_str().unwrap(),
        "plan",
        "mark",
        &id,
        "kkpr@*",
        "--state",
        "started",
        "--started-on",
        "2026-12-01",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(text.contains("APPLIED"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}
