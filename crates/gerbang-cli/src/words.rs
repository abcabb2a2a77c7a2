//! What a person reads on the command line, from the desktop's message catalogs (the same
//! `problem.<code>` and `server.code.<code>` words, in `--lang` or LANG's language): a refusal
//! with a code is worded here; anything else stays its English message, as does English itself
//! (the engine's and the server's English say the same and name more).

use gerbang_core::Language;
use gerbang_core::problem::Problem;
use std::sync::OnceLock;

static LANGUAGE: OnceLock<Language> = OnceLock::new();
static CATALOGS: OnceLock<[serde_json::Map<String, serde_json::Value>; 2]> = OnceLock::new();

/// Chooses the language for this run (once).
pub fn set_language(language: Language) {
    let _ = LANGUAGE.set(language);
}

/// The language of this run (Indonesian until set).
pub fn language() -> Language {
    LANGUAGE.get().copied().unwrap_or_default()
}

/// The language LANG (or LC_ALL, LC_MESSAGES) names: Indonesian for `id…`, else English.
pub fn language_from_env() -> Language {
    let tag = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())
        .unwrap_or_default();
    if tag.starts_with("id") {
        Language::Id
    } else {
        Language::En
    }
}

fn catalog() -> &'static serde_json::Map<String, serde_json::Value> {
    let both = CATALOGS.get_or_init(|| {
        let parse = |text: &str| serde_json::from_str(text).unwrap_or_default();
        [
            parse(include_str!("../../../ui/src/lib/i18n/messages/id.json")),
            parse(include_str!("../../../ui/src/lib/i18n/messages/en.json")),
        ]
    });
    match language() {
        Language::Id => &both[0],
        Language::En => &both[1],
    }
}

fn message(key: &str) -> Option<&'static str> {
    catalog().get(key).and_then(|v| v.as_str())
}

fn fill(template: &str, params: &[(&str, String)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in params {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// A problem in this run's language (parameter values that are words are translated too); in
/// English, the problem's own message.
pub fn problem(p: &Problem) -> String {
    if language() == Language::En {
        return p.message.clone();
    }
    let params: Vec<(&str, String)> = p
        .params
        .iter()
        .map(|(k, v)| {
            let word =
                message(&format!("problem.word.{v}")).map_or_else(|| v.clone(), str::to_owned);
            (k.as_str(), word)
        })
        .collect();
    message(&format!("problem.{}", p.code)).map_or_else(|| p.message.clone(), |m| fill(m, &params))
}

/// The city backend's refusal `code` in this run's language; in English its own message
/// (`fallback`, which names the items), which is English and says more.
pub fn server_code(code: &str, retry_after: Option<u64>, fallback: String) -> String {
    if language() == Language::En {
        return fallback;
    }
    let seconds = retry_after.map(|s| s.to_string()).unwrap_or_default();
    message(&format!("server.code.{code}")).map_or(fallback, |m| fill(m, &[("seconds", seconds)]))
}

/// An error as a person reads it.
pub trait Worded {
    /// The words.
    fn worded(self) -> String;
}

impl Worded for gerbang_store::StoreError {
    fn worded(self) -> String {
        match &self {
            gerbang_store::StoreError::Refused { field, problem: p } => {
                format!("{field}: {}", problem(p))
            }
            gerbang_store::StoreError::Facts(e) => format!("{}: {}", e.field, problem(&e.problem)),
            gerbang_store::StoreError::Rule { code, message } => {
                server_code(code, None, message.clone())
            }
            _ => self.to_string(),
        }
    }
}

impl Worded for gerbang_sync::SyncError {
    fn worded(self) -> String {
        match &self {
            gerbang_sync::SyncError::Refused {
                code, retry_after, ..
            } => server_code(code, *retry_after, self.to_string()),
            _ => self.to_string(),
        }
    }
}

impl Worded for gerbang_sync::engine::EngineError {
    fn worded(self) -> String {
        match self {
            gerbang_sync::engine::EngineError::Sync(e) => e.worded(),
            gerbang_sync::engine::EngineError::Store(e) => e.worded(),
            e => e.to_string(),
        }
    }
}

impl Worded for gerbang_app::AppError {
    fn worded(self) -> String {
        use gerbang_app::AppError;
        match self {
            AppError::Store(e) => e.worded(),
            AppError::Sync(e) => e.worded(),
            AppError::Rule(e) => e.worded(),
            AppError::NotSignedIn => {
                "not signed in: run `gerbang sync login --server URL USER` first".to_owned()
            }
            e => e.to_string(),
        }
    }
}

impl Worded for gerbang_core::engine::FactsError {
    fn worded(self) -> String {
        format!("{}: {}", self.field, problem(&self.problem))
    }
}

/// For `map_err`: the error as a person reads it.
pub fn err<E: Worded>(e: E) -> String {
    e.worded()
}

/// Errors without a code: their own (English) message.
macro_rules! plain {
    ($($t:ty),*) => {$(
        impl Worded for $t {
            fn worded(self) -> String {
                self.to_string()
            }
        }
    )*};
}
plain!(
    &gerbang_catalog::CatalogError,
    serde_json::Error,
    gerbang_pack::PackError,
    std::io::Error
);

impl Worded for gerbang_core::review::RuleError {
    fn worded(self) -> String {
        server_code(self.code, None, self.message)
    }
}
