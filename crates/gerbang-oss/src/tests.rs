use super::*;
use serde_json::json;

/// A receiveNIB for a Balikpapan PT, shaped as the spec's example (values realistic, made up).
fn receive_nib() -> Value {
    json!({
        "dataNIB": {
            "nib": "9120001234567",
            "tgl_pengajuan_nib": "2026-11-02",
            "tgl_terbit_nib": "2026-11-03",
            "tgl_perubahan_nib": "",
            "oss_id": "P-202611021030001234567",
            "id_izin": "I-202611031200001234567",
            "kd_izin": "",
            "kd_daerah": "6471",
            "kewenangan": "02",
            "jenis_pelaku_usaha": "02",
            "total_pma": "0",
            "nilai_pmdn": "2500000000.00",
            "persen_pmdn": "100.00",
            "npwp_perseroan": "012345678901000",
            "nama_perseroan": "PT SAMUDRA KALTIM",
            "alamat_perseroan": "Jl. Jenderal Sudirman No. 12, Klandasan Ilir",
            "pemegang_saham": [
                {"nama_pemegang_saham": "ANI RAHMAWATI", "total_modal_pemegang": "1250000000"}
            ],
            "tipe_dokumen ": "9"
        }
    })
}

#[test]
fn the_spec_is_read_whole_from_its_source() {
    let p = pia();
    assert_eq!(p.source.repository, "oss-rba/oss-rba.github.io");
    assert!(
        p.source.commit.starts_with("90fac4f"),
        "{}",
        p.source.commit
    );
    for name in [
        "receiveNIB",
        "receiveFileDS",
        "receiveLicense",
        "receiveLicenseStatus",
        "checkLicenseStatus",
    ] {
        assert!(p.methods.contains_key(name), "{name}");
    }
    let nib = &p.methods["receiveNIB"];
    assert!(nib.fields.len() > 250, "{}", nib.fields.len());
    let field = |path: &str| nib.fields.iter().find(|f| f.path == path).unwrap();
    assert_eq!(field("dataNIB.nib").max, Some(13));
    assert_eq!(field("dataNIB.kd_daerah").max, Some(10));
    assert_eq!(field("dataNIB.total_pma").kind, "number");
    assert_eq!(field("dataNIB.total_pma").scale, Some(2));
    assert_eq!(field("dataNIB.pemegang_saham").kind, "object[]");
    // The spec's slip "string100()" is read as string(100).
    assert_eq!(field("dataNIB.no_akta_lama").max, Some(100));
    let status = &p.methods["receiveLicenseStatus"];
    assert!(
        status
            .fields
            .iter()
            .any(|f| f.path == "IZINSTATUS.kd_status")
    );
}

/// The slips in the spec's own examples: keys its field tables do not have. Listed so that a
/// new slip (or a fixed one) is noticed when the spec is extracted again.
/// They say that OSS may send fields its tables do not list: an unknown field is reported, and
/// the receiving route should log it rather than refuse the payload.
const EXAMPLE_SLIPS: &[(&str, &str)] = &[
    (
        "receiveNIB",
        "dataNIB.data_checklist[0].data_produk_halal.list_produk[0].id_pengajuan_sertifikat_halal_detail",
    ),
    (
        "receiveNIB",
        "dataNIB.data_proyek[0].data_proyek_produk[0].masa_berlaku_sni",
    ),
    (
        "receiveNIB",
        "dataNIB.data_proyek[0].data_proyek_produk[0].nomor_sni",
    ),
    ("receiveNIBKKPR", "dataNIB.data_checklist[0].jenis _izin"),
];

#[test]
fn the_specs_own_examples_hold_to_its_tables() {
    let mut slips: Vec<(String, String)> = Vec::new();
    for (name, m) in &pia().methods {
        if let Some(example) = &m.example {
            for p in m.check(example) {
                assert_eq!(p.problem, Problem::Unknown, "{name}: {p:?}");
                slips.push((name.clone(), p.at));
            }
        }
    }
    slips.sort();
    let expected: Vec<(String, String)> = EXAMPLE_SLIPS
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect();
    assert_eq!(slips, expected);
    assert_eq!(pia().methods["receiveNIB"].check(&receive_nib()), vec![]);
}

#[test]
fn what_departs_from_the_tables_is_named_where_it_is() {
    let m = &pia().methods["receiveNIB"];
    let mut body = receive_nib();
    body["dataNIB"]["nib"] = json!("91200012345678");
    body["dataNIB"]["tgl_terbit_nib"] = json!("2026-02-30");
    body["dataNIB"]["nilai_pmdn"] = json!("dua miliar");
    body["dataNIB"]["persen_pmdn"] = json!("100.123");
    body["dataNIB"]["pemegang_saham"][0]["nama_pemegang_saham"] = json!("A".repeat(501));
    body["dataNIB"]["pemegang_saham"][0]["hobi"] = json!("catur");
    body["dataNIB"]["legalitas"] = json!("akta");
    let problems = m.check(&body);
    let at = |path: &str| {
        problems
            .iter()
            .find(|p| p.at == path)
            .map(|p| p.problem.clone())
    };
    assert_eq!(
        at("dataNIB.nib"),
        Some(Problem::TooLong { max: 13, len: 14 })
    );
    assert_eq!(at("dataNIB.tgl_terbit_nib"), Some(Problem::NotDate));
    assert_eq!(at("dataNIB.nilai_pmdn"), Some(Problem::NotNumber));
    assert!(matches!(
        at("dataNIB.persen_pmdn"),
        Some(Problem::TooManyDigits { scale: 2, .. })
    ));
    assert!(matches!(
        at("dataNIB.pemegang_saham[0].nama_pemegang_saham"),
        Some(Problem::TooLong { len: 501, .. })
    ));
    assert_eq!(at("dataNIB.pemegang_saham[0].hobi"), Some(Problem::Unknown));
    assert_eq!(
        at("dataNIB.legalitas"),
        Some(Problem::WrongShape {
            expected: "object[]".into()
        })
    );
    assert_eq!(problems.len(), 7, "{problems:?}");
    assert_eq!(m.check(&json!([1, 2]))[0].problem, Problem::NotAnObject);
    // Each problem reads in PIA's language for the envelope.
    assert_eq!(
        problems
            .iter()
            .find(|p| p.at == "dataNIB.nib")
            .unwrap()
            .keterangan(),
        "dataNIB.nib: panjang 14, maksimal 13"
    );
}

#[test]
fn answers_come_in_pias_envelope() {
    assert_eq!(
        envelope("receiveNIB", true, "Berhasil menyimpan data"),
        json!({"responreceiveNIB": {"status": "1", "keterangan": "Berhasil menyimpan data"}})
    );
    let refused = envelope("receiveNIB", false, &"x".repeat(400));
    assert_eq!(refused["responreceiveNIB"]["status"], "2");
    assert_eq!(
        refused["responreceiveNIB"]["keterangan"]
            .as_str()
            .unwrap()
            .len(),
        255
    );
}

#[test]
fn dates_are_real_days() {
    assert!(is_date("2024-02-29"));
    assert!(!is_date("2026-02-29"));
    assert!(!is_date("2026-13-01"));
    assert!(!is_date("26-01-01"));
    assert!(!is_date("2026-1-011"));
}
