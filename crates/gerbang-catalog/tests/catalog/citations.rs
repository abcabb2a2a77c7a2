//! Every rule that rests on PP 28/2025 quotes the sentence it rests on, and the quote is found in
//! the primary text (../shared/data/regulations/PP_28_2025_salinan_ocr.txt), inside the article
//! it names: a citation nobody can find fails the build. The match forgives what OCR does to a
//! scan (line breaks and hyphenation, "(21" for "(2)", "2O2l" for "2021", "Pasal 1 1 1").

use crate::catalog;
use std::path::PathBuf;

/// The primary text of PP 28/2025, from the shared data beside the repository.
fn primary_text() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/regulations/PP_28_2025_salinan_ocr.txt");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "the primary text of PP 28/2025 is needed to check the catalog's quotes: {}: {e}",
            path.display()
        )
    })
}

/// One character class for what OCR confuses: letters and digits only, lower case, with
/// o/0, l/i/1, z/2 and s/5 made one.
fn fold(c: char) -> Option<char> {
    let c = c.to_lowercase().next()?;
    if !c.is_alphanumeric() {
        return None;
    }
    Some(match c {
        'o' => '0',
        'l' | 'i' | 'ı' => '1',
        'z' => '2',
        's' => '5',
        c => c,
    })
}

/// The text folded, with for each folded character its byte offset in the original.
fn folded(text: &str) -> (Vec<char>, Vec<usize>) {
    // "(21" and "(41" at the end of a token are OCR for "(2)" and "(4)".
    let mut chars = Vec::new();
    let mut at = Vec::new();
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < bytes.len() {
        let (pos, c) = bytes[i];
        if c == '('
            && i + 2 < bytes.len()
            && bytes[i + 1].1.is_ascii_digit()
            && matches!(bytes[i + 2].1, '1' | 'l')
            && bytes
                .get(i + 3)
                .is_none_or(|(_, n)| !n.is_alphanumeric() && *n != ')')
        {
            chars.push(bytes[i + 1].1);
            at.push(pos);
            i += 3;
            continue;
        }
        if let Some(f) = fold(c) {
            chars.push(f);
            at.push(pos);
        }
        i += 1;
    }
    (chars, at)
}

fn find(hay: &[char], needle: &[char], from: usize) -> Option<usize> {
    if needle.is_empty() || from > hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// The article numbers headed in the text, with their byte offsets (`Pasal 22O` is 220,
/// `Pasal 1 1 1` is 111, `Pasal22l` is 221).
fn headings(text: &str) -> Vec<(usize, u32)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let l = line.trim();
        if let Some(rest) = l.strip_prefix("Pasal") {
            let digits: String = rest
                .trim_end_matches(['.', ',', ' '])
                .chars()
                .filter(|c| !c.is_whitespace())
                .map(|c| match c {
                    'O' | 'o' => '0',
                    'l' | 'I' | 'i' => '1',
                    c => c,
                })
                .collect();
            if !digits.is_empty()
                && digits.len() <= 3
                && digits.chars().all(|c| c.is_ascii_digit())
                && let Ok(n) = digits.parse()
            {
                out.push((offset, n));
            }
        }
        offset += line.len();
    }
    out
}

