//! The business's scale (micro, small, medium, large) from its capital or annual sales by the
//! catalog's thresholds (PP 7/2021); a PMA company is always large.

use super::{BoundOf, Eval, Said};
use crate::catalog::Scale;
use crate::facts::CapitalStatus;
use crate::money::format_rupiah;

impl Eval<'_> {
    pub(super) fn scale(&mut self) -> (Scale, Said) {
        let f = self.facts;
        if f.capital_status == CapitalStatus::Pma {
            return (
                Scale::Besar,
                said!(
                    "a PMA (foreign investment) company is always a large business (Besar)",
                    "perusahaan PMA (penanaman modal asing) selalu tergolong usaha besar (Besar)"
                ),
            );
        }
        let (amount, what, pick): (i64, Said, BoundOf) = match f.annual_sales_idr {
            Some(sales) => (
                sales,
                said!("annual sales", "hasil penjualan tahunan"),
                |t| t.max_annual_sales_idr,
            ),
            None => (
                f.business_capital_idr,
                said!(
                    "business capital excluding land and buildings",
                    "modal usaha di luar tanah dan bangunan"
                ),
                |t| t.max_capital_idr,
            ),
        };
        let scale = self
            .catalog
            .data
            .scales
            .iter()
            .find(|t| pick(t).is_none_or(|max| amount <= max))
            .map_or(Scale::Besar, |t| t.scale);
        let bound = self
            .catalog
            .data
            .scales
            .iter()
            .find(|t| t.scale == scale)
            .and_then(pick)
            .map_or_else(
                || {
                    said!(
                        "above every smaller scale's bound",
                        "melebihi batas semua skala yang lebih kecil"
                    )
                },
                |max| {
                    let max = format_rupiah(max);
                    said!(format!("at most {max}"), format!("tidak melebihi {max}"))
                },
            );
        let amount = format_rupiah(amount);
        (
            scale,
            said!(
                format!("{} of {amount} is {} (PP 7/2021 Art 35)", what.en, bound.en),
                format!(
                    "{} sebesar {amount} {} (PP 7/2021 Pasal 35)",
                    what.id, bound.id
                )
            ),
        )
    }
}
