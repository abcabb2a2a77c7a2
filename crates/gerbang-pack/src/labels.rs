//! The pack's words in Bahasa Indonesia and English. Indonesian legal terms (NIB, KBLI, PBG,
//! the risk levels) stay as they are in English, with a translation beside them.

use gerbang_core::Language;
use gerbang_core::catalog::{RiskLevel, Scale};
use gerbang_core::engine::Severity;
use gerbang_core::facts::{CapitalStatus, EntityType};
use gerbang_core::record::CaseStatus;

/// Every fixed text of a pack in one language.
#[derive(Debug)]
pub struct Labels {
    pub pack_title: &'static str,
    pub office: &'static str,
    pub filing_number: &'static str,
    pub not_filed: &'static str,
    pub status: &'static str,
    pub applicant: &'static str,
    pub case: &'static str,
    pub activities: &'static str,
    pub more_activities: &'static str,
    pub scale: &'static str,
    pub risk: &'static str,
    pub risk_undetermined: &'static str,
    pub risk_one_of: &'static str,
    pub catalog: &'static str,
    pub as_of: &'static str,
    pub attachments_count: &'static str,
    pub attachments_excluded: &'static str,
    pub verify_heading: &'static str,
    pub verify_text: &'static str,
    pub pack_id: &'static str,
    pub contents: &'static str,
    pub cover: &'static str,
    pub profile: &'static str,
    pub checklist: &'static str,
    pub findings: &'static str,
    pub attachments: &'static str,
    pub manifest: &'static str,
    pub page_of: &'static str,
    pub name: &'static str,
    pub kind: &'static str,
    pub individual: &'static str,
    pub company: &'static str,
    pub entity_type: &'static str,
    pub capital_status: &'static str,
    pub address: &'static str,
    pub phone: &'static str,
    pub email: &'static str,
    pub directors: &'static str,
    pub shareholders: &'static str,
    pub role: &'static str,
    pub share: &'static str,
    pub business: &'static str,
    pub capital: &'static str,
    pub location: &'static str,
    pub investment: &'static str,
    pub building: &'static str,
    pub building_value: &'static str,
    pub col_no: &'static str,
    pub col_permit: &'static str,
    pub col_status: &'static str,
    pub col_document: &'static str,
    pub col_reason: &'static str,
    pub col_basis: &'static str,
    pub col_kbli: &'static str,
    pub col_title: &'static str,
    pub present: &'static str,
    pub missing: &'static str,
    pub no_document: &'static str,
    pub conditional: &'static str,
    pub unconfirmed: &'static str,
    pub included: &'static str,
    pub excluded: &'static str,
    pub excluded_heading: &'static str,
    pub manifest_intro: &'static str,
    pub size: &'static str,
    pub media_type: &'static str,
    pub sha256: &'static str,
    pub lkpm: &'static str,
    pub no_findings: &'static str,
    pub attachment: &'static str,
    pub page_short: &'static str,
    pub bytes: &'static str,
    pub none: &'static str,
}

