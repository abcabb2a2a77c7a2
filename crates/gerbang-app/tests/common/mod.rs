//! What the application's tests start from: a company client and a small business's facts.

use gerbang_app::types::{NewProfile, ProfileKind};
use gerbang_core::facts::{Activity, CapitalStatus, EntityType, Facts, KbliEdition, SpatialPlan};

/// A CV (PMDN) client named `name`.
pub fn company(name: &str) -> NewProfile {
    NewProfile {
        kind: ProfileKind::Company,
        name: name.into(),
        entity_type: EntityType::Cv,
        capital_status: CapitalStatus::Pmdn,
        nik: None,
        npwp: Some("01.234.567.8-901.000".into()),
        nib: None,
        address: Some("Jl. Jenderal Sudirman 1, Balikpapan".into()),
        phone: None,
        email: None,
        directors: vec![],
        shareholders: vec![],
    }
}

/// A business of KBLI 2025 `kbli` in Balikpapan Kota, Rp 2 billion of capital, on an RDTR.
pub fn shop(kbli: &str) -> Facts {
    Facts {
        kbli_edition: KbliEdition::K2025,
        activities: vec![Activity {
            kbli: kbli.into(),
            investment_idr: Some(2_000_000_000),
            land_and_buildings_idr: None,
            location: Some("Balikpapan Kota".into()),
            city: None,
            kbli_2025: None,
            land_area_m2: None,
        }],
        entity_type: EntityType::Cv,
        capital_status: CapitalStatus::Pmdn,
        business_capital_idr: 2_000_000_000,
        annual_sales_idr: None,
        paid_up_capital_idr: None,
        land_and_buildings_idr: None,
        building: None,
        spatial_plan: Some(SpatialPlan::Rdtr),
        billboard: None,
        non_halal: None,
        sea_space: None,
        home_industry: None,
        shared_premises: None,
    }
}