/// The article number a citation names (`Pasal 19 ayat (3)` → 19).
fn article_number(article: &str) -> Option<u32> {
    article
        .strip_prefix("Pasal ")?
        .split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

/// Where `quote` is in the folded text (each part between `…` after the one before, within
/// 4,000 characters), as the byte offsets of its first part in the original.
fn locate_all(hay: &[char], at: &[usize], quote: &str) -> Vec<usize> {
    let parts: Vec<Vec<char>> = quote
        .split('…')
        .map(|p| p.chars().filter_map(fold).collect::<Vec<_>>())
        .filter(|p| !p.is_empty())
        .collect();
    let mut found = Vec::new();
    let Some(first) = parts.first() else {
        return found;
    };
    let mut from = 0;
    while let Some(start) = find(hay, first, from) {
        let mut end = start + first.len();
        let ok = parts[1..].iter().all(|p| match find(hay, p, end) {
            Some(q) if q - end < 4000 => {
                end = q + p.len();
                true
            }
            _ => false,
        });
        if ok {
            found.push(at[start]);
        }
        from = start + 1;
    }
    found
}

fn locate(hay: &[char], at: &[usize], quote: &str) -> Option<usize> {
    locate_all(hay, at, quote).first().copied()
}

#[test]
fn every_pp28_source_quotes_a_sentence_found_in_its_article() {
    let text = primary_text();
    let (hay, at) = folded(&text);
    let heads = headings(&text);
    let c = catalog();
    let mut checked = 0;
    let mut faults = Vec::new();
    for s in &c.data.sources {
        let on_pp28 = s.citation.starts_with("PP 28/2025");
        if !on_pp28 {
            assert!(
                s.quote.is_none() || s.article.is_some(),
                "{}: a quote names its article",
                s.id
            );
            continue;
        }
        let (Some(article), Some(quote)) = (&s.article, &s.quote) else {
            // A PP 28/2025 rule without its sentence is a secondary reading: never confirmed.
            if s.confirmed {
                faults.push(format!(
                    "{}: confirmed, but names no article and quotes no sentence",
                    s.id
                ));
            }
            continue;
        };
        let Some(number) = article_number(article) else {
            faults.push(format!("{}: {article:?} is not `Pasal N …`", s.id));
            continue;
        };
        assert!(
            quote.chars().filter(|c| c.is_alphanumeric()).count() >= 30,
            "{}: the quote is a sentence, not a word",
            s.id
        );
        let under = |pos: usize| {
            heads
                .iter()
                .take_while(|(o, _)| *o <= pos)
                .last()
                .map(|(_, n)| *n)
        };
        let found = locate_all(&hay, &at, quote);
        if found.is_empty() {
            faults.push(format!("{}: not found in the text: {quote:?}", s.id));
        } else if !found.iter().any(|&pos| under(pos) == Some(number)) {
            let seen: Vec<_> = found.iter().map(|&p| under(p)).collect();
            faults.push(format!(
                "{}: found, but under Pasal {seen:?}, not {article}",
                s.id
            ));
        }
        checked += 1;
    }
    assert!(faults.is_empty(), "{}", faults.join("\n"));
    assert!(checked >= 15, "only {checked} quotes checked");
}

#[test]
fn the_matcher_forgives_ocr_and_refuses_what_is_not_there() {
    let text = "Pasal 2O\n(21 Pemeriksaan sebagaimana dimaksud pada ayat (1)\ndilakukan paling lama 5 (lima) Hari sejak pembayaran\nPNBP terpenuhi.\nPasal 2 1\n(1) Penilaian dokumen usulan kegiatan peman-\nfaatan ruang 2O2l";
    let (hay, at) = folded(text);
    let heads = headings(text);
    assert_eq!(heads.iter().map(|h| h.1).collect::<Vec<_>>(), vec![20, 21]);
    let pos = locate(
        &hay,
        &at,
        "(2) Pemeriksaan sebagaimana dimaksud pada ayat (1) dilakukan paling lama 5 (lima) Hari",
    )
    .unwrap();
    assert!(pos > heads[0].0 && pos < heads[1].0);
    assert!(
        locate(
            &hay,
            &at,
            "Penilaian dokumen usulan kegiatan pemanfaatan ruang 2021"
        )
        .is_some()
    );
    assert!(locate(&hay, &at, "Pemeriksaan … paling lama 5 (lima) Hari").is_some());
    assert!(locate(&hay, &at, "dilakukan paling lama 7 (tujuh) Hari").is_none());
    assert!(locate(&hay, &at, "paling lama 5 (lima) Hari … Pasal 99").is_none());
    assert_eq!(article_number("Pasal 19 ayat (3)"), Some(19));
}