const ID: Labels = Labels {
    pack_title: "Paket Dokumen Perizinan",
    office: "Untuk DPMPTSP Kota Balikpapan · disusun dengan Gerbang",
    filing_number: "Nomor pengajuan",
    not_filed: "Belum diajukan",
    status: "Status",
    applicant: "Pemohon",
    case: "Kasus",
    activities: "Kegiatan usaha",
    more_activities: "dan {n} kegiatan lain (lihat {section})",
    scale: "Skala usaha",
    risk: "Risiko",
    risk_undetermined: "Tidak ditentukan: konfirmasi ke DPMPTSP",
    risk_one_of: "Tidak ditentukan: salah satu dari",
    catalog: "Katalog aturan",
    as_of: "Keadaan per",
    attachments_count: "{files} berkas, {pages} halaman",
    attachments_excluded: "{files} berkas ({excluded} tidak disertakan), {pages} halaman",
    verify_heading: "Periksa keaslian paket ini",
    verify_text: "Pindai kode QR atau buka alamat ini di layanan Gerbang kota:",
    pack_id: "ID paket (SHA-256 manifes):",
    contents: "Daftar Isi",
    cover: "Sampul",
    profile: "Profil Pemohon",
    checklist: "Daftar Periksa Perizinan",
    findings: "Temuan",
    attachments: "Lampiran",
    manifest: "Manifes Lampiran",
    page_of: "Halaman {x} dari {y}",
    name: "Nama",
    kind: "Jenis pemohon",
    individual: "Perseorangan",
    company: "Badan usaha",
    entity_type: "Bentuk usaha",
    capital_status: "Status permodalan",
    address: "Alamat",
    phone: "Telepon",
    email: "Email",
    directors: "Direksi",
    shareholders: "Pemegang saham",
    role: "Jabatan",
    share: "Porsi saham",
    business: "Data usaha",
    capital: "Modal usaha (di luar tanah dan bangunan)",
    location: "Lokasi",
    investment: "Nilai investasi",
    building: "Bangunan",
    building_value: "{new}, {floors} lantai, {area} m²",
    col_no: "No",
    col_permit: "Perizinan",
    col_status: "Status",
    col_document: "Dokumen",
    col_reason: "Alasan",
    col_basis: "Dasar hukum",
    col_kbli: "KBLI",
    col_title: "Judul",
    present: "Ada",
    missing: "Belum ada",
    no_document: "tidak ada",
    conditional: "bersyarat",
    unconfirmed: "belum terkonfirmasi",
    included: "disertakan, {pages} halaman",
    excluded: "tidak disertakan",
    excluded_heading: "Dokumen ini tidak disertakan dalam paket",
    manifest_intro: "Setiap lampiran dengan nama aslinya, ukuran, jenis dan SHA-256-nya. Berkas aslinya juga tersemat di PDF ini, sehingga setiap hash dapat dihitung ulang dan dicocokkan (gerbang pack verify).",
    size: "Ukuran",
    media_type: "Jenis",
    sha256: "SHA-256",
    lkpm: "Laporan kegiatan penanaman modal (LKPM)",
    no_findings: "Tidak ada temuan.",
    attachment: "Lampiran",
    page_short: "hal.",
    bytes: "bita",
    none: "—",
};

const EN: Labels = Labels {
    pack_title: "Licensing Document Pack",
    office: "For DPMPTSP Kota Balikpapan · prepared with Gerbang",
    filing_number: "Filing number",
    not_filed: "Not filed yet",
    status: "Status",
    applicant: "Applicant",
    case: "Case",
    activities: "Business activities",
    more_activities: "and {n} more activities (see {section})",
    scale: "Business scale",
    risk: "Risk",
    risk_undetermined: "Not determined: confirm with DPMPTSP",
    risk_one_of: "Not determined: one of",
    catalog: "Rules catalog",
    as_of: "As of",
    attachments_count: "{files} files, {pages} pages",
    attachments_excluded: "{files} files ({excluded} not included), {pages} pages",
    verify_heading: "Check that this pack is genuine",
    verify_text: "Scan the QR code or open this address at the city's Gerbang service:",
    pack_id: "Pack id (manifest SHA-256):",
    contents: "Contents",
    cover: "Cover",
    profile: "Applicant profile",
    checklist: "Licensing checklist",
    findings: "Findings",
    attachments: "Attachments",
    manifest: "Attachment manifest",
    page_of: "Page {x} of {y}",
    name: "Name",
    kind: "Applicant type",
    individual: "Individual",
    company: "Company",
    entity_type: "Legal form",
    capital_status: "Capital status",
    address: "Address",
    phone: "Phone",
    email: "Email",
    directors: "Directors",
    shareholders: "Shareholders",
    role: "Role",
    share: "Share",
    business: "Business data",
    capital: "Business capital (excluding land and buildings)",
    location: "Location",
    investment: "Investment",
    building: "Building",
    building_value: "{new}, {floors} floors, {area} m²",
    col_no: "No",
    col_permit: "Permit",
    col_status: "Status",
    col_document: "Document",
    col_reason: "Reason",
    col_basis: "Legal basis",
    col_kbli: "KBLI",
    col_title: "Title",
    present: "Attached",
    missing: "Missing",
    no_document: "none",
    conditional: "conditional",
    unconfirmed: "unconfirmed",
    included: "included, {pages} pages",
    excluded: "not included",
    excluded_heading: "This document is not included in the pack",
    manifest_intro: "Every attachment with its original name, size, type and SHA-256. The original files are also embedded in this PDF, so every hash can be computed again and compared (gerbang pack verify).",
    size: "Size",
    media_type: "Type",
    sha256: "SHA-256",
    lkpm: "Investment activity reports (LKPM)",
    no_findings: "No findings.",
    attachment: "Attachment",
    page_short: "p.",
    bytes: "bytes",
    none: "—",
};

/// The labels of `language`.
pub fn of(language: Language) -> &'static Labels {
    match language {
        Language::Id => &ID,
        Language::En => &EN,
    }
}

/// The engine's text in `language`: the Indonesian where the checklist has it.
pub fn say<'a>(language: Language, en: &'a str, id: &'a str) -> &'a str {
    if language == Language::Id && !id.is_empty() {
        id
    } else {
        en
    }
}

