//! The `#[tauri::command]`s: each takes the app state, calls a crate, maps the error.

use crate::ipc::{
    ApiError, AppInfo, CaseListQuery, CasePage, CaseRow, ClientRow, ErrorCode, IdCheck, IdKind,
    Settings,
};
use crate::sync_commands::wita;
use gerbang_core::Language;
use gerbang_core::catalog::Catalog;
use gerbang_core::wita::today;
use gerbang_store::Store;
use gerbang_sync::Health;
use std::path::PathBuf;
use tauri::State;
use tauri_plugin_dialog::DialogExt;

/// Everything the commands share, opened once at start.
#[derive(Debug)]
pub struct Desktop {
    /// The local store.
    pub store: Store,
    /// The catalog and KBLI index in use: the built-in one, or a newer one from the city
    /// backend (swapped in when it arrives).
    rules: std::sync::RwLock<Rules>,
    /// The app-data directory.
    pub data_dir: PathBuf,
    /// The city backend's address.
    pub server_url: String,
    /// The files the user last dropped on the window: the only paths `attach_dropped` reads.
    pub dropped: std::sync::Mutex<Vec<PathBuf>>,
    /// What the last catalog update changed in open cases.
    pub catalog_change: tokio::sync::Mutex<Option<crate::ipc::CatalogChange>>,
    /// Filings queued offline that got their number since the app started (the UI says so
    /// once; a later sync's report does not carry them).
    pub arrived: std::sync::Mutex<Vec<gerbang_sync::wire::Receipt>>,
    /// How far the running sync has come.
    pub progress: std::sync::Mutex<Option<gerbang_sync::engine::Progress>>,
    /// Held while a sync runs: one at a time.
    pub sync_lock: tokio::sync::Mutex<()>,
    /// The last sync's report or error.
    pub last_sync: tokio::sync::Mutex<(
        Option<gerbang_sync::engine::Report>,
        Option<crate::ipc::ApiError>,
    )>,
    /// The packs this app wrote: the only files `open_pack` opens.
    pub packs_written: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
}

/// The catalog and its KBLI index, as the engine and the search use them.
#[derive(Debug, Clone, Copy)]
pub struct Rules {
    /// The catalog.
    pub catalog: &'static Catalog,
    /// Its KBLI search index.
    pub index: &'static gerbang_core::search::KbliIndex,
}

impl Rules {
    /// Makes a newly arrived catalog live for the rest of the process (a catalog update is a
    /// rare event; the few megabytes of an older one are not worth reclaiming).
    pub fn leak(catalog: Catalog) -> Rules {
        let catalog: &'static Catalog = Box::leak(Box::new(catalog));
        let index = Box::leak(Box::new(gerbang_core::search::KbliIndex::new(catalog)));
        Rules { catalog, index }
    }
}

