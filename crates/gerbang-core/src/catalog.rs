//! The catalog's model: KBLI (2020 and 2025), risk by scale, the permits and requirements,
//! OSS code lists. Loaded by `gerbang-catalog` from its embedded files; every record names
//! its source (an id into `sources`) and sources say whether they are confirmed.

use serde::{Deserialize, Serialize};
// Keys are the catalog's own short codes and ids: a fast hash, no DoS resistance needed.
use rustc_hash::FxHashMap as HashMap;

mod plan;
pub use plan::*;

mod rules;
pub use rules::*;

mod naming;
pub use naming::*;

/// A business scale (PP 7/2021 Art 35), ordered smallest first.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    /// Usaha Mikro (OSS code 01).
    Mikro,
    /// Usaha Kecil (02).
    Kecil,
    /// Usaha Menengah (03).
    Menengah,
    /// Usaha Besar (04).
    Besar,
}

impl Scale {
    /// All scales, smallest first.
    pub const ALL: [Scale; 4] = [Scale::Mikro, Scale::Kecil, Scale::Menengah, Scale::Besar];

    /// The Indonesian name used in regulations and in the KBLI data.
    pub fn name(self) -> &'static str {
        match self {
            Scale::Mikro => "Mikro",
            Scale::Kecil => "Kecil",
            Scale::Menengah => "Menengah",
            Scale::Besar => "Besar",
        }
    }

    /// The English name (`Micro`, `Small`, `Medium`, `Large`).
    pub fn name_en(self) -> &'static str {
        match self {
            Scale::Mikro => "Micro",
            Scale::Kecil => "Small",
            Scale::Menengah => "Medium",
            Scale::Besar => "Large",
        }
    }

    /// Parses the data's spelling (`Mikro`, `Usaha Mikro`, …).
    pub fn from_name(s: &str) -> Option<Scale> {
        let s = s.trim();
        let s = s.strip_prefix("Usaha ").unwrap_or(s);
        Scale::ALL
            .into_iter()
            .find(|x| x.name().eq_ignore_ascii_case(s))
    }
}

/// A risk level (PP 28/2025), ordered lowest first.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    /// NIB only.
    Rendah,
    /// NIB + self-declared Sertifikat Standar.
    MenengahRendah,
    /// NIB + verified Sertifikat Standar.
    MenengahTinggi,
    /// NIB + Izin.
    Tinggi,
}

impl RiskLevel {
    /// All levels, lowest first.
    pub const ALL: [RiskLevel; 4] = [
        RiskLevel::Rendah,
        RiskLevel::MenengahRendah,
        RiskLevel::MenengahTinggi,
        RiskLevel::Tinggi,
    ];

    /// The Indonesian name used in regulations and in the KBLI data.
    pub fn name(self) -> &'static str {
        match self {
            RiskLevel::Rendah => "Rendah",
            RiskLevel::MenengahRendah => "Menengah Rendah",
            RiskLevel::MenengahTinggi => "Menengah Tinggi",
            RiskLevel::Tinggi => "Tinggi",
        }
    }

    /// Parses the data's spelling.
    pub fn from_name(s: &str) -> Option<RiskLevel> {
        RiskLevel::ALL
            .into_iter()
            .find(|x| x.name().eq_ignore_ascii_case(s.trim()))
    }
}

/// Where a fact comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// Short id records refer to.
    pub id: String,
    /// The regulation, publication or dataset, as a person would cite it.
    pub citation: String,
    /// `false` for secondary reports (law firms, news) and guesses: the UI marks these.
    pub confirmed: bool,
    /// The article the rule rests on (`Pasal 32`, `Pasal 19 ayat (3)`), where the source is
    /// one provision of a regulation read in its primary text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    /// The sentence of that article the rule rests on, as the regulation words it (parts left
    /// out marked `…`); a test finds it in the primary text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<std::sync::Arc<str>>,
}

fn no_text() -> std::sync::Arc<str> {
    std::sync::Arc::from("")
}

fn no_documents() -> std::sync::Arc<[String]> {
    std::sync::Arc::from(Vec::new())
}

/// Scale thresholds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScaleThreshold {
    /// The scale.
    pub scale: Scale,
    /// OSS scale code (01–04).
    pub oss_code: String,
    /// Inclusive upper bound of business capital excluding land and buildings; `None`: no bound.
    pub max_capital_idr: Option<i64>,
    /// Inclusive upper bound of annual sales; `None`: no bound.
    pub max_annual_sales_idr: Option<i64>,
    /// Source id.
    pub source: String,
}

