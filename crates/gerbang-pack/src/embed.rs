//! What comes from outside the pack: the applicant's PDFs (each page becomes a form XObject
//! drawn onto a pack page) and images (JPEG passed through as it is, PNG decoded and deflated).
//! Each attachment is prepared in a scratch document of its own before any page is laid out,
//! so a damaged, encrypted or oversized file is known, and listed as not included, before the
//! pack is drawn; nothing half-imported ever reaches the output.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};
use std::collections::HashMap;
use std::io::Write;

/// The largest file a pack takes in (bigger ones are listed, not included).
pub const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;
/// The most pages taken from one attached PDF.
pub const MAX_PDF_PAGES: usize = 2_000;
/// The largest PNG a pack decodes, in pixels (its decoded form is held in memory).
pub const MAX_PNG_PIXELS: u64 = 16_000_000;
/// The most bytes one page's content may inflate to (a decompression bomb stops here).
const MAX_PAGE_CONTENT: usize = 64 * 1024 * 1024;

/// Why an attachment is not in the pack, in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// English.
    pub en: String,
    /// Bahasa Indonesia.
    pub id: String,
}

fn refuse(en: impl Into<String>, id: impl Into<String>) -> Refusal {
    Refusal {
        en: en.into(),
        id: id.into(),
    }
}

/// An imported page: the form XObject in the scratch document, its box, and its rotation.
#[derive(Debug, Clone, Copy)]
pub struct ImportedPage {
    /// The form XObject.
    pub form: ObjectId,
    /// Its bounding box (the page's crop box).
    pub bbox: [f32; 4],
    /// The page's /Rotate, normalised to 0, 90, 180 or 270.
    pub rotate: i64,
}

/// An attachment ready to place.
#[derive(Debug)]
pub enum Prepared {
    /// A PDF: its pages as forms in `scratch`.
    Pdf {
        /// The scratch document holding the forms and everything they use.
        scratch: Document,
        /// The pages in order.
        pages: Vec<ImportedPage>,
    },
    /// An image: its XObject in `scratch`, with its size in pixels.
    Image {
        /// The scratch document holding the image (and its alpha mask).
        scratch: Document,
        /// The image XObject.
        image: ObjectId,
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
    /// Not placeable: listed with its hash and the reason.
    Excluded(Refusal),
}

impl Prepared {
    /// How many pack pages it takes.
    pub fn pages(&self) -> usize {
        match self {
            Prepared::Pdf { pages, .. } => pages.len(),
            Prepared::Image { .. } | Prepared::Excluded(_) => 1,
        }
    }
}

/// Prepares `bytes` of type `media_type`.
pub fn prepare(media_type: &str, bytes: &[u8]) -> Prepared {
    let result = match media_type {
        "application/pdf" => prepare_pdf(bytes),
        "image/jpeg" => prepare_jpeg(bytes),
        "image/png" => prepare_png(bytes),
        other => Err(refuse(
            format!("files of type {other} are listed with their hash, not included"),
            format!("berkas berjenis {other} dicantumkan dengan hash-nya, tidak disertakan"),
        )),
    };
    result.unwrap_or_else(Prepared::Excluded)
}

fn prepare_pdf(bytes: &[u8]) -> Result<Prepared, Refusal> {
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(MAX_PAGE_CONTENT),
        ..lopdf::LoadOptions::default()
    };
    let src = Document::load_mem_with_options(bytes, options).map_err(|e| {
        refuse(
            format!("the PDF cannot be read ({e}); it may be damaged"),
            format!("PDF tidak dapat dibaca ({e}); berkasnya mungkin rusak"),
        )
    })?;
    if src.trailer.has(b"Encrypt") || src.was_encrypted() {
        return Err(refuse(
            "the PDF is encrypted (password-protected): save it without protection and attach it again",
            "PDF terenkripsi (dilindungi kata sandi): simpan tanpa perlindungan lalu lampirkan lagi",
        ));
    }
    let ids: Vec<ObjectId> = src.page_iter().collect();
    if ids.is_empty() {
        return Err(refuse("the PDF has no pages", "PDF tidak memiliki halaman"));
    }
    if ids.len() > MAX_PDF_PAGES {
        return Err(refuse(
            format!(
                "the PDF has {} pages; a pack takes at most {MAX_PDF_PAGES} from one file",
                ids.len()
            ),
            format!(
                "PDF berisi {} halaman; paket menerima paling banyak {MAX_PDF_PAGES} dari satu berkas",
                ids.len()
            ),
        ));
    }
    let mut scratch = Document::with_version("1.7");
    let mut copied = HashMap::new();
    let mut pages = Vec::with_capacity(ids.len());
    for (n, id) in ids.iter().enumerate() {
        let page = import_page(&src, *id, &mut scratch, &mut copied).map_err(|why| {
            refuse(
                format!("page {} of the PDF cannot be read: {why}", n + 1),
                format!("halaman {} PDF tidak dapat dibaca: {why}", n + 1),
            )
        })?;
        pages.push(page);
    }
    Ok(Prepared::Pdf { scratch, pages })
}