impl Desktop {
    /// The catalog and index in use now.
    pub fn rules(&self) -> Rules {
        *self.rules.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Puts a newer catalog in use.
    pub fn use_rules(&self, rules: Rules) {
        *self.rules.write().unwrap_or_else(|e| e.into_inner()) = rules;
    }

    /// Opens the store in `data_dir` (creating it) and loads the catalog.
    pub async fn open(data_dir: PathBuf, server_url: String) -> Result<Desktop, ApiError> {
        std::fs::create_dir_all(&data_dir).map_err(|e| {
            ApiError::new(
                ErrorCode::Store,
                format!(
                    "cannot create the data directory {}: {e}",
                    data_dir.display()
                ),
            )
        })?;
        let store = Store::open(&data_dir.join("gerbang.db")).await?;
        let mut rules = Rules {
            catalog: gerbang_catalog::catalog()
                .map_err(|e| ApiError::new(ErrorCode::Catalog, e))?,
            index: gerbang_catalog::index().map_err(|e| ApiError::new(ErrorCode::Catalog, e))?,
        };
        // A catalog the city backend published earlier, when newer than the built-in one.
        if let Some((version, bundle)) = store.installed_catalog().await?
            && gerbang_catalog::is_newer(&version, rules.catalog.version())
        {
            match gerbang_catalog::from_bundle(&bundle) {
                Ok(c) => rules = Rules::leak(c),
                Err(e) => eprintln!("gerbang-desktop: ignoring the stored catalog {version}: {e}"),
            }
        }
        Ok(Desktop {
            store,
            rules: std::sync::RwLock::new(rules),
            catalog_change: tokio::sync::Mutex::default(),
            arrived: std::sync::Mutex::default(),
            progress: std::sync::Mutex::default(),
            data_dir,
            server_url,
            dropped: std::sync::Mutex::default(),
            sync_lock: tokio::sync::Mutex::default(),
            last_sync: tokio::sync::Mutex::default(),
            packs_written: std::sync::Mutex::default(),
        })
    }
}

#[tauri::command]
pub fn app_info(state: State<'_, Desktop>) -> AppInfo {
    AppInfo {
        version: gerbang_core::VERSION.to_owned(),
        catalog_version: state.rules().catalog.version().to_owned(),
        catalog_hash: state.rules().catalog.content_hash.clone(),
        data_dir: state.data_dir.display().to_string(),
        server_url: state.server_url.clone(),
        decision_number: {
            let catalog = state.rules().catalog;
            catalog
                .data
                .rules
                .decision_number
                .as_ref()
                .map(|d| crate::ipc::DecisionNumberForm {
                    pattern: d.pattern.clone(),
                    example: d.example.clone(),
                    confirmed: catalog.source(&d.source).is_some_and(|s| s.confirmed),
                })
        },
    }
}

#[tauri::command]
pub async fn get_settings(state: State<'_, Desktop>) -> Result<Settings, ApiError> {
    let language = state.store.language().await?;
    let max_document_mb = u32::try_from(state.store.max_document_mb().await?).unwrap_or(u32::MAX);
    Ok(Settings {
        language,
        max_document_mb,
    })
}

#[tauri::command]
pub async fn set_language(
    state: State<'_, Desktop>,
    language: Language,
) -> Result<Settings, ApiError> {
    state.store.set_language(language).await?;
    get_settings(state).await
}

#[tauri::command]
pub async fn server_health(state: State<'_, Desktop>) -> Result<Health, ApiError> {
    let client = gerbang_sync::Client::new(&state.server_url)?;
    Ok(client.health().await?)
}

#[tauri::command]
pub async fn list_cases(
    state: State<'_, Desktop>,
    query: CaseListQuery,
) -> Result<CasePage, ApiError> {
    let q = gerbang_store::cases::CaseQuery {
        text: query.search.filter(|s| !s.trim().is_empty()),
        status: query.status,
        profile_id: query.client_id,
        sort: query.sort,
        limit: i64::from(query.limit.clamp(1, 500)),
        offset: 0,
        after: query.after,
    };
    let total = if q.after.is_none() {
        Some(state.store.count_cases(&q).await?)
    } else {
        None
    };
    let rows = state
        .store
        .find_cases(&q)
        .await?
        .into_iter()
        .map(|c| CaseRow {
            updated: wita(&c.updated_at),
            id: c.id,
            title: c.title,
            status: c.status,
            client: c.profile_name,
            items_required: c.items_required,
        })
        .collect();
    Ok(CasePage { rows, total })
}

fn client_row(p: gerbang_store::profiles::Profile) -> ClientRow {
    ClientRow {
        kind: p.data.kind,
        entity_type: p.data.entity_type,
        capital_status: p.data.capital_status,
        identifier: p.data.nik.or(p.data.npwp).unwrap_or_default(),
        name: p.data.name,
        id: p.id,
    }
}

#[tauri::command]
pub async fn list_clients(
    state: State<'_, Desktop>,
    search: String,
) -> Result<Vec<ClientRow>, ApiError> {
    Ok(state
        .store
        .profiles(&search)
        .await?
        .into_iter()
        .map(client_row)
        .collect())
}

#[tauri::command]
pub async fn create_client(
    state: State<'_, Desktop>,
    profile: gerbang_store::profiles::NewProfile,
) -> Result<ClientRow, ApiError> {
    Ok(client_row(
        state.store.create_profile(&actor(), profile).await?,
    ))
}

#[tauri::command]
pub fn validate_identifier(kind: IdKind, value: String) -> Result<IdCheck, ApiError> {
    use gerbang_core::ids;
    let invalid = |e: ids::IdError| ApiError::refused(e.problem());
    Ok(match kind {
        IdKind::Nik => IdCheck {
            normalized: ids::validate_nik(&value).map_err(invalid)?.value,
            warning: None,
            notice: None,
        },
        IdKind::Npwp => {
            let n = ids::validate_npwp(&value).map_err(invalid)?;
            IdCheck {
                notice: n.notice(),
                normalized: n.value,
                warning: n.warning,
            }
        }
        IdKind::Nib => IdCheck {
            normalized: ids::validate_nib(&value).map_err(invalid)?,
            warning: None,
            notice: None,
        },
    })
}

#[tauri::command]
pub async fn get_case(
    state: State<'_, Desktop>,
    id: String,
) -> Result<gerbang_store::cases::Case, ApiError> {
    Ok(state.store.case(&id).await?)
}

/// Who the audit log records for changes made in the app: the OS user.
pub fn actor() -> String {
    std::env::var("USER").unwrap_or_else(|_| "desktop".to_owned())
}

#[tauri::command]
pub fn kbli_search(
    state: State<'_, Desktop>,
    query: String,
    edition: gerbang_core::facts::KbliEdition,
) -> Result<Vec<gerbang_core::search::Hit>, ApiError> {
    Ok(state.rules().index.search(&query, Some(edition), 12))
}

#[tauri::command]
pub fn preview_checklist(
    state: State<'_, Desktop>,
    facts: gerbang_core::facts::Facts,
) -> Result<gerbang_core::engine::Checklist, ApiError> {
    let rules = state.rules();
    gerbang_core::engine::evaluate(&facts, rules.catalog, rules.index, today())
        .map_err(|e| ApiError::refused(*e.problem))
}

#[tauri::command]
pub async fn create_case(
    state: State<'_, Desktop>,
    profile_id: String,
    facts: gerbang_core::facts::Facts,
) -> Result<String, ApiError> {
    let case = state
        .store
        .create_case(
            &actor(),
            &profile_id,
            facts,
            state.rules().catalog,
            state.rules().index,
            today(),
        )
        .await?;
    Ok(case.summary.id)
}

impl Desktop {
    /// Remembers what the user dropped on the window (called from the window's event handler).
    pub fn remember_drop(&self, paths: &[PathBuf]) {
        if let Ok(mut dropped) = self.dropped.lock() {
            *dropped = paths.to_vec();
        }
    }