/// A KBLI 2020 entry at any level (2, 3, 4 or 5 digits).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kbli2020 {
    /// The code, leading zeros kept.
    pub code: String,
    /// Indonesian title.
    pub title: String,
    /// Indonesian description.
    pub description: String,
    /// Source id.
    pub source: String,
}

/// The risk levels one scale maps to for one KBLI 2025 code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScaleRisk {
    /// The scale.
    pub scale: Scale,
    /// One level, or several where a parameter (land area, capacity, …) decides.
    pub levels: Vec<RiskLevel>,
}

/// A five-digit KBLI 2025 code with what the risk annex says of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kbli2025 {
    /// The code, leading zeros kept.
    pub code: String,
    /// Indonesian title.
    pub title: String,
    /// Indonesian description.
    pub description: String,
    /// Section letter (A–V).
    pub section: String,
    /// Equivalent KBLI 2020 codes (the crosswalk).
    pub kbli2020: Vec<String>,
    /// The change from 2020 (`Tetap`, `Gabung Kode`, …), `-` where the data has none.
    pub change: String,
    /// Risk by scale; empty where the data has none.
    pub risk: Vec<ScaleRisk>,
    /// Permit types the data lists (`NIB`, `Sertifikat Standar`, `Izin`, …).
    pub permit_types: Vec<String>,
    /// Issuing times the data lists (`7 Hari`).
    pub issuing_times: Vec<String>,
    /// Source id.
    pub source: String,
}

/// A KBLI 2025 division and its section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Division {
    /// Section letter.
    pub section: String,
    /// Section title.
    pub section_title: String,
    /// Two-digit division.
    pub division: String,
    /// Division title.
    pub division_title: String,
    /// Source id.
    pub source: String,
}

/// One entry of an OSS code list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OssCode {
    /// The list (`DATA STATUS PERMODALAN`, …).
    pub list: String,
    /// The code.
    pub code: String,
    /// The value.
    pub value: String,
    /// Explanation, may be empty.
    pub note: String,
    /// Source id.
    pub source: String,
}

/// A permit, licence or basic requirement we describe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Permit {
    /// Stable id (`nib`, `sertifikat_standar`, `kkpr`, …).
    pub id: String,
    /// Indonesian name.
    pub name: std::sync::Arc<str>,
    /// English name.
    pub name_en: std::sync::Arc<str>,
    /// Who issues it.
    pub issuer: std::sync::Arc<str>,
    /// The same in English (empty in bundles older than 2026.12.5).
    #[serde(default = "no_text")]
    pub issuer_en: std::sync::Arc<str>,
    /// Regulation and article.
    pub legal_basis: String,
    /// Service time where known, e.g. "25 hari kerja".
    pub service_time: Option<String>,
    /// Position among the basic requirements (1 KKPR, 2 environment, 3 building), if one.
    pub basic_order: Option<u8>,
    /// Documents, by variant (`default`, `individual`, `company`, `konfirmasi`, …).
    pub documents: Vec<DocumentList>,
    /// Whether a primary source confirms the rule.
    pub confirmed: bool,
    /// Source id.
    pub source: String,
}

/// The documents one variant of a permit needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentList {
    /// The variant.
    pub variant: String,
    /// The documents.
    pub documents: std::sync::Arc<[String]>,
    /// The same in English, one for one (empty in bundles older than 2026.12.5).
    #[serde(default = "no_documents")]
    pub documents_en: std::sync::Arc<[String]>,
}

/// A review stage's service-time limit (PP 28/2025 sets a limit for every stage; where no
/// source gives the number, the record says so through its source's `confirmed`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceLevel {
    /// The stage.
    pub stage: crate::service_time::Stage,
    /// The limit in working days.
    pub working_days: u32,
    /// Source id.
    pub source: String,
}

