//! The `#[tauri::command]`s: each takes the app state, calls a crate, maps the error.

use crate::desktop::{Desktop, launch_viewer};
use crate::ipc::wita;
use crate::ipc::{
    ApiError, AppInfo, CaseListQuery, CasePage, CaseRow, ClientRow, ErrorCode, IdCheck, IdKind,
    Settings,
};
use gerbang_core::Language;
use gerbang_sync::Health;
use tauri::State;
use tauri_plugin_dialog::DialogExt;

#[tauri::command]
pub fn app_info(state: State<'_, Desktop>) -> AppInfo {
    AppInfo {
        version: gerbang_core::VERSION.to_owned(),
        catalog_version: state.app.rules().catalog.version().to_owned(),
        catalog_hash: state.app.rules().catalog.content_hash.clone(),
        data_dir: state.data_dir.display().to_string(),
        server_url: state.server_url.clone(),
        decision_number: {
            let rules = state.app.rules();
            let catalog = &rules.catalog;
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
    let language = state.store().language().await?;
    let max_document_mb = u32::try_from(state.store().max_document_mb().await?).unwrap_or(u32::MAX);
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
    state.store().set_language(language).await?;
    get_settings(state).await
}

#[tauri::command]
pub async fn server_health(state: State<'_, Desktop>) -> Result<Health, ApiError> {
    let client = gerbang_sync::Client::new(&state.server_url)?;
    Ok(client.health().await?)
}

/// A page of cases: `search` matches names, KBLI and notes; filters by status and client; the
/// next page starts `after` the last row's id. The first page carries the total.
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
        Some(state.store().count_cases(&q).await?)
    } else {
        None
    };
    let rows = state
        .store()
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

/// Clients (applicant profiles) whose name contains `search`.
#[tauri::command]
pub async fn list_clients(
    state: State<'_, Desktop>,
    search: String,
) -> Result<Vec<ClientRow>, ApiError> {
    Ok(state
        .store()
        .profiles(&search)
        .await?
        .into_iter()
        .map(client_row)
        .collect())
}

/// Creates a client (applicant profile); refused with the field and rule that failed.
#[tauri::command]
pub async fn create_client(
    state: State<'_, Desktop>,
    profile: gerbang_store::profiles::NewProfile,
) -> Result<ClientRow, ApiError> {
    Ok(client_row(state.app.create_profile(profile).await?))
}

/// Checks a NIK, NPWP or NIB as the user types; rejects with the rule that failed.
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

/// One case with its facts, checklist, items and documents.
#[tauri::command]
pub async fn get_case(
    state: State<'_, Desktop>,
    id: String,
) -> Result<gerbang_store::cases::Case, ApiError> {
    Ok(state.store().case(&id).await?)
}

/// KBLI codes by code prefix or words (typos allowed), with the crosswalk.
#[tauri::command]
pub fn kbli_search(
    state: State<'_, Desktop>,
    query: String,
    edition: gerbang_core::facts::KbliEdition,
) -> Result<Vec<gerbang_core::search::Hit>, ApiError> {
    Ok(state.app.rules().index.search(&query, Some(edition), 12))
}

/// The checklist the facts would get today, without saving anything.
#[tauri::command]
pub fn preview_checklist(
    state: State<'_, Desktop>,
    facts: gerbang_core::facts::Facts,
) -> Result<gerbang_core::engine::Checklist, ApiError> {
    state
        .app
        .preview_checklist(&facts)
        .map_err(|e| ApiError::refused(*e.problem))
}

/// Creates a case for a client from the facts; returns its id.
#[tauri::command]
pub async fn create_case(
    state: State<'_, Desktop>,
    profile_id: String,
    facts: gerbang_core::facts::Facts,
) -> Result<String, ApiError> {
    Ok(state.app.create_case(&profile_id, facts).await?.summary.id)
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
    Ok(Some(
        state.app.attach(&case_id, &item_key, &path, None).await?,
    ))
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
    Ok(state.app.attach(&case_id, &item_key, &path, None).await?)
}

/// Opens a stored document in the system's viewer: a copy under its original name goes to
/// `opened/` in the data directory (blobs are shared and must not be edited in place).
#[tauri::command]
pub async fn open_document(
    state: State<'_, Desktop>,
    document_id: String,
) -> Result<String, ApiError> {
    let doc = state.store().document(&document_id).await?;
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
    std::fs::copy(state.store().document_path(&doc), &copy).map_err(io)?;
    launch_viewer(&copy)?;
    Ok(copy.display().to_string())
}

/// The documents size limit, in MB.
#[tauri::command]
pub async fn set_max_document_mb(state: State<'_, Desktop>, mb: u32) -> Result<Settings, ApiError> {
    state.store().set_max_document_mb(u64::from(mb)).await?;
    get_settings(state).await
}

/// One client with everything entered for it.
#[tauri::command]
pub async fn get_client(
    state: State<'_, Desktop>,
    id: String,
) -> Result<gerbang_store::profiles::Profile, ApiError> {
    Ok(state.store().profile(&id).await?)
}

/// Changes a client; its open cases follow (see `Store::update_profile`).
#[tauri::command]
pub async fn update_client(
    state: State<'_, Desktop>,
    id: String,
    profile: gerbang_store::profiles::NewProfile,
) -> Result<ClientRow, ApiError> {
    Ok(client_row(state.app.update_profile(&id, profile).await?))
}

/// New facts for a case: the checklist is derived again; documents stay with the items that
/// still need them.
#[tauri::command]
pub async fn update_case(
    state: State<'_, Desktop>,
    id: String,
    facts: gerbang_core::facts::Facts,
) -> Result<gerbang_store::cases::Case, ApiError> {
    Ok(state.app.update_case(&id, Some(facts)).await?)
}

/// Replaces a case's notes (searchable).
#[tauri::command]
pub async fn set_case_notes(
    state: State<'_, Desktop>,
    id: String,
    notes: String,
) -> Result<gerbang_store::cases::Case, ApiError> {
    Ok(state.app.set_case_notes(&id, &notes).await?)
}