    /// `path` if the user dropped it on the window in the last drop; refused otherwise.
    pub fn dropped_path(&self, path: &str) -> Result<PathBuf, ApiError> {
        let path = PathBuf::from(path);
        let handed_over = self
            .dropped
            .lock()
            .map(|d| d.contains(&path))
            .unwrap_or(false);
        if handed_over {
            Ok(path)
        } else {
            Err(ApiError::new(
                ErrorCode::InvalidInput,
                format!("{} was not dropped on the window", path.display()),
            ))
        }
    }

    async fn attach(
        &self,
        case_id: &str,
        item_key: &str,
        path: &std::path::Path,
    ) -> Result<gerbang_store::documents::Document, ApiError> {
        let max = self
            .store
            .max_document_mb()
            .await?
            .saturating_mul(gerbang_store::MIB);
        Ok(self
            .store
            .attach_document(&actor(), case_id, item_key, path, max)
            .await?)
    }
}

/// Shows the native file dialog (titled `title`, PDF/PNG/JPEG) over the window and attaches the
/// chosen file to the item; `None` when the user cancels.
#[tauri::command]
pub async fn attach_pick(
    window: tauri::WebviewWindow,
    state: State<'_, Desktop>,
    case_id: String,
    item_key: String,
    title: String,
) -> Result<Option<gerbang_store::documents::Document>, ApiError> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    window
        .dialog()
        .file()
        .set_parent(&window)
        .set_title(title)
        .add_filter(
            "PDF, PNG, JPEG",
            &["pdf", "PDF", "png", "PNG", "jpg", "JPG", "jpeg", "JPEG"],
        )
        .pick_file(move |picked| {
            let _ = tx.send(picked);
        });
    let Some(picked) = rx
        .await
        .map_err(|_| ApiError::new(ErrorCode::Internal, "the file dialog closed unexpectedly"))?
    else {
        return Ok(None);
    };
    let path = picked.into_path().map_err(|e| {
        ApiError::new(
            ErrorCode::InvalidInput,
            format!("the chosen file is not a local file: {e}"),
        )
    })?;
    state.attach(&case_id, &item_key, &path).await.map(Some)
}

