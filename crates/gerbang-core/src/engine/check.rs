//! The facts checked before any rule runs: values no business can have are refused, naming the
//! field (`activities[0].investment_idr`) and what is wrong.

use crate::engine::FactsError;
use crate::facts::Facts;
use crate::ids::validate_kbli_shape;
use crate::problem::Problem;

/// `activities[2].investment_idr` as parameters a message can word: the activity's number
/// (from 1) and the field's name.
fn at_activity(problem: Problem, i: usize, name: &str) -> Problem {
    problem.with("activity", i + 1).with("field", name)
}

/// Checks the facts for values no business can have.
pub fn check_facts(facts: &Facts) -> Result<(), FactsError> {
    if facts.activities.is_empty() {
        return Err(FactsError::new(
            "activities",
            Problem::new("facts_no_activity", "at least one activity is needed"),
        ));
    }
    let negative = |x: i64| Problem::new("facts_negative", format!("cannot be negative ({x})"));
    let non_negative = |field: &str, v: Option<i64>| match v {
        Some(x) if x < 0 => Err(FactsError::new(
            field,
            negative(x).with("field", field).with("value", x),
        )),
        _ => Ok(()),
    };
    non_negative("business_capital_idr", Some(facts.business_capital_idr))?;
    non_negative("annual_sales_idr", facts.annual_sales_idr)?;
    non_negative("paid_up_capital_idr", facts.paid_up_capital_idr)?;
    non_negative("land_and_buildings_idr", facts.land_and_buildings_idr)?;
    for (i, a) in facts.activities.iter().enumerate() {
        validate_kbli_shape(&a.kbli)
            .map_err(|e| FactsError::new(format!("activities[{i}].kbli"), e.problem()))?;
        // The field's path is written only for an error.
        for (name, v) in [
            ("investment_idr", a.investment_idr),
            ("land_and_buildings_idr", a.land_and_buildings_idr),
        ] {
            if let Some(x) = v.filter(|x| *x < 0) {
                return Err(FactsError::new(
                    format!("activities[{i}].{name}"),
                    at_activity(negative(x), i, name).with("value", x),
                ));
            }
        }
        if let Some(area) = a.land_area_m2
            && !(area.is_finite() && area >= 0.0)
        {
            return Err(FactsError::new(
                format!("activities[{i}].land_area_m2"),
                at_activity(
                    Problem::new(
                        "facts_not_area",
                        format!("must be a non-negative number ({area})"),
                    ),
                    i,
                    "land_area_m2",
                )
                .with("value", area),
            ));
        }
    }
    if let Some(b) = &facts.building
        && !(b.floor_area_m2.is_finite() && b.floor_area_m2 >= 0.0)
    {
        return Err(FactsError::new(
            "building.floor_area_m2",
            Problem::new(
                "facts_not_area",
                format!("must be a non-negative number ({})", b.floor_area_m2),
            )
            .with("field", "floor_area_m2")
            .with("value", b.floor_area_m2),
        ));
    }
    Ok(())
}
