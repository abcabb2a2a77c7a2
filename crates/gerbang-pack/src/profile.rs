//! The applicant's profile: identity, address, the people behind the business, and every
//! activity with its KBLI, as the case states them.

use crate::font::Usage;
use crate::page::{Canvas, Cell, Column, Flow};
use crate::{fill, labels};
use gerbang_core::Language;
use gerbang_core::record::Case;
use gerbang_core::record::profile::{Profile, ProfileKind};

pub(super) fn profile_section(
    usage: &mut Usage,
    lang: Language,
    profile: &Profile,
    case: &Case,
) -> Vec<Canvas> {
    let l = labels::of(lang);
    let p = &profile.data;
    let mut f = Flow::new(usage);
    f.heading(l.profile);
    let opt = |v: &Option<String>| {
        v.clone()
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| l.none.to_owned())
    };
    let kind = match p.kind {
        ProfileKind::Individual => l.individual,
        ProfileKind::Company => l.company,
    };
    f.fields(&[
        (l.name.to_owned(), p.name.clone()),
        (l.kind.to_owned(), kind.to_owned()),
        (
            l.entity_type.to_owned(),
            labels::entity_type(p.entity_type).to_owned(),
        ),
        (
            l.capital_status.to_owned(),
            labels::capital_status(lang, p.capital_status).to_owned(),
        ),
        ("NIK".to_owned(), opt(&p.nik)),
        ("NPWP".to_owned(), opt(&p.npwp)),
        ("NIB".to_owned(), opt(&p.nib)),
        (l.address.to_owned(), opt(&p.address)),
        (l.phone.to_owned(), opt(&p.phone)),
        (l.email.to_owned(), opt(&p.email)),
    ]);
    for (title, people, with_share) in [
        (l.directors, &p.directors, false),
        (l.shareholders, &p.shareholders, true),
    ] {
        if people.is_empty() {
            continue;
        }
        f.subheading(title);
        let columns = [
            Column {
                title: l.col_no.to_owned(),
                share: 0.4,
            },
            Column {
                title: l.name.to_owned(),
                share: 3.0,
            },
            Column {
                title: if with_share { l.share } else { l.role }.to_owned(),
                share: 2.0,
            },
        ];
        let rows: Vec<Vec<Cell>> = people
            .iter()
            .enumerate()
            .map(|(i, person)| {
                let third = if with_share {
                    person
                        .share_percent
                        .map_or_else(|| l.none.to_owned(), |s| format!("{s} %"))
                } else {
                    person.role.clone().unwrap_or_else(|| l.none.to_owned())
                };
                vec![
                    Cell::from((i + 1).to_string()),
                    Cell::from(person.name.clone()),
                    Cell::from(third),
                ]
            })
            .collect();
        f.table(&columns, &rows, 9.0);
    }

    f.subheading(l.business);
    let facts = &case.facts;
    let mut rows = vec![(
        l.capital.to_owned(),
        gerbang_core::format_rupiah(facts.business_capital_idr),
    )];
    if let Some(b) = &facts.building {
        rows.push((
            l.building.to_owned(),
            fill(
                l.building_value,
                &[
                    (
                        "new",
                        if b.new {
                            if lang == Language::Id { "baru" } else { "new" }
                        } else if lang == Language::Id {
                            "sudah ada"
                        } else {
                            "existing"
                        }
                        .to_owned(),
                    ),
                    ("floors", b.floors.to_string()),
                    ("area", b.floor_area_m2.to_string()),
                ],
            ),
        ));
    }
    f.fields(&rows);
    let columns = [
        Column {
            title: l.col_kbli.to_owned(),
            share: 0.8,
        },
        Column {
            title: l.col_title.to_owned(),
            share: 3.0,
        },
        Column {
            title: l.location.to_owned(),
            share: 1.6,
        },
        Column {
            title: l.investment.to_owned(),
            share: 1.6,
        },
    ];
    let rows: Vec<Vec<Cell>> = facts
        .activities
        .iter()
        .zip(&case.checklist.activities)
        .map(|(input, result)| {
            vec![
                Cell {
                    text: result.kbli.clone().unwrap_or_else(|| input.kbli.clone()),
                    bold: true,
                    alert: false,
                },
                Cell::from(result.title.clone()),
                // The place within its city, and the city (Art 26 counts some PMA minimums
                // per city).
                Cell::from(format!(
                    "{}, {}",
                    input.location.as_deref().unwrap_or(l.none),
                    input.city()
                )),
                Cell::from(
                    input
                        .investment_idr
                        .map_or_else(|| l.none.to_owned(), gerbang_core::format_rupiah),
                ),
            ]
        })
        .collect();
    f.table(&columns, &rows, 9.0);
    f.pages
}
