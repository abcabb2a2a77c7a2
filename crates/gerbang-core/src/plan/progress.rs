//! The applicant's word on the stages, checked: a stage the case has, dates not after today and
//! in order, a preparation estimate within bounds.

use super::*;

/// Checks a whole [`PlanRecord`] for a case whose item keys are `keys`: each stage at most once,
/// each as [`check_progress`] asks; the problem's `field` names the entry (`progress[2].obtained_on`).
pub fn check_record(record: &PlanRecord, keys: &[String], today: Date) -> Result<(), Problem> {
    for (i, p) in record.progress.iter().enumerate() {
        let at = |problem: Problem| {
            let field = problem
                .params
                .get("field")
                .cloned()
                .unwrap_or_else(|| "key".to_owned());
            problem.with("field", format!("progress[{i}].{field}"))
        };
        if record.progress[..i].iter().any(|q| q.key == p.key) {
            return Err(at(Problem::new(
                "plan_stage_unknown",
                format!("stage {:?} is recorded twice", p.key),
            )
            .with("key", &p.key)
            .with("field", "key")));
        }
        check_progress(p, keys, today).map_err(at)?;
    }
    Ok(())
}

/// The most preparation a stage may be given, in working days (about four years).
pub const MAX_PREP_DAYS: u32 = 1000;

/// Checks what an applicant records of a stage of a case whose item keys are `keys`: the stage
/// is one of them, its dates are dates, not after `today`, issued no earlier than applied for,
/// and the date its state needs is there.
pub fn check_progress(p: &StageProgress, keys: &[String], today: Date) -> Result<(), Problem> {
    if !keys.contains(&p.key) {
        return Err(Problem::new(
            "plan_stage_unknown",
            format!("the case has no item {:?}", p.key),
        )
        .with("key", &p.key)
        .with("field", "key"));
    }
    let day = |field: &str, value: Option<&str>| -> Result<Option<Date>, Problem> {
        let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
            return Ok(None);
        };
        let d = parse_date(v).ok_or_else(|| {
            Problem::new(
                "plan_date_invalid",
                format!("{v:?} is not a date YYYY-MM-DD"),
            )
            .with("field", field)
            .with("value", v)
        })?;
        if d > today {
            return Err(
                Problem::new("plan_date_future", format!("{d} is after today ({today})"))
                    .with("field", field)
                    .with("value", d)
                    .with("today", today),
            );
        }
        Ok(Some(d))
    };
    let started = day("started_on", p.started_on.as_deref())?;
    let obtained = day("obtained_on", p.obtained_on.as_deref())?;
    let missing = |field: &str| {
        Problem::new(
            "plan_date_missing",
            format!("a date is needed for a stage {:?}", p.state),
        )
        .with("field", field)
    };
    match p.state {
        StageState::Started if started.is_none() => return Err(missing("started_on")),
        StageState::Obtained if obtained.is_none() => return Err(missing("obtained_on")),
        _ => {}
    }
    if let (Some(s), Some(o)) = (started, obtained)
        && o < s
    {
        return Err(Problem::new(
            "plan_date_order",
            format!("the day issued ({o}) is before the day applied for ({s})"),
        )
        .with("started", s)
        .with("obtained", o)
        .with("field", "obtained_on"));
    }
    if let Some(d) = p.prep_days
        && d > MAX_PREP_DAYS
    {
        return Err(Problem::new(
            "plan_prep_range",
            format!("at most {MAX_PREP_DAYS} working days, not {d}"),
        )
        .with("max", MAX_PREP_DAYS)
        .with("value", d)
        .with("field", "prep_days"));
    }
    if let Some(n) = &p.number
        && n.chars().count() > 100
    {
        return Err(Problem::new("plan_number_long", "at most 100 characters")
            .with("max", 100)
            .with("field", "number"));
    }
    Ok(())
}