/// A page attribute, inherited from the page tree when the page lacks it.
fn inherited<'a>(src: &'a Document, page: ObjectId, key: &[u8]) -> Option<&'a Object> {
    let mut node = src.get_dictionary(page).ok()?;
    for _ in 0..32 {
        if let Ok(value) = node.get(key) {
            return Some(value);
        }
        let parent = node.get(b"Parent").and_then(Object::as_reference).ok()?;
        node = src.get_dictionary(parent).ok()?;
    }
    None
}

fn number_array(src: &Document, value: &Object) -> Option<[f32; 4]> {
    let value = match value {
        Object::Reference(id) => src.get_object(*id).ok()?,
        v => v,
    };
    let items = value.as_array().ok()?;
    if items.len() != 4 {
        return None;
    }
    let mut out = [0.0; 4];
    for (slot, item) in out.iter_mut().zip(items) {
        *slot = item.as_float().ok()?;
    }
    // Normalise so that [x0 y0 x1 y1] has x0 < x1, y0 < y1.
    Some([
        out[0].min(out[2]),
        out[1].min(out[3]),
        out[0].max(out[2]),
        out[1].max(out[3]),
    ])
}

fn import_page(
    src: &Document,
    page: ObjectId,
    dst: &mut Document,
    copied: &mut HashMap<ObjectId, ObjectId>,
) -> Result<ImportedPage, String> {
    let media = inherited(src, page, b"MediaBox")
        .and_then(|v| number_array(src, v))
        .unwrap_or([0.0, 0.0, 612.0, 792.0]);
    let bbox = inherited(src, page, b"CropBox")
        .and_then(|v| number_array(src, v))
        .unwrap_or(media);
    if bbox[2] - bbox[0] < 1.0 || bbox[3] - bbox[1] < 1.0 {
        return Err("its page box is empty".to_owned());
    }
    let rotate = inherited(src, page, b"Rotate")
        .and_then(|v| v.as_i64().ok())
        .unwrap_or(0)
        .rem_euclid(360)
        / 90
        * 90;
    let resources = match inherited(src, page, b"Resources") {
        Some(r) => deep_copy(src, r, dst, copied, 0)?,
        None => Object::Dictionary(Dictionary::new()),
    };
    let content = src
        .get_page_content_with_limit(page, MAX_PAGE_CONTENT)
        .map_err(|e| e.to_string())?;
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Form".to_vec()));
    dict.set(
        "BBox",
        Object::Array(bbox.iter().map(|v| Object::Real(*v)).collect()),
    );
    dict.set("Resources", resources);
    let form = dst.add_object(Object::Stream(Stream::new(dict, content)));
    Ok(ImportedPage { form, bbox, rotate })
}

