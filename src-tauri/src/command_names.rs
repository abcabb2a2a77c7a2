// The app commands the UI may invoke. Included by build.rs (to generate one permission per
// command) and by the app (whose tests check the capability file grants exactly these).
// Keep in step with `tauri::generate_handler!` in main.rs.
pub const COMMANDS: &[&str] = &[
    "app_info",
    "get_settings",
    "set_language",
    "server_health",
    "list_cases",
    "list_clients",
    "get_case",
    "create_client",
    "validate_identifier",
    "kbli_search",
    "preview_checklist",
    "create_case",
    "attach_pick",
    "attach_dropped",
    "open_document",
    "set_max_document_mb",
    "get_client",
    "update_client",
    "update_case",
    "set_case_notes",
];
