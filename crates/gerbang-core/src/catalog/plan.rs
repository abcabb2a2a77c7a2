//! The plan's tables in the catalog: the order of the stages, the work before one, and the service
//! times the regulation states (their parts, with sources), and the days off.

use super::*;

/// What the licensing plan is built from: which permit is applied for after which, and how
/// long each takes where a source says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRules {
    /// The order: each row names a permit and those it waits for.
    pub order: Vec<StageOrder>,
    /// Service times where a source gives them; a permit no row covers takes an unknown time.
    pub times: Vec<StageTime>,
    /// Permits whose issuing time is the KBLI 2025 annex's per activity (`issuing_times`),
    /// cited with `kbli2025_risk_source`.
    #[serde(default)]
    pub annex_times: Vec<String>,
}

/// A permit is applied for once those it waits for are obtained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageOrder {
    /// The permit id.
    pub permit: String,
    /// The permits (ids) it waits for, where the case needs them.
    pub after: Vec<String>,
    /// The applicant's own work between those and this application (building: construction
    /// between PBG and SLF): counted after the stages it waits for, from the applicant's
    /// estimate, and unknown until they give one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_after: Option<WorkBefore>,
    /// Source id.
    pub source: String,
}

/// The applicant's own work a stage waits for, named for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkBefore {
    /// Its name (Indonesian): `Konstruksi bangunan`.
    pub name: String,
    /// Its name (English).
    pub name_en: String,
}

/// How long a permit takes, in working days: the authority's steps and the applicant's own
/// periods (payments) the regulation sets, each from its article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageTime {
    /// The permit id.
    pub permit: String,
    /// The variants the row covers (`persetujuan`, …); empty: every variant.
    #[serde(default)]
    pub variants: Vec<String>,
    /// The fewest working days, where known (the sum of the parts' where it has parts).
    pub min: Option<u32>,
    /// The most working days (the service-level limit), where known (likewise).
    pub max: Option<u32>,
    /// The steps, in order, where the regulation sets each (`parts` sum to `min`/`max`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<TimePart>,
    /// Past `max` the application is deemed approved (fiktif positif).
    #[serde(default)]
    pub fiktif_positif: bool,
    /// Source id.
    pub source: String,
}

/// One step of a permit's time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimePart {
    /// What happens (Indonesian): `Pembayaran PNBP`.
    pub name: String,
    /// The same in English.
    pub name_en: String,
    /// Its fewest days, where the text allows fewer than its limit (a payment made the same day:
    /// 0); `None`: the limit is the time to plan with.
    #[serde(default)]
    pub min: Option<u32>,
    /// Its limit in days; `None` where the text leaves it to another rule (a region's period).
    pub max: Option<u32>,
    /// The days are calendar days, not working days (PKKPR's PNBP: 7 calendar days).
    #[serde(default)]
    pub calendar: bool,
    /// Source id (the article).
    pub source: String,
}

impl TimePart {
    /// Working days at most: `n` calendar days hold at most `ceil(5n/7)` working days.
    fn working(&self, days: u32) -> u32 {
        if self.calendar {
            (days * 5).div_ceil(7)
        } else {
            days
        }
    }

    /// The working days to plan with: the fewest, else the limit.
    pub fn min_working(&self) -> Option<u32> {
        self.min.or(self.max).map(|d| self.working(d))
    }

    /// The limit in working days.
    pub fn max_working(&self) -> Option<u32> {
        self.max.map(|d| self.working(d))
    }
}

impl StageTime {
    /// The service time in words in `lang`, with the articles it rests on.
    pub fn describe_in(&self, catalog: &Catalog, lang: crate::locale::Language) -> Option<String> {
        let id = lang == crate::locale::Language::Id;
        let (min, max) = self.days();
        let days = match (min, max) {
            (_, Some(0)) if id => "terbit seketika melalui Sistem OSS".to_owned(),
            (_, Some(0)) => "issued at once through the OSS system".to_owned(),
            (Some(lo), Some(hi)) if lo != hi && id => format!("{lo}–{hi} hari kerja"),
            (Some(lo), Some(hi)) if lo != hi => format!("{lo}–{hi} working days"),
            (_, Some(hi)) if id => format!("paling lama {hi} hari kerja"),
            (_, Some(hi)) => format!("at most {hi} working days"),
            (Some(lo), None) => {
                let open: Vec<&str> = self
                    .parts
                    .iter()
                    .filter(|p| p.max.is_none())
                    .map(|p| {
                        if id {
                            p.name.as_str()
                        } else {
                            p.name_en.as_str()
                        }
                    })
                    .collect();
                if id {
                    format!("{lo} hari kerja ditambah {}", open.join(", "))
                } else {
                    format!("{lo} working days, plus {}", open.join(", "))
                }
            }
            (None, None) => return None,
        };
        // The articles that set the days: the parts' where it has parts, else the row's.
        let sources: Vec<&str> = if self.parts.is_empty() {
            vec![self.source.as_str()]
        } else {
            self.parts.iter().map(|p| p.source.as_str()).collect()
        };
        let mut articles: Vec<&str> = sources
            .into_iter()
            .filter_map(|s| catalog.source(s)?.article.as_deref())
            .collect();
        articles.dedup();
        let articles: Vec<String> = articles
            .into_iter()
            .map(|a| {
                if id {
                    a.to_owned()
                } else {
                    crate::locale::article_en(a)
                }
            })
            .collect();
        Some(if articles.is_empty() {
            days
        } else {
            format!("{days} (PP 28/2025 {})", articles.join("; "))
        })
    }

    /// The fewest and the most working days: the parts' sums where the row has parts (a sum
    /// with an unknown part is unknown), else the row's own.
    pub fn days(&self) -> (Option<u32>, Option<u32>) {
        if self.parts.is_empty() {
            return (self.min, self.max);
        }
        let sum = |f: fn(&TimePart) -> Option<u32>| {
            self.parts
                .iter()
                .try_fold(0u32, |acc, p| f(p).map(|d| acc + d))
        };
        (sum(TimePart::min_working), sum(TimePart::max_working))
    }
}

/// A day off the city publishes in its catalog (public holiday or collective leave).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holiday {
    /// The day, `YYYY-MM-DD`.
    pub date: String,
    /// Its name (Indonesian).
    pub name: String,
    /// Source id.
    pub source: String,
}
