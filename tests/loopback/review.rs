//! The review loop across real processes: an investor's device files; two officers' devices
//! pull the case and its documents; one officer works offline and her verdict on an item the
//! other has decided meanwhile comes back as a conflict naming his verdict (not an overwrite);
//! she asks for a revision; the investor sees it, attaches a new version and resubmits; round 2
//! reaches the officers with both versions; the case is approved and the investor sees the
//! decision number. Every device's audit chain holds.

use anyhow::{Context, Result, ensure};
use gerbang_tests::{PASSWORD, add_server_user, fixtures, run_cli, start_server};
use std::path::Path;

fn json(data: &Path, args: &[&str]) -> Result<serde_json::Value> {
    Ok(serde_json::from_str(&run_cli(data, args, None)?)?)
}

#[test]
fn two_officers_and_an_investor_review_a_case_to_approval() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let (_server, url) = start_server(dir.path())?;
    let db = format!("sqlite://{}", dir.path().join("server.db").display());
    add_server_user(&db, "ani", "investor", PASSWORD)?;
    add_server_user(&db, "petugas-satu", "officer", PASSWORD)?;
    add_server_user(&db, "petugas-dua", "officer", PASSWORD)?;
    let investor = dir.path().join("investor");
    let satu = dir.path().join("meja-satu");
    let dua = dir.path().join("meja-dua");
    let login = |data: &Path, user: &str| gerbang_tests::cli_login(data, &url, user);

    // The investor's complete case, filed.
    let made = fixtures::cli_case(&investor, dir.path(), "CV Teluk Rasa", &|key| {
        Ok((
            format!("{}.pdf", key.trim_end_matches("@*")),
            format!("%PDF-1.4\n% {key}\n%%EOF\n").into_bytes(),
        ))
    })?;
    let (case, keys) = (made.case, made.keys);
    login(&investor, "ani")?;
    let number = run_cli(&investor, &["case", "file", &case], None)?;
    // The investor records the NIB issued; it travels with the next sync.
    let today = time::OffsetDateTime::now_utc()
        .to_offset(time::macros::offset!(+8))
        .date()
        .to_string();
    run_cli(
        &investor,
        &[
            "plan",
            "mark",
            &case,
            "nib@*",
            "--state",
            "obtained",
            "--started-on",
            &today,
            "--obtained-on",
            &today,
            "--number",
            "9120001234567",
        ],
        None,
    )?;
    run_cli(&investor, &["sync", "now"], None)?;
    let applicant_plan = json(&investor, &["plan", &case, "--json"])?;

    // Both officers pull it, with every document's content (readable offline).
    for (data, user) in [(&satu, "petugas-satu"), (&dua, "petugas-dua")] {
        login(data, user)?;
        run_cli(data, &["sync", "now"], None)?;
        let queue = json(data, &["review", "list", "--json"])?;
        ensure!(queue.as_array().is_some_and(|q| q.len() == 1), "{queue:#}");
        ensure!(
            queue[0]["number"] == number.as_str() && queue[0]["status"] == "filed",
            "{queue:#}"
        );
        ensure!(queue[0]["clock"]["limit"]["working_days"] == 5, "{queue:#}");
        let detail = json(data, &["review", "show", &case])?;
        ensure!(
            detail["present"].as_array().map(Vec::len) == Some(keys.len()),
            "{detail:#}"
        );
        // The officer plans with the applicant's dates: the same stages, states and range.
        let plan = json(data, &["review", "plan", &case, "--json"])?;
        ensure!(
            plan == applicant_plan,
            "officer {plan:#}\napplicant {applicant_plan:#}"
        );
        let nib = plan["stages"]
            .as_array()
            .and_then(|s| s.iter().find(|s| s["key"] == "nib@*"))
            .cloned()
            .unwrap_or_default();
        ensure!(
            nib["state"] == "obtained" && nib["number"] == "9120001234567",
            "{nib:#}"
        );
    }

    // Officer two, offline, rejects NIB; officer one verifies it and syncs first.
    run_cli(
        &dua,
        &[
            "review",
            "reject-item",
            &case,
            "nib@*",
            "--comment",
            "akta tidak terbaca",
        ],
        None,
    )?;
    run_cli(
        &satu,
        &[
            "review",
            "verify",
            &case,
            "nib@*",
            "--comment",
            "sesuai AHU",
        ],
        None,
    )?;
    run_cli(&satu, &["sync", "now"], None)?;
    // Officer two's verdict comes back as a conflict naming officer one's; nothing overwritten.
    run_cli(&dua, &["sync", "now"], None)?;
    let status = json(&dua, &["sync", "status", "--json"])?;
    let problem = &status["problems"][0];
    ensure!(problem["outcome"] == "conflict", "{status:#}");
    ensure!(
        problem["message"]
            .as_str()
            .is_some_and(|m| m.contains("petugas-satu verified it (\"sesuai AHU\")")),
        "{status:#}"
    );
    let seen = json(&dua, &["review", "show", &case])?;
    ensure!(
        seen["review"]["items"][0]["standing"] == "verified",
        "{seen:#}"
    );
    ensure!(
        seen["refused"].as_array().is_some_and(|r| r.len() == 1),
        "{seen:#}"
    );

    // She rejects SLHS instead and asks for a revision.
    run_cli(
        &dua,
        &[
            "review",
            "reject-item",
            &case,
            "slhs@*",
            "--comment",
            "hasil uji air belum ada",
        ],
        None,
    )?;
    run_cli(
        &dua,
        &[
            "review",
            "request-revision",
            &case,
            "--comment",
            "lengkapi uji air",
        ],
        None,
    )?;
    run_cli(&dua, &["sync", "now"], None)?;
    // Approving now is refused on the device itself, saying why.
    let err = run_cli(
        &satu,
        &[
            "review",
            "approve",
            &case,
            "--number",
            "503/0006/DPMPTSP/XII/2026",
        ],
        None,
    )
    .unwrap_err();
    ensure!(
        err.to_string().contains("verified first") || err.to_string().contains("waits"),
        "{err}"
    );

    // The investor sees the request, the item and the comment; attaches a new version; resubmits.
    run_cli(&investor, &["sync", "now"], None)?;
    ensure!(json(&investor, &["case", "show", &case, "--json"])?["status"] == "needs_action");
    let own = json(&investor, &["review", "show", &case])?;
    ensure!(
        own["review"]["revision_requests"][0]["items"][0]
            == serde_json::json!(["slhs@*", "hasil uji air belum ada"]),
        "{own:#}"
    );
    // Sending the same document back without a word is refused by the city backend,
    // naming the item; a response to an item the case does not have is refused too.
    let err = run_cli(&investor, &["case", "resubmit", &case], None).unwrap_err();
    ensure!(
        err.to_string()
            .contains("new document version or a written response")
            && err.to_string().contains("slhs@*"),
        "{err}"
    );
    let err = run_cli(
        &investor,
        &[
            "case",
            "resubmit",
            &case,
            "--response",
            "nope@*=sudah benar",
        ],
        None,
    )
    .unwrap_err();
    ensure!(err.to_string().contains("not a required item"), "{err}");
    let revised = dir.path().join("uji-air.pdf");
    std::fs::write(&revised, "%PDF-1.4\n% uji air: memenuhi syarat\n%%EOF\n")?;
    run_cli(
        &investor,
        &[
            "case",
            "attach",
            &case,
            "slhs@*",
            revised.to_str().context("path")?,
        ],
        None,
    )?;
    let round = run_cli(&investor, &["case", "resubmit", &case], None)?;
    ensure!(round == "2", "{round}");

    // Round 2 on officer one's device: both SLHS versions, the new one readable; verify, approve.
    run_cli(&satu, &["sync", "now"], None)?;
    let detail = json(&satu, &["review", "show", &case])?;
    ensure!(
        detail["review"]["round"] == 2 && detail["review"]["status"] == "under_review",
        "{detail:#}"
    );
    let slhs: Vec<&serde_json::Value> = detail["documents"]
        .as_array()
        .context("documents")?
        .iter()
        .filter(|d| d["item_key"] == "slhs@*")
        .collect();
    ensure!(slhs.len() == 2, "both versions: {slhs:?}");
    // The officer sees what changed since the last round.
    let changed: Vec<&serde_json::Value> = detail["review"]["items"]
        .as_array()
        .context("items")?
        .iter()
        .filter(|i| !i["resubmitted"].is_null())
        .collect();
    ensure!(
        changed.len() == 1
            && changed[0]["item_key"] == "slhs@*"
            && changed[0]["resubmitted"]
                == serde_json::json!({"round": 2, "new_document": true, "response": null}),
        "{changed:?}"
    );
    ensure!(
        detail["present"].as_array().map(Vec::len) == Some(keys.len() + 1),
        "{detail:#}"
    );
    for key in &keys {
        if key != "nib@*" {
            run_cli(&satu, &["review", "verify", &case, key], None)?;
        }
    }
    // A number not of the city's form is refused on the device, naming the form.
    let err = run_cli(
        &satu,
        &["review", "approve", &case, "--number", "abc"],
        None,
    )
    .unwrap_err();
    ensure!(
        err.to_string().contains("NNN/N+/DPMPTSP/BULAN/TAHUN"),
        "{err}"
    );
    run_cli(
        &satu,
        &[
            "review",
            "approve",
            &case,
            "--number",
            "503/0007/DPMPTSP/XII/2026",
        ],
        None,
    )?;
    run_cli(&satu, &["sync", "now"], None)?;

    // The investor sees the approval and the decision number.
    run_cli(&investor, &["sync", "now"], None)?;
    ensure!(json(&investor, &["case", "show", &case, "--json"])?["status"] == "approved");
    let own = json(&investor, &["review", "show", &case])?;
    ensure!(
        own["review"]["decision"]["number"] == "503/0007/DPMPTSP/XII/2026",
        "{own:#}"
    );
    for data in [&investor, &satu, &dua] {
        let verified = run_cli(data, &["audit", "verify"], None)?;
        ensure!(verified.contains("verified"), "{verified}");
    }
    Ok(())
}
