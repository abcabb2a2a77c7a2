//! The `#[tauri::command]`s of the case desk: each takes the app state, makes one application
//! call, and answers (errors leave as the application's `Failure`).

use crate::desktop::Desktop;
use crate::dialogs::{launch_viewer, pick_document};
use crate::ipc::{
    ApiError, AppInfo, CaseListQuery, CasePage, ClientRow, IdCheck, IdKind, Settings,
};
use gerbang_app::types::{Case, Document, Health, NewProfile, Profile};
use gerbang_core::Language;
use tauri::State;

#[tauri::command]
pub fn app_info(state: State<'_, Desktop>) -> AppInfo {
    state.app.info()
}

#[tauri::command]
pub async fn get_settings(state: State<'_, Desktop>) -> Result<Settings, ApiError> {
    Ok(state.app.settings().await?)
}

#[tauri::command]
pub async fn set_language(
    state: State<'_, Desktop>,
    language: Language,
) -> Result<Settings, ApiError> {
    Ok(state.app.set_language(language).await?)
}

#[tauri::command]
pub async fn server_health(state: State<'_, Desktop>) -> Result<Health, ApiError> {
    Ok(state.app.server_health().await?)
}

/// A page of cases: `search` matches names, KBLI and notes; filters by status and client; the
/// next page starts `after` the last row's id. The first page carries the total.
#[tauri::command]
pub async fn list_cases(
    state: State<'_, Desktop>,
    query: CaseListQuery,
) -> Result<CasePage, ApiError> {
    Ok(state.app.cases(&query).await?)
}

/// Clients (applicant profiles) whose name contains `search`.
#[tauri::command]
pub async fn list_clients(
    state: State<'_, Desktop>,
    search: String,
) -> Result<Vec<ClientRow>, ApiError> {
    Ok(state.app.client_rows(&search).await?)
}

/// Creates a client (applicant profile); refused with the field and rule that failed.
#[tauri::command]
pub async fn create_client(
    state: State<'_, Desktop>,
    profile: NewProfile,
) -> Result<ClientRow, ApiError> {
    Ok(state.app.create_profile(profile).await?.into())
}

/// Checks a NIK, NPWP or NIB as the user types; rejects with the rule that failed.
#[tauri::command]
pub fn validate_identifier(kind: IdKind, value: String) -> Result<IdCheck, ApiError> {
    kind.check(&value)
}

/// One case with its facts, checklist, items and documents.
#[tauri::command]
pub async fn get_case(state: State<'_, Desktop>, id: String) -> Result<Case, ApiError> {
    Ok(state.app.case(&id).await?)
}

/// KBLI codes for a code prefix or the applicant's words, best first, with the crosswalk and
/// whether they answer the words well (else: browse by section and division).
#[tauri::command]
pub fn kbli_search(
    state: State<'_, Desktop>,
    query: String,
    edition: gerbang_core::facts::KbliEdition,
) -> Result<gerbang_core::search::Found, ApiError> {
    Ok(state.app.rules().kbli_search(&query, Some(edition), 12))
}

/// The KBLI's sections and their divisions in one edition, to browse.
#[tauri::command]
pub fn kbli_sections(
    state: State<'_, Desktop>,
    edition: gerbang_core::facts::KbliEdition,
) -> Result<Vec<gerbang_core::search::browse::Section>, ApiError> {
    Ok(state.app.rules().kbli_sections(edition))
}

/// The codes of one KBLI division (two digits), in code order.
#[tauri::command]
pub fn kbli_division(
    state: State<'_, Desktop>,
    edition: gerbang_core::facts::KbliEdition,
    division: String,
) -> Result<Vec<gerbang_core::search::Hit>, ApiError> {
    Ok(state.app.rules().kbli_division(edition, &division))
}

/// The checklist the facts would get today, without saving anything.
#[tauri::command]
pub fn preview_checklist(
    state: State<'_, Desktop>,
    facts: gerbang_core::facts::Facts,
) -> Result<gerbang_core::engine::Checklist, ApiError> {
    Ok(state.app.preview_checklist(&facts)?)
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
) -> Result<Option<Document>, ApiError> {
    let Some(path) = pick_document(&window, title).await? else {
        return Ok(None);
    };
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
) -> Result<Document, ApiError> {
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
    let copy = state.app.document_copy(&document_id).await?;
    launch_viewer(&copy)?;
    Ok(copy.display().to_string())
}

/// The documents size limit, in MB.
#[tauri::command]
pub async fn set_max_document_mb(state: State<'_, Desktop>, mb: u32) -> Result<Settings, ApiError> {
    Ok(state.app.set_max_document_mb(mb).await?)
}

/// One client with everything entered for it.
#[tauri::command]
pub async fn get_client(state: State<'_, Desktop>, id: String) -> Result<Profile, ApiError> {
    Ok(state.app.profile(&id).await?)
}

/// Changes a client; its open cases follow (see `Store::update_profile`).
#[tauri::command]
pub async fn update_client(
    state: State<'_, Desktop>,
    id: String,
    profile: NewProfile,
) -> Result<ClientRow, ApiError> {
    Ok(state.app.update_profile(&id, profile).await?.into())
}

/// New facts for a case: the checklist is derived again; documents stay with the items that
/// still need them.
#[tauri::command]
pub async fn update_case(
    state: State<'_, Desktop>,
    id: String,
    facts: gerbang_core::facts::Facts,
) -> Result<Case, ApiError> {
    Ok(state.app.update_case(&id, Some(facts)).await?)
}

/// Replaces a case's notes (searchable).
#[tauri::command]
pub async fn set_case_notes(
    state: State<'_, Desktop>,
    id: String,
    notes: String,
) -> Result<Case, ApiError> {
    Ok(state.app.set_case_notes(&id, &notes).await?)
}