/// Copies `value` into `dst`, following references (each object copied once); page-tree links
/// (`Parent`, `P`) and annotations are not followed: a form needs none of them.
fn deep_copy(
    src: &Document,
    value: &Object,
    dst: &mut Document,
    copied: &mut HashMap<ObjectId, ObjectId>,
    depth: u32,
) -> Result<Object, String> {
    if depth > 256 {
        return Err("its resources nest too deeply".to_owned());
    }
    Ok(match value {
        Object::Reference(id) => {
            if let Some(new) = copied.get(id) {
                return Ok(Object::Reference(*new));
            }
            let new = dst.new_object_id();
            copied.insert(*id, new);
            let object = match src.get_object(*id) {
                Ok(o) => deep_copy(src, o, dst, copied, depth + 1)?,
                // A dangling reference is null in PDF.
                Err(_) => Object::Null,
            };
            dst.objects.insert(new, object);
            Object::Reference(new)
        }
        Object::Array(items) => Object::Array(
            items
                .iter()
                .map(|i| deep_copy(src, i, dst, copied, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        Object::Dictionary(d) => Object::Dictionary(copy_dict(src, d, dst, copied, depth)?),
        Object::Stream(s) => {
            let mut stream = Stream::new(
                copy_dict(src, &s.dict, dst, copied, depth)?,
                s.content.clone(),
            );
            // Keep the stream's bytes and filters exactly as they were.
            stream.allows_compression = false;
            Object::Stream(stream)
        }
        other => other.clone(),
    })
}

fn copy_dict(
    src: &Document,
    d: &Dictionary,
    dst: &mut Document,
    copied: &mut HashMap<ObjectId, ObjectId>,
    depth: u32,
) -> Result<Dictionary, String> {
    let mut out = Dictionary::new();
    for (k, v) in d.iter() {
        if matches!(
            k.as_slice(),
            b"Parent" | b"P" | b"Annots" | b"StructParents"
        ) {
            continue;
        }
        out.set(k.clone(), deep_copy(src, v, dst, copied, depth + 1)?);
    }
    Ok(out)
}

/// Width, height and colour components of a JPEG, from its frame header.
pub fn jpeg_info(bytes: &[u8]) -> Option<(u32, u32, u8, bool)> {
    let mut i = 2;
    let mut adobe = false;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            i += 1;
            continue;
        }
        let marker = bytes[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        if marker == 0xD8 || (0xD0..=0xD7).contains(&marker) || marker == 0x01 {
            i += 2;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        if len < 2 || i + 2 + len > bytes.len() {
            return None;
        }
        let segment = &bytes[i + 4..i + 2 + len];
        if marker == 0xEE && segment.starts_with(b"Adobe") {
            adobe = true;
        }
        let sof = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if sof {
            if segment.len() < 6 {
                return None;
            }
            let height = u32::from(u16::from_be_bytes([segment[1], segment[2]]));
            let width = u32::from(u16::from_be_bytes([segment[3], segment[4]]));
            let components = segment[5];
            return Some((width, height, components, adobe));
        }
        i += 2 + len;
    }
    None
}

fn prepare_jpeg(bytes: &[u8]) -> Result<Prepared, Refusal> {
    let (width, height, components, adobe) = jpeg_info(bytes).ok_or_else(|| {
        refuse(
            "the JPEG image cannot be read; it may be damaged",
            "gambar JPEG tidak dapat dibaca; berkasnya mungkin rusak",
        )
    })?;
    if width == 0 || height == 0 {
        return Err(refuse(
            "the JPEG image declares no size",
            "gambar JPEG tidak menyatakan ukurannya",
        ));
    }
    let space: &[u8] = match components {
        1 => b"DeviceGray",
        3 => b"DeviceRGB",
        4 => b"DeviceCMYK",
        n => {
            return Err(refuse(
                format!("the JPEG image has {n} colour components"),
                format!("gambar JPEG memiliki {n} komponen warna"),
            ));
        }
    };
    let mut dict = image_dict((width, height), space, b"DCTDecode");
    if components == 4 && adobe {
        // Adobe's CMYK JPEGs store inverted values.
        dict.set(
            "Decode",
            Object::Array(
                [1, 0, 1, 0, 1, 0, 1, 0]
                    .iter()
                    .map(|v| Object::Integer(*v))
                    .collect(),
            ),
        );
    }
    let mut scratch = Document::with_version("1.7");
    let image = scratch.add_object(Object::Stream(
        Stream::new(dict, bytes.to_vec()).with_compression(false),
    ));
    Ok(Prepared::Image {
        scratch,
        image,
        width,
        height,
    })
}

/// The dictionary of an 8-bit image XObject of `size` pixels in colour `space`, its data
/// encoded with `filter`.
fn image_dict((width, height): (u32, u32), space: &[u8], filter: &[u8]) -> Dictionary {
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"XObject".to_vec()));
    d.set("Subtype", Object::Name(b"Image".to_vec()));
    d.set("Width", i64::from(width));
    d.set("Height", i64::from(height));
    d.set("ColorSpace", Object::Name(space.to_vec()));
    d.set("BitsPerComponent", 8);
    d.set("Filter", Object::Name(filter.to_vec()));
    d
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(data);
    encoder.finish().unwrap_or_default()
}

fn prepare_png(bytes: &[u8]) -> Result<Prepared, Refusal> {
    let damaged = |e: png::DecodingError| {
        refuse(
            format!("the PNG image cannot be read ({e}); it may be damaged"),
            format!("gambar PNG tidak dapat dibaca ({e}); berkasnya mungkin rusak"),
        )
    };
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(damaged)?;
    let (width, height) = {
        let info = reader.info();
        (info.width, info.height)
    };
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_PNG_PIXELS {
        return Err(refuse(
            format!(
                "the image is {width} × {height} pixels ({} megapixels); a pack takes PNG images up to {} megapixels: make it smaller and attach it again",
                pixels / 1_000_000,
                MAX_PNG_PIXELS / 1_000_000
            ),
            format!(
                "gambar berukuran {width} × {height} piksel ({} megapiksel); paket menerima gambar PNG sampai {} megapiksel: perkecil lalu lampirkan lagi",
                pixels / 1_000_000,
                MAX_PNG_PIXELS / 1_000_000
            ),
        ));
    }
    let mut buf = vec![0u8; reader.output_buffer_size().unwrap_or(0)];
    let frame = reader.next_frame(&mut buf).map_err(damaged)?;
    buf.truncate(frame.buffer_size());
    let (channels, space): (usize, &[u8]) = match frame.color_type {
        png::ColorType::Grayscale => (1, b"DeviceGray"),
        png::ColorType::GrayscaleAlpha => (2, b"DeviceGray"),
        png::ColorType::Rgb => (3, b"DeviceRGB"),
        png::ColorType::Rgba => (4, b"DeviceRGB"),
        png::ColorType::Indexed => {
            return Err(refuse(
                "the PNG palette could not be expanded",
                "palet warna PNG tidak dapat diuraikan",
            ));
        }
    };
    let has_alpha = channels == 2 || channels == 4;
    let colour_channels = if has_alpha { channels - 1 } else { channels };
    let (colour, alpha) = if has_alpha {
        let mut colour = Vec::with_capacity(buf.len() / channels * colour_channels);
        let mut alpha = Vec::with_capacity(buf.len() / channels);
        for px in buf.chunks_exact(channels) {
            colour.extend_from_slice(&px[..colour_channels]);
            alpha.push(px[colour_channels]);
        }
        (colour, Some(alpha))
    } else {
        (std::mem::take(&mut buf), None)
    };
    let mut scratch = Document::with_version("1.7");
    let mut dict = image_dict((width, height), space, b"FlateDecode");
    if let Some(alpha) = alpha.filter(|a| a.iter().any(|v| *v != 255)) {
        let mask = scratch.add_object(Object::Stream(
            Stream::new(
                image_dict((width, height), b"DeviceGray", b"FlateDecode"),
                deflate(&alpha),
            )
            .with_compression(false),
        ));
        dict.set("SMask", Object::Reference(mask));
    }
    let image = scratch.add_object(Object::Stream(
        Stream::new(dict, deflate(&colour)).with_compression(false),
    ));
    Ok(Prepared::Image {
        scratch,
        image,
        width,
        height,
    })
}

/// Moves every object of `scratch` into `dst` (ids shifted past `dst`'s), returning the
/// shift to apply to ids recorded in `scratch`.
pub fn merge(dst: &mut Document, scratch: Document) -> u32 {
    let shift = dst.max_id;
    fn remap(o: &mut Object, shift: u32) {
        match o {
            Object::Reference(id) => id.0 += shift,
            Object::Array(items) => items.iter_mut().for_each(|i| remap(i, shift)),
            Object::Dictionary(d) => d.iter_mut().for_each(|(_, v)| remap(v, shift)),
            Object::Stream(s) => s.dict.iter_mut().for_each(|(_, v)| remap(v, shift)),
            _ => {}
        }
    }
    for ((n, g), mut object) in scratch.objects {
        remap(&mut object, shift);
        dst.objects.insert((n + shift, g), object);
    }
    dst.max_id += scratch.max_id;
    shift
}

/// The matrix that fits a box of `bbox` turned by `rotate` degrees (clockwise, as /Rotate
/// means) into `area` (x, y, w, h), centred, keeping its proportions.
pub fn fit(bbox: [f32; 4], rotate: i64, area: [f32; 4]) -> [f32; 6] {
    let (x0, y0) = (bbox[0], bbox[1]);
    let (w, h) = (bbox[2] - bbox[0], bbox[3] - bbox[1]);
    let (shown_w, shown_h) = if rotate % 180 == 0 { (w, h) } else { (h, w) };
    let s = (area[2] / shown_w).min(area[3] / shown_h);
    let ox = area[0] + (area[2] - s * shown_w) / 2.0;
    let oy = area[1] + (area[3] - s * shown_h) / 2.0;
    match rotate {
        90 => [0.0, -s, s, 0.0, ox - s * y0, oy + s * (w + x0)],
        180 => [-s, 0.0, 0.0, -s, ox + s * (w + x0), oy + s * (h + y0)],
        270 => [0.0, s, -s, 0.0, ox + s * (h + y0), oy - s * x0],
        _ => [s, 0.0, 0.0, s, ox - s * x0, oy - s * y0],
    }
}

/// Draws XObject `name` on page `page` with `matrix`, adding it to the page's resources.
pub fn place(
    doc: &mut Document,
    page: ObjectId,
    name: &str,
    xobject: ObjectId,
    matrix: [f32; 6],
) -> Result<(), lopdf::Error> {
    let m: Vec<String> = matrix.iter().map(|v| format!("{v:.4}")).collect();
    let content = format!("q {} cm /{name} Do Q\n", m.join(" ")).into_bytes();
    // The page's resources: inline or referenced; XObjects likewise.
    let resources_ref = doc
        .get_dictionary(page)?
        .get(b"Resources")
        .and_then(Object::as_reference)
        .ok();
    let resources: &mut Dictionary = match resources_ref {
        Some(id) => doc.get_dictionary_mut(id)?,
        None => {
            let page_dict = doc.get_dictionary_mut(page)?;
            if !page_dict.has(b"Resources") {
                page_dict.set("Resources", Dictionary::new());
            }
            page_dict.get_mut(b"Resources")?.as_dict_mut()?
        }
    };
    match resources.get_mut(b"XObject") {
        Ok(Object::Dictionary(x)) => x.set(name, Object::Reference(xobject)),
        _ => {
            let mut x = Dictionary::new();
            x.set(name, Object::Reference(xobject));
            resources.set("XObject", x);
        }
    }
    doc.add_page_contents(page, content)
}

/// A text string as PDF wants it for titles and names: UTF-16BE with its byte-order mark.
pub fn text_string(text: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitting_keeps_proportions_and_centres() {
        // A US-letter page into an A4 area.
        let m = fit([0.0, 0.0, 612.0, 792.0], 0, [50.0, 60.0, 495.0, 700.0]);
        let s = (495.0f32 / 612.0).min(700.0 / 792.0);
        assert!((m[0] - s).abs() < 1e-4 && (m[3] - s).abs() < 1e-4);
        assert!((m[4] - 50.0).abs() < 1e-3, "{m:?}");
        // A landscape page turned 90° clockwise: its left edge becomes the top, so its origin
        // lands at the top-left of the area and its far corner at the bottom-right.
        let m = fit([0.0, 0.0, 800.0, 400.0], 90, [0.0, 0.0, 400.0, 800.0]);
        let at = |x: f32, y: f32| (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]);
        let (x, y) = at(0.0, 0.0);
        assert!(
            (x - 0.0).abs() < 1e-3 && (y - 800.0).abs() < 1e-3,
            "{x} {y}"
        );
        let (x, y) = at(800.0, 400.0);
        assert!(
            (x - 400.0).abs() < 1e-3 && (y - 0.0).abs() < 1e-3,
            "{x} {y}"
        );
    }

    #[test]
    fn jpeg_frame_headers_are_read() {
        // SOI, an APP0 segment, then SOF0 for 640×480 with 3 components.
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00];
        jpeg.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01, 0xE0, 0x02, 0x80, 0x03]);
        jpeg.extend_from_slice(&[0; 9]);
        assert_eq!(jpeg_info(&jpeg), Some((640, 480, 3, false)));
        assert_eq!(jpeg_info(&[0xFF, 0xD8, 0xFF]), None);
    }

    #[test]
    fn damaged_and_unknown_files_are_refused_with_a_reason() {
        let Prepared::Excluded(why) = prepare("application/pdf", b"%PDF-1.4 this is not a pdf")
        else {
            panic!("a broken PDF was prepared");
        };
        assert!(why.en.contains("cannot be read"), "{why:?}");
        let Prepared::Excluded(why) = prepare("text/plain", b"hello") else {
            panic!("text was prepared");
        };
        assert!(why.id.contains("text/plain"), "{why:?}");
    }
}
