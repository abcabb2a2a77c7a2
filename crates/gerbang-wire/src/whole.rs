//! Whole numbers as JSON writes them: `3`, and also `3.0`, which JSON Schema (and so the API
//! description) counts as the integer 3 and which some JSON writers emit. A fraction or a
//! number outside 64 bits is refused, naming what was sent.

use serde::de::{Deserializer, Error, Unexpected, Visitor};

struct Whole;

impl Visitor<'_> for Whole {
    type Value = i64;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a whole number")
    }

    fn visit_i64<E: Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }

    fn visit_u64<E: Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
    }

    fn visit_f64<E: Error>(self, v: f64) -> Result<i64, E> {
        // Every f64 with no fraction in [-2^63, 2^63) converts exactly.
        if v.fract() == 0.0 && (-(2f64.powi(63))..2f64.powi(63)).contains(&v) {
            Ok(v as i64)
        } else {
            Err(E::invalid_value(Unexpected::Float(v), &self))
        }
    }
}

struct Optional;

impl<'de> Visitor<'de> for Optional {
    type Value = Option<i64>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a whole number or null")
    }

    fn visit_none<E: Error>(self) -> Result<Option<i64>, E> {
        Ok(None)
    }

    fn visit_unit<E: Error>(self) -> Result<Option<i64>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<i64>, D::Error> {
        number(d).map(Some)
    }
}

/// `3` or `3.0` as 3.
pub fn number<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    d.deserialize_any(Whole)
}

/// `null`, `3` or `3.0`.
pub fn optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    d.deserialize_option(Optional)
}

#[cfg(test)]
mod tests {
    #[derive(Debug, serde::Deserialize)]
    struct T {
        #[serde(deserialize_with = "super::number")]
        n: i64,
        #[serde(default, deserialize_with = "super::optional")]
        o: Option<i64>,
    }

    fn parse(s: &str) -> Result<T, String> {
        serde_json::from_str::<T>(s).map_err(|e| e.to_string())
    }

    #[test]
    fn whole_numbers_in_either_spelling() {
        let t = parse(r#"{"n": 41817551073.0, "o": 2.0}"#).unwrap();
        assert_eq!((t.n, t.o), (41817551073, Some(2)));
        let t = parse(r#"{"n": -7}"#).unwrap();
        assert_eq!((t.n, t.o), (-7, None));
        assert_eq!(parse(r#"{"n": 1, "o": null}"#).unwrap().o, None);
    }

    #[test]
    fn fractions_and_huge_numbers_are_refused() {
        assert!(
            parse(r#"{"n": 1.5}"#)
                .unwrap_err()
                .contains("a whole number")
        );
        assert!(parse(r#"{"n": 1e30}"#).is_err());
        assert!(
            parse(r#"{"n": "1"}"#)
                .unwrap_err()
                .contains("a whole number")
        );
        assert!(parse(r#"{"n": 9223372036854775808}"#).is_err());
    }
}
