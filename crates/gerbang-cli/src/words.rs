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

/// An error as a person reads it, worded here at the edge: the contexts the commands added
/// (which file, which flag), then the first error the desk has words for, in this run's
/// language; an error it has no words for keeps its own (English) message.
pub fn describe(e: &anyhow::Error) -> String {
    let mut parts = Vec::new();
    for cause in e.chain() {
        if let Some(words) = worded(cause) {
            parts.push(words);
            return parts.join(": ");
        }
        parts.push(cause.to_string());
    }
    // Nothing typed: the whole chain as anyhow shows it, without repeating a message that
    // already quotes its source.
    let mut out: Vec<String> = Vec::new();
    for p in parts {
        if !out.last().is_some_and(|last: &String| last.ends_with(&p)) {
            out.push(p);
        }
    }
    out.join(": ")
}

/// The words for one error the desk knows, if it is one.
fn worded(e: &(dyn std::error::Error + 'static)) -> Option<String> {
    if let Some(e) = e.downcast_ref::<gerbang_app::AppError>() {
        if matches!(e, gerbang_app::AppError::NotSignedIn) {
            return Some(
                "not signed in: run `gerbang sync login --server URL USER` first".to_owned(),
            );
        }
        return Some(failure(&e.failure()));
    }
    if let Some(e) = e.downcast_ref::<gerbang_core::engine::FactsError>() {
        let mut words = format!("{}: {}", e.field, problem(&e.problem));
        // The Indonesian words name the nearest codes themselves.
        if language() == Language::En && !e.suggestions.is_empty() {
            words.push_str(&format!("; nearest codes: {}", e.suggestions.join(", ")));
        }
        return Some(words);
    }
    if let Some(e) = e.downcast_ref::<gerbang_core::review::RuleError>() {
        return Some(server_code(e.code, None, e.message.clone()));
    }
    // Errors without a code: their own (English) message, which names what is wrong.
    if e.is::<std::io::Error>()
        || e.is::<serde_json::Error>()
        || e.is::<gerbang_catalog::CatalogError>()
    {
        return Some(e.to_string());
    }
    None
}

/// A failure as the application classified it, in this run's language: the problem's words
/// (after the field it is about), else the city backend's code's words, else its message.
pub fn failure(f: &gerbang_app::Failure) -> String {
    if let Some(p) = &f.problem {
        return match &f.field {
            Some(field) => format!("{field}: {}", problem(p)),
            None => problem(p),
        };
    }
    match f.server_code {
        Some(code) => server_code(code.as_str(), f.retry_after, f.message.clone()),
        None => f.message.clone(),
    }
}