/// The catalog files as stored.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CatalogData {
    /// Catalog version.
    pub version: String,
    /// Sources.
    pub sources: Vec<Source>,
    /// Scale thresholds, smallest first.
    pub scales: Vec<ScaleThreshold>,
    /// KBLI 2020, all levels.
    pub kbli2020: Vec<Kbli2020>,
    /// KBLI 2025 five-digit codes.
    pub kbli2025: Vec<Kbli2025>,
    /// KBLI 2025 divisions.
    pub divisions2025: Vec<Division>,
    /// OSS code lists.
    pub oss_codes: Vec<OssCode>,
    /// Permits and requirements.
    pub permits: Vec<Permit>,
    /// Service-time limits of the review stages (absent in bundles older than 2026.12.0).
    #[serde(default)]
    pub service_levels: Vec<ServiceLevel>,
    /// Activities exempt from halal certification (absent in bundles older than 2026.12.1).
    #[serde(default)]
    pub non_halal: Vec<NonHalalActivity>,
    /// The source of KBLI 2025's risk, permit and issuing-time columns, where it is not the
    /// titles' own (`source` of each code): the PP 28/2025 annex as a third party copied it.
    /// Absent in bundles older than 2026.12.1, whose codes' source covered both.
    #[serde(default)]
    pub kbli2025_risk_source: Option<String>,
    /// Everyday words for activities (absent in bundles older than 2026.12.1).
    #[serde(default)]
    pub synonyms: Vec<Synonym>,
    /// Rule tables (absent in bundles older than 2026.12.2).
    #[serde(default)]
    pub rules: RuleTables,
    /// The days off the city publishes (absent in bundles older than 2026.12.4); a device adds
    /// its own.
    #[serde(default)]
    pub holidays: Vec<Holiday>,
    /// How people name businesses, for KBLI search (absent in bundles older than 2026.12.6).
    #[serde(default)]
    pub naming: Naming,
}

/// The catalog with its indexes, ready for the engine and search.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// The data.
    pub data: CatalogData,
    /// SHA-256 over the stored files (hex).
    pub content_hash: String,
    k2020: HashMap<String, usize>,
    k2025: HashMap<String, usize>,
    reverse: HashMap<String, Vec<usize>>,
    permits: HashMap<String, usize>,
    sources: HashMap<String, usize>,
    /// Each service-time row's words (Indonesian, English), worked out once.
    time_texts: Vec<[Option<std::sync::Arc<str>>; 2]>,
    /// Each source's legal basis as an item names it, where the source is one article.
    article_bases: Vec<Option<String>>,
}

impl Catalog {
    /// Indexes `data`.
    pub fn new(data: CatalogData, content_hash: String) -> Catalog {
        let k2020 = data
            .kbli2020
            .iter()
            .enumerate()
            .map(|(i, k)| (k.code.clone(), i))
            .collect();
        let k2025 = data
            .kbli2025
            .iter()
            .enumerate()
            .map(|(i, k)| (k.code.clone(), i))
            .collect();
        let mut reverse: HashMap<String, Vec<usize>> = HashMap::default();
        for (i, k) in data.kbli2025.iter().enumerate() {
            for old in &k.kbli2020 {
                reverse.entry(old.clone()).or_default().push(i);
            }
        }
        let permits = data
            .permits
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        let sources = data
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        let mut catalog = Catalog {
            data,
            content_hash,
            k2020,
            k2025,
            reverse,
            permits,
            sources,
            time_texts: Vec::new(),
            article_bases: Vec::new(),
        };
        catalog.article_bases = catalog
            .data
            .sources
            .iter()
            .map(|s| {
                let article = s.article.as_deref()?;
                let regulation = s.citation.split(" Pasal").next().unwrap_or(&s.citation);
                Some(format!("{regulation} {article}"))
            })
            .collect();
        let texts = catalog
            .data
            .rules
            .plan
            .iter()
            .flat_map(|p| &p.times)
            .map(|t| {
                [
                    t.describe_in(&catalog, crate::locale::Language::Id)
                        .map(std::sync::Arc::from),
                    t.describe_in(&catalog, crate::locale::Language::En)
                        .map(std::sync::Arc::from),
                ]
            })
            .collect();
        catalog.time_texts = texts;
        catalog
    }

    /// A permit's service time in words in `lang`, for its variant, from the one table of times
    /// (worked out when the catalog was loaded).
    pub fn service_time_text(
        &self,
        permit: &str,
        variant: Option<&str>,
        lang: crate::locale::Language,
    ) -> Option<&std::sync::Arc<str>> {
        let i = self.stage_time_index(permit, variant)?;
        let [id, en] = self.time_texts.get(i)?;
        match lang {
            crate::locale::Language::Id => id.as_ref(),
            crate::locale::Language::En => en.as_ref(),
        }
    }