/// A risk level's name.
pub fn risk(language: Language, r: RiskLevel) -> String {
    match language {
        Language::Id => r.name().to_owned(),
        Language::En => {
            let en = match r {
                RiskLevel::Rendah => "Low",
                RiskLevel::MenengahRendah => "Medium-low",
                RiskLevel::MenengahTinggi => "Medium-high",
                RiskLevel::Tinggi => "High",
            };
            format!("{en} ({})", r.name())
        }
    }
}

/// A scale's name.
pub fn scale(language: Language, s: Scale) -> String {
    match language {
        Language::Id => s.name().to_owned(),
        Language::En => format!("{} ({})", s.name_en(), s.name()),
    }
}

/// A case status's name.
pub fn status(language: Language, s: CaseStatus) -> &'static str {
    let id = language == Language::Id;
    match s {
        CaseStatus::Draft => {
            if id {
                "Draf"
            } else {
                "Draft"
            }
        }
        CaseStatus::Ready => {
            if id {
                "Siap diajukan"
            } else {
                "Ready to file"
            }
        }
        CaseStatus::Filed => {
            if id {
                "Diajukan"
            } else {
                "Filed"
            }
        }
        CaseStatus::UnderReview => {
            if id {
                "Dalam pemeriksaan"
            } else {
                "Under review"
            }
        }
        CaseStatus::NeedsAction => {
            if id {
                "Perlu tindakan pemohon"
            } else {
                "Needs applicant action"
            }
        }
        CaseStatus::Approved => {
            if id {
                "Disetujui"
            } else {
                "Approved"
            }
        }
        CaseStatus::Rejected => {
            if id {
                "Ditolak"
            } else {
                "Rejected"
            }
        }
    }
}

/// A finding severity's name.
pub fn severity(language: Language, s: Severity) -> &'static str {
    let id = language == Language::Id;
    match s {
        Severity::Error => {
            if id {
                "Galat"
            } else {
                "Error"
            }
        }
        Severity::Warning => {
            if id {
                "Perhatian"
            } else {
                "Warning"
            }
        }
        Severity::Info => "Info",
    }
}

/// A legal form's name.
pub fn entity_type(e: EntityType) -> &'static str {
    match e {
        EntityType::Perorangan => "Perorangan",
        EntityType::Pt => "PT",
        EntityType::PtPerorangan => "PT Perorangan",
        EntityType::Cv => "CV",
        EntityType::Firma => "Firma",
        EntityType::Koperasi => "Koperasi",
        EntityType::Yayasan => "Yayasan",
    }
}

/// PMA or PMDN, explained.
pub fn capital_status(language: Language, c: CapitalStatus) -> &'static str {
    match (language, c) {
        (Language::Id, CapitalStatus::Pma) => "PMA (penanaman modal asing)",
        (Language::Id, CapitalStatus::Pmdn) => "PMDN (penanaman modal dalam negeri)",
        (Language::En, CapitalStatus::Pma) => "PMA (foreign investment)",
        (Language::En, CapitalStatus::Pmdn) => "PMDN (domestic investment)",
    }
}

/// A size as people read it: `1,2 MB (1.234.567 bita)`.
pub fn size(language: Language, bytes: i64) -> String {
    let l = of(language);
    let grouped = gerbang_core::format_rupiah(bytes)
        .trim_start_matches("Rp ")
        .to_owned();
    let grouped = if language == Language::En {
        grouped.replace('.', ",")
    } else {
        grouped
    };
    let (value, unit) = if bytes >= 1024 * 1024 {
        (bytes as f64 / (1024.0 * 1024.0), "MB")
    } else {
        (bytes as f64 / 1024.0, "KB")
    };
    let mut short = format!("{value:.1} {unit}");
    if language == Language::Id {
        short = short.replace('.', ",");
    }
    format!("{short} ({grouped} {})", l.bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_each_language_writes_them() {
        assert_eq!(size(Language::Id, 1_234_567), "1,2 MB (1.234.567 bita)");
        assert_eq!(size(Language::En, 1_234_567), "1.2 MB (1,234,567 bytes)");
        assert_eq!(size(Language::Id, 2048), "2,0 KB (2.048 bita)");
    }

    #[test]
    fn engine_texts_fall_back_to_english() {
        assert_eq!(say(Language::Id, "because", "karena"), "karena");
        assert_eq!(say(Language::Id, "because", ""), "because");
        assert_eq!(say(Language::En, "because", "karena"), "because");
    }
}
