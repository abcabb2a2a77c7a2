//! Applicant profiles: an individual or a company, entered once and reused by every case.
//! Identifiers are checked with the engine's rules; a rejection names the field.

use crate::{StoreError, now};
use serde::Serialize;

pub use gerbang_core::record::profile::{NewProfile, Person, Profile, ProfileKind};

/// Checks and normalises a profile; the error names the field.
pub fn validate(p: NewProfile) -> Result<NewProfile, StoreError> {
    gerbang_core::record::profile::validate(p).map_err(StoreError::from)
}

fn enum_text<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Writes a profile row (its JSON given) into `tx`: inserted, or updated in place (its kind and
/// creation time never change).
pub(crate) async fn save_profile(
    tx: &mut sqlx::SqliteConnection,
    profile: &Profile,
    json: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO profiles (id, kind, name, entity_type, capital_status, nik, npwp, nib, data, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, entity_type = excluded.entity_type,
             capital_status = excluded.capital_status, nik = excluded.nik, npwp = excluded.npwp,
             nib = excluded.nib, data = excluded.data, updated_at = excluded.updated_at",
    )
    .bind(&profile.id)
    .bind(enum_text(&profile.data.kind))
    .bind(&profile.data.name)
    .bind(enum_text(&profile.data.entity_type))
    .bind(enum_text(&profile.data.capital_status))
    .bind(&profile.data.nik)
    .bind(&profile.data.npwp)
    .bind(&profile.data.nib)
    .bind(json)
    .bind(&profile.created_at)
    .bind(&profile.updated_at)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

impl crate::Store {
    /// Creates a profile (validated), with its audit entry and outbox mutation, in one transaction.
    pub async fn create_profile(
        &self,
        actor: &str,
        new: NewProfile,
    ) -> Result<Profile, StoreError> {
        let data = validate(new)?;
        let at = now();
        let profile = Profile {
            id: uuid::Uuid::now_v7().to_string(),
            data,
            created_at: at.clone(),
            updated_at: at.clone(),
        };
        let json = serde_json::to_string(&profile)?;
        let mut tx = self.pool.begin().await?;
        save_profile(&mut tx, &profile, &json).await?;
        crate::audit::append(
            &mut tx,
            &at,
            &crate::audit::Entry {
                actor,
                action: "profile.create",
                record_kind: "profile",
                record_id: &profile.id,
                detail: json.clone(),
            },
        )
        .await?;
        crate::queue::append_record(&mut tx, &at, "profile.create", &profile.id).await?;
        tx.commit().await?;
        Ok(profile)
    }

    /// Changes a profile (validated) and carries the change into its cases, in one transaction:
    /// every case's title and search entry take the new name; cases not yet filed (draft, ready)
    /// take the new legal form and capital status and get their checklist derived again. Filed
    /// cases keep the facts they were filed with.
    pub async fn update_profile(
        &self,
        actor: &str,
        id: &str,
        new: NewProfile,
        derive: &gerbang_core::engine::Derive<'_>,
    ) -> Result<Profile, StoreError> {
        let before = self.profile(id).await?;
        let data = validate(new)?;
        if data.kind != before.data.kind {
            return Err(StoreError::Refused {
                field: "kind".to_owned(),
                problem: gerbang_core::problem::Problem::new(
                    "profile_kind_fixed",
                    "an individual cannot become a company (or the reverse); create a new client",
                ),
            });
        }
        let at = now();
        let profile = Profile {
            id: before.id.clone(),
            data,
            created_at: before.created_at.clone(),
            updated_at: at.clone(),
        };
        // Evaluate first: a case whose facts no longer evaluate stops the change before any write.
        let mut rederive = Vec::new();
        let mut rename = Vec::new();
        for case_id in self.profile_case_ids(id).await? {
            let case = self.case(&case_id).await?;
            let open = matches!(
                case.summary.status,
                gerbang_core::record::case::CaseStatus::Draft
                    | gerbang_core::record::case::CaseStatus::Ready
            );
            if open {
                let mut facts = case.facts.clone();
                facts.entity_type = profile.data.entity_type;
                facts.capital_status = profile.data.capital_status;
                let checklist = derive(&facts)?;
                rederive.push((case, facts, checklist));
            } else {
                rename.push(case);
            }
        }
        let json = serde_json::to_string(&profile)?;
        let mut tx = self.pool.begin().await?;
        save_profile(&mut tx, &profile, &json).await?;
        crate::audit::append(
            &mut tx,
            &at,
            &crate::audit::Entry {
                actor,
                action: "profile.update",
                record_kind: "profile",
                record_id: id,
                detail: json.clone(),
            },
        )
        .await?;
        crate::queue::append_record(&mut tx, &at, "profile.update", id).await?;
        for (case, facts, checklist) in &rederive {
            crate::cases::rederive_in(
                &mut tx,
                actor,
                &case.summary.id,
                &profile.data.name,
                facts,
                checklist,
                &case.notes,
                &at,
            )
            .await?;
        }
        for case in &rename {
            crate::cases::retitle_in(&mut tx, case, &profile.data.name).await?;
        }
        tx.commit().await?;
        Ok(profile)
    }

    async fn profile_case_ids(&self, id: &str) -> Result<Vec<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT id FROM cases WHERE profile_id = ? ORDER BY id")
                .bind(id)
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// One profile.
    pub async fn profile(&self, id: &str) -> Result<Profile, StoreError> {
        let (data,): (String,) = sqlx::query_as("SELECT data FROM profiles WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::not_found("profile", id))?;
        Ok(serde_json::from_str(&data)?)
    }

    /// Profiles whose name contains `search` (all when empty), by name.
    pub async fn profiles(&self, search: &str) -> Result<Vec<Profile>, StoreError> {
        let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT data FROM profiles WHERE name LIKE ? ESCAPE '\\' ORDER BY name, id",
        )
        .bind(format!(
            "%{}%",
            search
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|(data,)| Ok(serde_json::from_str(data)?))
            .collect()
    }
}