    /// The catalog version.
    pub fn version(&self) -> &str {
        &self.data.version
    }

    /// `2026.11.0 (1a2b3c4d)`: shown in the UI and on every output.
    pub fn label(&self) -> String {
        let short = self.content_hash.get(..8).unwrap_or(&self.content_hash);
        format!("{} ({short})", self.data.version)
    }

    /// A KBLI 2020 entry (any level).
    pub fn kbli2020(&self, code: &str) -> Option<&Kbli2020> {
        self.k2020.get(code).map(|&i| &self.data.kbli2020[i])
    }

    /// A KBLI 2025 five-digit entry.
    pub fn kbli2025(&self, code: &str) -> Option<&Kbli2025> {
        self.k2025.get(code).map(|&i| &self.data.kbli2025[i])
    }

    /// The KBLI 2025 codes a 2020 code became.
    pub fn kbli2025_for_2020(&self, code: &str) -> Vec<&Kbli2025> {
        self.reverse
            .get(code)
            .map(|v| v.iter().map(|&i| &self.data.kbli2025[i]).collect())
            .unwrap_or_default()
    }

    /// A permit by id.
    pub fn permit(&self, id: &str) -> Option<&Permit> {
        self.permits.get(id).map(|&i| &self.data.permits[i])
    }

    /// A source by id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.get(id).map(|&i| &self.data.sources[i])
    }

    /// The service-time row of a permit in a variant: the row naming the variant, else the
    /// permit's row for every variant.
    pub fn stage_time(&self, permit: &str, variant: Option<&str>) -> Option<&StageTime> {
        let times = &self.data.rules.plan.as_ref()?.times;
        times.get(self.stage_time_index(permit, variant)?)
    }

    fn stage_time_index(&self, permit: &str, variant: Option<&str>) -> Option<usize> {
        let times = &self.data.rules.plan.as_ref()?.times;
        let named = times.iter().position(|t| {
            t.permit == permit && variant.is_some_and(|v| t.variants.iter().any(|x| x == v))
        });
        named.or_else(|| {
            times
                .iter()
                .position(|t| t.permit == permit && t.variants.is_empty())
        })
    }

    /// The legal basis an item resting on source `id` names (`PP 28/2025 Pasal 32`), where the
    /// source is one article.
    pub fn article_basis(&self, id: &str) -> Option<&str> {
        let i = *self.sources.get(id)?;
        self.article_bases.get(i)?.as_deref()
    }

    /// Whether source `id` exists and is confirmed.
    pub fn confirmed(&self, id: &str) -> bool {
        self.source(id).is_some_and(|s| s.confirmed)
    }

    /// The catalog's published days off that parse as dates.
    pub fn holiday_dates(&self) -> impl Iterator<Item = time::Date> + '_ {
        self.data
            .holidays
            .iter()
            .filter_map(|h| crate::wita::parse_date(&h.date))
    }

    /// Each review stage's limit, with whether its source is confirmed.
    pub fn review_limits(
        &self,
    ) -> std::collections::BTreeMap<crate::service_time::Stage, crate::service_time::Limit> {
        self.data
            .service_levels
            .iter()
            .map(|l| {
                (
                    l.stage,
                    crate::service_time::Limit {
                        working_days: l.working_days,
                        source: l.source.clone(),
                        confirmed: self.source(&l.source).is_some_and(|s| s.confirmed),
                    },
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::DecisionFormat;

    #[test]
    fn decision_numbers_are_checked_against_the_form() {
        let f = DecisionFormat {
            pattern: "NNN/N+/DPMPTSP/BULAN/TAHUN".into(),
            example: "503/0042/DPMPTSP/XII/2026".into(),
            source: "s".into(),
        };
        for ok in ["503/0042/DPMPTSP/XII/2026", " 503/7/dpmptsp/iv/2027 "] {
            assert!(f.matches(ok), "{ok}");
        }
        for bad in [
            "abc",
            "503/0042/DPMPTSP/2026",
            "50/0042/DPMPTSP/XII/2026",
            "503//DPMPTSP/XII/2026",
            "503/0042/DPMPTSP/XIII/2026",
            "503/0042/DISHUB/XII/2026",
            "503/0042/DPMPTSP/XII/26",
        ] {
            assert!(!f.matches(bad), "{bad}");
        }
    }
}
