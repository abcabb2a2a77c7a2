//! OSS's contract for regional (K/L/D) systems: the *Pedoman Integrasi Aplikasi* (PIA) 4.3.22,
//! as OSS publishes it (repository `oss-rba/oss-rba.github.io`, `src/endpoint.js`). The field
//! tables in `data/pia-4.3.22.json` are extracted from that file by `scripts/oss/pia-fields.py`,
//! not retyped: every method, every body field with its type and length, and the request example
//! the spec gives. [`Method::check`] holds a payload to them; [`envelope`] answers in PIA's own
//! envelope. No IO: the city backend and the OSS stand-in of the tests both use it.
//!
//! The real OSS cannot be reached from where Gerbang is built and tested; everything here rests
//! on the published spec alone.

use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::OnceLock;

/// The extracted spec, embedded.
const SPEC: &str = include_str!("../data/pia-4.3.22.json");

/// Where the field tables come from.
#[derive(Debug, Clone, Deserialize)]
pub struct Source {
    /// The document.
    pub title: String,
    /// The public repository.
    pub repository: String,
    /// The commit read.
    pub commit: String,
    /// The file read.
    pub file: String,
}

/// One field of a method's body, as the spec lists it.
#[derive(Debug, Clone, Deserialize)]
pub struct Field {
    /// Dotted path from the body's root (`dataNIB.pemegang_saham.nama_pemegang_saham`); array
    /// elements share their array's path.
    pub path: String,
    /// `string`, `number`, `date`, `boolean`, `object` or `object[]`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Longest text, or most digits of a number.
    #[serde(default)]
    pub max: Option<usize>,
    /// Digits after the decimal point of a number.
    #[serde(default)]
    pub scale: Option<usize>,
    /// Marked optional (`[field]`) in the spec.
    #[serde(default)]
    pub optional: bool,
    /// The spec's description.
    pub about: String,
}

impl Field {
    /// A date field: typed so, or described as `format date : YYYY-MM-DD`.
    fn is_date(&self) -> bool {
        self.kind == "date" || self.about.to_lowercase().contains("format date")
    }
}

/// One method of the contract.
#[derive(Debug, Clone, Deserialize)]
pub struct Method {
    /// HTTP verb.
    pub verb: String,
    /// Path under the service's base (`/receiveNIB`).
    pub path: String,
    /// Its body's fields.
    pub fields: Vec<Field>,
    /// The request example the spec gives, where it parses.
    #[serde(default)]
    pub example: Option<Value>,
    #[serde(skip)]
    by_path: HashMap<String, usize>,
}

/// The contract: its source and methods.
#[derive(Debug, Deserialize)]
pub struct Pia {
    /// Where it was read.
    pub source: Source,
    /// Methods by name (`receiveNIB`).
    pub methods: HashMap<String, Method>,
}

/// The contract as published (parsed once).
pub fn pia() -> &'static Pia {
    static PIA: OnceLock<Pia> = OnceLock::new();
    PIA.get_or_init(|| {
        // The file is written by the extraction script and checked by this crate's tests.
        #[allow(clippy::expect_used)]
        let mut pia: Pia = serde_json::from_str(SPEC).expect("data/pia-4.3.22.json parses");
        for m in pia.methods.values_mut() {
            m.by_path = m
                .fields
                .iter()
                .enumerate()
                .map(|(i, f)| (f.path.clone(), i))
                .collect();
        }
        pia
    })
}

/// What is wrong with one field of a payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The body is not a JSON object.
    NotAnObject,
    /// The spec has no such field.
    Unknown,
    /// Longer than the spec allows.
    TooLong {
        /// The spec's maximum.
        max: usize,
        /// What came.
        len: usize,
    },
    /// Not text where the spec wants text.
    NotText,
    /// Not a number (or a numeric string) where the spec wants one.
    NotNumber,
    /// More digits than the spec allows, before or after the point.
    TooManyDigits {
        /// Digits before the point the spec allows.
        max: usize,
        /// Digits after it.
        scale: usize,
    },
    /// Not a date `YYYY-MM-DD`.
    NotDate,
    /// Not an object or a list where the spec wants one.
    WrongShape {
        /// `object` or `object[]`.
        expected: String,
    },
}

/// A problem at a place in the payload (`dataNIB.pemegang_saham[0].nama_pemegang_saham`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// Where.
    pub at: String,
    /// What.
    pub problem: Problem,
}

impl FieldProblem {
    /// The problem in the words PIA answers in (Indonesian), for an envelope's `keterangan`.
    pub fn keterangan(&self) -> String {
        let what = match &self.problem {
            Problem::NotAnObject => "isi permintaan bukan objek JSON".to_owned(),
            Problem::Unknown => "field tidak dikenal dalam PIA 4.3.22".to_owned(),
            Problem::TooLong { max, len } => format!("panjang {len}, maksimal {max}"),
            Problem::NotText => "harus berupa teks".to_owned(),
            Problem::NotNumber => "harus berupa angka".to_owned(),
            Problem::TooManyDigits { max, scale } => {
                format!("angka melebihi {max} digit dengan {scale} desimal")
            }
            Problem::NotDate => "tanggal harus berformat YYYY-MM-DD".to_owned(),
            Problem::WrongShape { expected } => format!("harus berupa {expected}"),
        };
        if self.at.is_empty() {
            what
        } else {
            format!("{}: {what}", self.at)
        }
    }
}

