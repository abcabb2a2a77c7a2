//! `gerbang profile|case|audit`: the desktop's local store from the command line, so
//! consultants can script. `new` prints the new id alone on stdout.

use crate::check::read_json;
use crate::local::{open_app, runtime};
use anyhow::Context as _;
use gerbang_app::types::NewProfile;
use std::path::{Path, PathBuf};

fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    out!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// `profile new --from FILE`.
pub fn profile_new(data_dir: &Path, from: &Path) -> anyhow::Result<()> {
    let new: NewProfile = read_json(from)?;
    runtime()?.block_on(async {
        let p = open_app(data_dir)
            .await?
            .create_profile(new)
            .await
            .with_context(|| format!("{}", from.display()))?;
        out!("{}", p.id);
        Ok(())
    })
}

/// `profile list [--search S] [--json]`.
pub fn profile_list(data_dir: &Path, search: &str, json: bool) -> anyhow::Result<()> {
    runtime()?.block_on(async {
        let profiles = open_app(data_dir).await?.profiles(search).await?;
        if json {
            return print_json(&profiles);
        }
        for p in profiles {
            let id_no = p.data.nik.or(p.data.npwp).unwrap_or_default();
            out!(
                "{}  {:<40}  {:?}  {id_no}",
                p.id,
                p.data.name,
                p.data.entity_type
            );
        }
        Ok(())
    })
}

/// `profile show ID [--json]`.
pub fn profile_show(data_dir: &Path, id: &str) -> anyhow::Result<()> {
    runtime()?.block_on(async {
        let p = open_app(data_dir).await?.profile(id).await?;
        print_json(&p)
    })
}

/// `case new --profile ID --facts FILE`.
pub fn case_new(data_dir: &Path, profile: &str, facts: &Path) -> anyhow::Result<()> {
    let facts = crate::check::read_facts(facts)?;
    runtime()?.block_on(async {
        let c = open_app(data_dir)
            .await?
            .create_case(profile, facts)
            .await?;
        out!("{}", c.summary.id);
        Ok(())
    })
}

/// `case update ID --facts FILE`.
pub fn case_update(data_dir: &Path, id: &str, facts: &Path) -> anyhow::Result<()> {
    let facts = crate::check::read_facts(facts)?;
    runtime()?.block_on(async {
        let c = open_app(data_dir)
            .await?
            .update_case(id, Some(facts))
            .await?;
        let dropped: Vec<&str> = c
            .items
            .iter()
            .filter(|i| !i.required)
            .map(|i| i.key.as_str())
            .collect();
        out!("{} items required", c.summary.items_required);
        if !dropped.is_empty() {
            out!(
                "no longer required (documents kept): {}",
                dropped.join(", ")
            );
        }
        Ok(())
    })
}

/// `case export ID --out FILE`: written beside the target and renamed into place, so a failed
/// export never leaves a half-written file.
pub fn case_export(data_dir: &Path, id: &str, out: &Path) -> anyhow::Result<()> {
    use std::io::Write;
    runtime()?.block_on(async {
        let export = open_app(data_dir).await?.export_case(id).await?;
        let dir = match out.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let cannot = || format!("cannot write {}", out.display());
        let mut tmp = tempfile::NamedTempFile::new_in(&dir).with_context(cannot)?;
        serde_json::to_writer(std::io::BufWriter::new(tmp.as_file_mut()), &export)
            .with_context(cannot)?;
        tmp.as_file_mut().flush().with_context(cannot)?;
        tmp.as_file().sync_all().with_context(cannot)?;
        tmp.persist(out).map_err(|e| e.error).with_context(cannot)?;
        eprintln!(
            "exported case {id} with {} document version(s) to {}",
            export.case.documents.len(),
            out.display()
        );
        Ok(())
    })
}

/// `case import FILE`.
pub fn case_import(data_dir: &Path, file: &Path) -> anyhow::Result<()> {
    let export: gerbang_app::types::CaseExport = read_json(file)?;
    runtime()?.block_on(async {
        let id = open_app(data_dir)
            .await?
            .import_case(export)
            .await
            .with_context(|| format!("{}", file.display()))?;
        out!("{id}");
        Ok(())
    })
}