/// Attaches a file the user dropped on the window. Only paths from the last drop are read, so
/// the UI cannot make the app read a file the user did not hand over.
#[tauri::command]
pub async fn attach_dropped(
    state: State<'_, Desktop>,
    case_id: String,
    item_key: String,
    path: String,
) -> Result<gerbang_store::documents::Document, ApiError> {
    let path = state.dropped_path(&path)?;
    state.attach(&case_id, &item_key, &path).await
}

/// Opens a stored document in the system's viewer: a copy under its original name goes to
/// `opened/` in the data directory (blobs are shared and must not be edited in place).
#[tauri::command]
pub async fn open_document(
    state: State<'_, Desktop>,
    document_id: String,
) -> Result<String, ApiError> {
    let doc = state.store.document(&document_id).await?;
    let dir = state.data_dir.join("opened").join(&doc.id);
    let name: String =
        gerbang_store::documents::display_name(std::path::Path::new(&doc.original_name))
            .chars()
            .map(|c| if c.is_control() || c == '\\' { '_' } else { c })
            .collect();
    let copy = dir.join(name);
    let io = |e: std::io::Error| {
        ApiError::new(
            ErrorCode::Store,
            format!("cannot prepare {} for viewing: {e}", doc.original_name),
        )
    };
    std::fs::create_dir_all(&dir).map_err(io)?;
    std::fs::copy(state.store.document_path(&doc), &copy).map_err(io)?;
    launch_viewer(&copy)?;
    Ok(copy.display().to_string())
}

/// Hands `path` to the desktop's default application (xdg-open on Linux).
pub fn launch_viewer(path: &std::path::Path) -> Result<(), ApiError> {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let mut child = std::process::Command::new(program)
        .arg(path)
        .stdin(std::process::Stdio::null())
        .spawn()
        .map_err(|e| {
            ApiError::new(
                ErrorCode::Internal,
                format!("cannot start the system viewer ({program}): {e}"),
            )
        })?;
    // Reap it when it exits so no zombie is left behind.
    std::thread::spawn(move || child.wait());
    Ok(())
}

/// The documents size limit, in MB.
#[tauri::command]
pub async fn set_max_document_mb(state: State<'_, Desktop>, mb: u32) -> Result<Settings, ApiError> {
    state.store.set_max_document_mb(u64::from(mb)).await?;
    get_settings(state).await
}

#[tauri::command]
pub async fn get_client(
    state: State<'_, Desktop>,
    id: String,
) -> Result<gerbang_store::profiles::Profile, ApiError> {
    Ok(state.store.profile(&id).await?)
}

/// Changes a client; its open cases follow (see `Store::update_profile`).
#[tauri::command]
pub async fn update_client(
    state: State<'_, Desktop>,
    id: String,
    profile: gerbang_store::profiles::NewProfile,
) -> Result<ClientRow, ApiError> {
    Ok(client_row(
        state
            .store
            .update_profile(
                &actor(),
                &id,
                profile,
                state.rules().catalog,
                state.rules().index,
                today(),
            )
            .await?,
    ))
}

/// New facts for a case: the checklist is derived again; documents stay with the items that
/// still need them.
#[tauri::command]
pub async fn update_case(
    state: State<'_, Desktop>,
    id: String,
    facts: gerbang_core::facts::Facts,
) -> Result<gerbang_store::cases::Case, ApiError> {
    Ok(state
        .store
        .rederive_case(
            &actor(),
            &id,
            Some(facts),
            state.rules().catalog,
            state.rules().index,
            today(),
        )
        .await?)
}

#[tauri::command]
pub async fn set_case_notes(
    state: State<'_, Desktop>,
    id: String,
    notes: String,
) -> Result<gerbang_store::cases::Case, ApiError> {
    Ok(state.store.set_case_notes(&actor(), &id, &notes).await?)
}
