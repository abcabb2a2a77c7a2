// Generated from gerbang_app::FailureKind by src-tauri's bindings test. Do not edit.
export const ERROR_CODES = ["store", "catalog", "server_unreachable", "server_error", "invalid_input", "not_signed_in", "forbidden", "internal"] as const;