impl Method {
    /// Every way `body` departs from the spec's field table: unknown fields, text too long,
    /// numbers that are not numbers or have too many digits, dates that are not dates, objects
    /// and lists of the wrong shape. Empty when it holds. The spec's own examples send every
    /// field, empty ones as `""`; an empty value is accepted for any scalar.
    pub fn check(&self, body: &Value) -> Vec<FieldProblem> {
        let mut out = Vec::new();
        match body {
            Value::Object(map) => self.walk(map, "", "", &mut out),
            _ => out.push(FieldProblem {
                at: String::new(),
                problem: Problem::NotAnObject,
            }),
        }
        out
    }

    fn walk(&self, map: &Map<String, Value>, spec: &str, at: &str, out: &mut Vec<FieldProblem>) {
        for (key, value) in map {
            // The spec's own example writes `"tipe_dokumen "`: keys are read trimmed.
            let key = key.trim();
            let spec_path = join(spec, key);
            let here = join(at, key);
            let Some(field) = self.by_path.get(&spec_path).map(|&i| &self.fields[i]) else {
                out.push(FieldProblem {
                    at: here,
                    problem: Problem::Unknown,
                });
                continue;
            };
            let mut problem = |p: Problem| {
                out.push(FieldProblem {
                    at: here.clone(),
                    problem: p,
                })
            };
            match (field.kind.as_str(), value) {
                // The spec's own receiveNIB example sends one object where its table lists
                // rows (data_produk_halal): one row is taken as a list of one.
                ("object" | "object[]", Value::Object(inner)) => {
                    self.walk(inner, &spec_path, &here, out)
                }
                ("object[]", Value::Array(items)) => {
                    for (i, item) in items.iter().enumerate() {
                        match item {
                            Value::Object(inner) => {
                                self.walk(inner, &spec_path, &format!("{here}[{i}]"), out)
                            }
                            _ => out.push(FieldProblem {
                                at: format!("{here}[{i}]"),
                                problem: Problem::WrongShape {
                                    expected: "object".to_owned(),
                                },
                            }),
                        }
                    }
                }
                ("object" | "object[]", Value::Null) => {}
                ("object" | "object[]", _) => problem(Problem::WrongShape {
                    expected: field.kind.clone(),
                }),
                (_, Value::Null) => {}
                ("number", v) => {
                    if let Some(p) = number_problem(v, field) {
                        problem(p);
                    }
                }
                ("boolean", Value::Bool(_)) => {}
                (_, v) => {
                    let text = match v {
                        Value::String(s) => s.clone(),
                        Value::Number(n) => n.to_string(),
                        _ => {
                            problem(Problem::NotText);
                            continue;
                        }
                    };
                    let len = text.chars().count();
                    if let Some(max) = field.max
                        && len > max
                    {
                        problem(Problem::TooLong { max, len });
                    } else if field.is_date() && !text.is_empty() && !is_date(&text) {
                        problem(Problem::NotDate);
                    }
                }
            }
        }
    }
}

fn join(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_owned()
    } else {
        format!("{a}.{b}")
    }
}

/// A number, or text that is one (OSS's examples send numbers as strings), within its digits.
fn number_problem(v: &Value, field: &Field) -> Option<Problem> {
    let text = match v {
        Value::Number(n) => n.to_string(),
        Value::String(s) if s.trim().is_empty() => return None,
        Value::String(s) => s.trim().to_owned(),
        _ => return Some(Problem::NotNumber),
    };
    let unsigned = text.strip_prefix('-').unwrap_or(&text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !digits(whole) || !(fraction.is_empty() || digits(fraction)) {
        return Some(Problem::NotNumber);
    }
    // number(20.2) reads as SQL's DECIMAL(20, 2): 20 digits in all, 2 of them after the point.
    let scale = field.scale.unwrap_or(0);
    let max = field.max?;
    if whole.trim_start_matches('0').len() > max.saturating_sub(scale) || fraction.len() > scale {
        return Some(Problem::TooManyDigits { max, scale });
    }
    None
}

/// `YYYY-MM-DD` naming a real day (read as every Gerbang date is, in WITA's calendar).
fn is_date(s: &str) -> bool {
    s.len() == 10 && gerbang_core::wita::parse_date(s).is_some()
}

/// PIA's answer envelope for `method`: `{"respon<method>": {"status": "1"|"2", "keterangan"}}`
/// (status 1: accepted; 2: refused, with the reason), `keterangan` cut to the spec's 255
/// characters.
pub fn envelope(method: &str, accepted: bool, keterangan: &str) -> Value {
    let keterangan: String = keterangan.chars().take(255).collect();
    serde_json::json!({
        format!("respon{method}"): {
            "status": if accepted { "1" } else { "2" },
            "keterangan": keterangan,
        }
    })
}

#[cfg(test)]
mod tests;
