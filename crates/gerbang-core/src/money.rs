//! Rupiah amounts as Indonesians write them: `Rp 1.500.000.000` (dot groups, no decimals).

/// Formats a whole-rupiah amount with dot thousands separators, e.g. `Rp 1.500.000.000`.
/// Negative amounts keep their sign before the currency: `-Rp 2.500`.
pub fn format_rupiah(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    if amount < 0 {
        format!("-Rp {grouped}")
    } else {
        format!("Rp {grouped}")
    }
}

#[cfg(test)]
mod tests {
    use super::format_rupiah;

    #[test]
    fn groups_thousands_with_dots() {
        assert_eq!(format_rupiah(0), "Rp 0");
        assert_eq!(format_rupiah(999), "Rp 999");
        assert_eq!(format_rupiah(1_000), "Rp 1.000");
        assert_eq!(format_rupiah(1_500_000_000), "Rp 1.500.000.000");
        assert_eq!(format_rupiah(10_000_000_001), "Rp 10.000.000.001");
    }

    #[test]
    fn handles_sign_and_extremes() {
        assert_eq!(format_rupiah(-2_500), "-Rp 2.500");
        assert_eq!(format_rupiah(i64::MIN), "-Rp 9.223.372.036.854.775.808");
    }
}