/// `case attach ID ITEM FILE`.
pub fn case_attach(
    data_dir: &Path,
    id: &str,
    item: &str,
    file: &Path,
    max_mb: Option<u64>,
) -> anyhow::Result<()> {
    runtime()?.block_on(async {
        let d = open_app(data_dir)
            .await?
            .attach(id, item, file, max_mb)
            .await?;
        out!("{}", d.id);
        eprintln!(
            "attached {} ({}, {} bytes) as version {} of {item}",
            d.original_name, d.media_type, d.size, d.version
        );
        Ok(())
    })
}

/// `case bulk --profile ID --facts FILE --count N`.
pub fn case_bulk(data_dir: &Path, profile: &str, facts: &Path, count: u64) -> anyhow::Result<()> {
    let facts = crate::check::read_facts(facts)?;
    runtime()?.block_on(async {
        let app = open_app(data_dir).await?;
        for _ in 0..count {
            app.create_case(profile, facts.clone()).await?;
        }
        out!("{count} cases created");
        Ok(())
    })
}

/// What `case list` was asked for.
#[derive(Debug)]
pub struct ListArgs {
    /// Full-text words.
    pub search: Option<String>,
    /// Status name.
    pub status: Option<String>,
    /// Profile id.
    pub profile: Option<String>,
    /// Sort by title.
    pub by_title: bool,
    /// Page size (at most 500).
    pub limit: u32,
    /// Skip.
    pub offset: u32,
    /// After this case id (keyset paging).
    pub after: Option<String>,
}

/// `case list [--search W] [--status S] [--profile ID] [--by-title] [--json]`.
pub fn case_list(data_dir: &Path, args: ListArgs, json: bool) -> anyhow::Result<()> {
    use gerbang_app::types::{CaseSort, CaseStatus};
    use gerbang_app::views::CaseListQuery;
    let status = match args.status.as_deref() {
        None => None,
        Some(s) => Some(
            serde_json::from_value::<CaseStatus>(serde_json::Value::String(s.to_owned())).map_err(
                |_| {
                    anyhow::anyhow!(
                        "--status {s:?}: expected draft, ready, filed, under_review, needs_action, approved or rejected"
                    )
                },
            )?,
        ),
    };
    let query = CaseListQuery {
        search: args.search,
        status,
        client_id: args.profile,
        sort: if args.by_title {
            CaseSort::Title
        } else {
            CaseSort::RecentFirst
        },
        limit: args.limit,
        offset: Some(args.offset),
        after: args.after,
    };
    runtime()?.block_on(async {
        let page = open_app(data_dir).await?.cases(&query).await?;
        if json {
            return print_json(&page.rows);
        }
        for c in page.rows.into_iter().map(|r| r.summary) {
            out!(
                "{}  {:<12}  {:>2} items  {}",
                c.id,
                format!("{:?}", c.status),
                c.items_required,
                c.title
            );
        }
        Ok(())
    })
}

/// `case show ID [--json]`.
pub fn case_show(data_dir: &Path, id: &str, json: bool) -> anyhow::Result<()> {
    let label = crate::catalog_or_err()?.label();
    runtime()?.block_on(async {
        let c = open_app(data_dir).await?.case(id).await?;
        if json {
            return print_json(&c);
        }
        out!(
            "{}  {:?}  {}",
            c.summary.id,
            c.summary.status,
            c.summary.title
        );
        out_part!(
            "{}",
            crate::check::render(&c.checklist, &c.facts, &label, gerbang_core::Language::En)
        );
        Ok(())
    })
}

/// `audit verify`: exit 0 when the chain verifies, 1 naming the first broken entry.
pub fn audit_verify(data_dir: &Path) -> anyhow::Result<()> {
    runtime()?.block_on(async {
        match open_app(data_dir).await?.verify_audit().await? {
            Ok(n) => {
                out!("audit chain verified: {n} entries");
                Ok(())
            }
            Err(broken) => Err(anyhow::anyhow!(broken.to_string())),
        }
    })
}
