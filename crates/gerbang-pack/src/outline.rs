//! The finished file: the outline (an entry per section and per document), the embedded
//! originals and manifest, the document information and the content-derived file identifier.

use crate::{Attachment, Entry, MANIFEST_FILE, PackError, Request, embed, labels, verify};
use gerbang_core::pack::Manifest;
use lopdf::{Dictionary, Object, ObjectId, Stream};
use sha2::{Digest, Sha256};

/// The outline, the embedded files, the document information and the file identifier.
#[allow(clippy::too_many_arguments)]
pub(super) fn finish(
    pdf: &mut lopdf::Document,
    req: &Request<'_>,
    manifest: &Manifest,
    pack_id: &str,
    title: &str,
    entries: &[Entry],
    page_ids: &[ObjectId],
    attachments: &mut [Attachment],
) -> Result<(), PackError> {
    let l = labels::of(req.language);
    let dest = |page: usize| {
        Object::Array(vec![
            Object::Reference(page_ids[page.saturating_sub(1).min(page_ids.len() - 1)]),
            Object::Name(b"XYZ".to_vec()),
            Object::Null,
            Object::Null,
            Object::Null,
        ])
    };
    // Outline: cover, contents, then each section; documents under "Attachments".
    let root = pdf.new_object_id();
    let mut top = vec![
        Entry {
            title: l.cover.to_owned(),
            page: 1,
            children: Vec::new(),
        },
        Entry {
            title: l.contents.to_owned(),
            page: 2,
            children: Vec::new(),
        },
    ];
    top.extend(entries.iter().map(|e| Entry {
        title: e.title.clone(),
        page: e.page,
        children: e.children.clone(),
    }));
    let ids: Vec<ObjectId> = top.iter().map(|_| pdf.new_object_id()).collect();
    let mut count = top.len() as i64;
    for (i, entry) in top.iter().enumerate() {
        let mut d = Dictionary::new();
        d.set("Title", embed::text_string(&entry.title));
        d.set("Parent", Object::Reference(root));
        d.set("Dest", dest(entry.page));
        if i > 0 {
            d.set("Prev", Object::Reference(ids[i - 1]));
        }
        if i + 1 < ids.len() {
            d.set("Next", Object::Reference(ids[i + 1]));
        }
        let children = &entry.children;
        if !children.is_empty() {
            let kids: Vec<ObjectId> = children.iter().map(|_| pdf.new_object_id()).collect();
            for (k, (child, page)) in children.iter().enumerate() {
                let mut c = Dictionary::new();
                c.set("Title", embed::text_string(child));
                c.set("Parent", Object::Reference(ids[i]));
                c.set("Dest", dest(*page));
                if k > 0 {
                    c.set("Prev", Object::Reference(kids[k - 1]));
                }
                if k + 1 < kids.len() {
                    c.set("Next", Object::Reference(kids[k + 1]));
                }
                pdf.objects.insert(kids[k], Object::Dictionary(c));
            }
            d.set("First", Object::Reference(kids[0]));
            d.set("Last", Object::Reference(kids[kids.len() - 1]));
            d.set("Count", kids.len() as i64);
            count += kids.len() as i64;
        }
        pdf.objects.insert(ids[i], Object::Dictionary(d));
    }
    let mut outlines = Dictionary::new();
    outlines.set("Type", Object::Name(b"Outlines".to_vec()));
    outlines.set("First", Object::Reference(ids[0]));
    outlines.set("Last", Object::Reference(ids[ids.len() - 1]));
    outlines.set("Count", count);
    pdf.objects.insert(root, Object::Dictionary(outlines));

    // Embedded files: the manifest, then every original that could be read.
    let mut files: Vec<(String, String, Vec<u8>, String)> = vec![(
        MANIFEST_FILE.to_owned(),
        "application/json".to_owned(),
        manifest.to_json().into_bytes(),
        "Gerbang pack manifest".to_owned(),
    )];
    for (i, a) in attachments.iter_mut().enumerate() {
        // The originals move into the document: no second copy is held.
        if let Some(bytes) = a.bytes.take() {
            files.push((
                verify::embedded_name(i, &a.entry.name),
                a.entry.media_type.clone(),
                bytes,
                format!("{} — {}", a.item_name, a.entry.name),
            ));
        }
    }
    let mut names = Vec::new();
    let mut specs = Vec::new();
    for (name, mime, bytes, description) in files {
        let mut params = Dictionary::new();
        params.set("Size", bytes.len() as i64);
        let mut sd = Dictionary::new();
        sd.set("Type", Object::Name(b"EmbeddedFile".to_vec()));
        sd.set(
            "Subtype",
            Object::Name(mime.replace('/', "#2F").into_bytes()),
        );
        sd.set("Params", params);
        // Already-compressed contents (PDF, JPEG, PNG) stay as they are; JSON is deflated.
        let compressible = mime == "application/json";
        let file = pdf.add_object(Object::Stream(
            Stream::new(sd, bytes).with_compression(compressible),
        ));
        let mut ef = Dictionary::new();
        ef.set("F", Object::Reference(file));
        ef.set("UF", Object::Reference(file));
        let mut spec = Dictionary::new();
        spec.set("Type", Object::Name(b"Filespec".to_vec()));
        spec.set("F", Object::string_literal(ascii_name(&name)));
        spec.set("UF", embed::text_string(&name));
        spec.set("Desc", embed::text_string(&description));
        spec.set("EF", ef);
        spec.set("AFRelationship", Object::Name(b"Source".to_vec()));
        let spec_id = pdf.add_object(Object::Dictionary(spec));
        specs.push(Object::Reference(spec_id));
        names.push((name, spec_id));
    }
    // A name tree's keys must be in order.
    names.sort_by(|a, b| a.0.cmp(&b.0));
    let mut tree = Vec::new();
    for (name, id) in names {
        tree.push(Object::string_literal(ascii_name(&name)));
        tree.push(Object::Reference(id));
    }
    let mut embedded = Dictionary::new();
    embedded.set("Names", Object::Array(tree));
    let mut names_dict = Dictionary::new();
    names_dict.set("EmbeddedFiles", embedded);

    let at = time::OffsetDateTime::parse(
        &req.case.summary.updated_at,
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
    .to_offset(gerbang_core::WITA);
    let pdf_date = format!(
        "D:{:04}{:02}{:02}{:02}{:02}{:02}+08'00'",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    );
    let mut info = Dictionary::new();
    info.set("Title", embed::text_string(title));
    info.set("Author", embed::text_string(&req.profile.data.name));
    info.set("Subject", embed::text_string(&req.case.summary.title));
    info.set(
        "Keywords",
        Object::string_literal(format!("gerbang-pack {pack_id}")),
    );
    info.set(
        "Creator",
        Object::string_literal(format!("Gerbang {}", gerbang_core::VERSION)),
    );
    info.set(
        "Producer",
        Object::string_literal("Gerbang (printpdf, lopdf)"),
    );
    info.set("CreationDate", Object::string_literal(pdf_date.clone()));
    info.set("ModDate", Object::string_literal(pdf_date));
    info.set("GerbangPackId", Object::string_literal(pack_id));
    let info_id = pdf.add_object(Object::Dictionary(info));

    let catalog_id = pdf.trailer.get(b"Root").and_then(Object::as_reference)?;
    let catalog = pdf.get_dictionary_mut(catalog_id)?;
    catalog.set("Outlines", Object::Reference(root));
    catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    catalog.set("Names", names_dict);
    catalog.set("AF", Object::Array(specs));
    catalog.set("Lang", Object::string_literal(req.language.tag()));
    pdf.trailer.set("Info", Object::Reference(info_id));
    // The file identifier is derived from the content, so the same pack has the same bytes.
    let id = Sha256::digest(format!("{pack_id}:{}:{}", req.language.tag(), req.server).as_bytes());
    let id = Object::String(id[..16].to_vec(), lopdf::StringFormat::Hexadecimal);
    pdf.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    Ok(())
}

/// A file name in plain ASCII for the `/F` key (readers show `/UF`, the full Unicode name).
pub(super) fn ascii_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect()
}
