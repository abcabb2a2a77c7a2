//! Words: normalising, splitting, roots (the Nazief–Adriani stemmer) and bounded edit distance.

use rustc_hash::FxHashMap as HashMap;

/// Lowercases and strips accents (é → e), so "kafe" finds "kafé" and "Kafe".
pub fn normalise(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            other => other,
        })
        .collect()
}

/// The normalised words of `text` (two characters or more).
pub fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| t.chars().count() >= 2)
        .map(normalise)
}

/// Whether a (normalised) sentence of a KBLI description sends the reader elsewhere
/// ("tidak mencakup …, lihat kelompok 01133"): it names other activities, not this code's.
pub fn points_elsewhere(sentence: &str) -> bool {
    [
        "tidak mencakup",
        "tidak termasuk",
        "dikecualikan",
        "lihat kelompok",
        "lihat subgolongan",
    ]
    .iter()
    .any(|p| sentence.contains(p))
}

/// The sentences of a description.
pub fn sentences(description: &str) -> impl Iterator<Item = &str> {
    description
        .split_inclusive(['.', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Roots of Indonesian words: "pengolahan" → "olah", "penyewaan" → "sewa", by the Sastrawi
/// implementation of the Nazief–Adriani / Enhanced Confix Stripping algorithm and its dictionary
/// of root words, with the catalog's corrections where its affix rules choose wrongly.
pub struct Roots {
    stemmer: sastrawi::Stemmer<'static>,
    fixes: HashMap<String, String>,
}

impl std::fmt::Debug for Roots {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Roots")
            .field("fixes", &self.fixes.len())
            .finish()
    }
}

/// Sastrawi's dictionary of root words, loaded once.
fn dictionary() -> &'static sastrawi::Dictionary {
    static DICTIONARY: std::sync::OnceLock<sastrawi::Dictionary> = std::sync::OnceLock::new();
    DICTIONARY.get_or_init(sastrawi::Dictionary::new)
}

impl Roots {
    /// The stemmer with `fixes` (word → root).
    pub fn new(fixes: impl IntoIterator<Item = (String, String)>) -> Roots {
        Roots {
            stemmer: sastrawi::Stemmer::new(dictionary()),
            fixes: fixes.into_iter().collect(),
        }
    }

    /// The root of the normalised word `word`; words with digits and words of three letters or
    /// fewer are their own root.
    pub fn root(&self, word: &str) -> String {
        if let Some(r) = self.fixes.get(word) {
            return r.clone();
        }
        if word.chars().count() <= 3 || !word.chars().all(char::is_alphabetic) {
            return word.to_owned();
        }
        let root = self.stemmer.stem_word(word).into_owned();
        if root.chars().count() < 2 {
            word.to_owned()
        } else {
            root
        }
    }
}

/// Edit distance counting a swap of two neighbouring letters as one edit ("rumha" is one typo
/// from "rumah"; optimal string alignment), giving up (returning `max + 1`) once it exceeds
/// `max`.
pub fn within<T: PartialEq>(a: &[T], b: &[T], max: usize) -> usize {
    if a.len().abs_diff(b.len()) > max {
        return max + 1;
    }
    // Three rows of the edit-distance table; on the stack for the words people type.
    const ROW: usize = 48;
    let n = b.len() + 1;
    let mut stack = [0usize; 3 * ROW];
    let mut heap = Vec::new();
    let rows: &mut [usize] = if n <= ROW {
        &mut stack[..3 * n]
    } else {
        heap.resize(3 * n, 0);
        &mut heap
    };
    let (mut before, rest) = rows.split_at_mut(n);
    let (mut prev, mut cur) = rest.split_at_mut(n);
    for (j, p) in prev.iter_mut().enumerate() {
        *p = j;
    }
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let mut d = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            if i > 0 && j > 0 && *ca == b[j - 1] && a[i - 1] == *cb {
                d = d.min(before[j - 1] + 1);
            }
            cur[j + 1] = d;
            row_min = row_min.min(d);
        }
        if row_min > max {
            return max + 1;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_strips_accents_and_case() {
        assert_eq!(normalise("Kafé ÉLITE"), "kafe elite");
    }

    #[test]
    fn edit_distance_is_bounded() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(within(&c("restoran"), &c("restoran"), 2), 0);
        assert_eq!(
            within(&c("resotran"), &c("restoran"), 2),
            1,
            "a swap is one edit"
        );
        assert_eq!(within(&c("rumha"), &c("rumah"), 1), 1);
        assert_eq!(within(&c("restroan"), &c("restoran"), 2), 1);
        assert_eq!(within(&c("rsetoarn"), &c("restoran"), 1), 2);
        assert_eq!(within(&c("hotel"), &c("hostel"), 1), 1);
        assert_eq!(within(&c("abc"), &c("xyz"), 1), 2);
    }

    #[test]
    fn affixes_are_reduced_to_the_root() {
        let roots = Roots::new([("peternakan".to_owned(), "ternak".to_owned())]);
        for (word, root) in [
            ("pengolahan", "olah"),
            ("penyewaan", "sewa"),
            ("perdagangan", "dagang"),
            ("kecantikan", "cantik"),
            ("berjualan", "jual"),
            ("menjahit", "jahit"),
            ("peternakan", "ternak"),
            ("hp", "hp"),
            ("47111", "47111"),
        ] {
            assert_eq!(roots.root(word), root, "{word}");
        }
    }

    #[test]
    fn sentences_pointing_elsewhere_are_told_apart() {
        let text = "Kelompok ini mencakup pertanian jagung. Kelompok ini tidak mencakup jagung manis, lihat kelompok 01133.";
        let s: Vec<&str> = sentences(text).collect();
        assert_eq!(s.len(), 2);
        assert!(!points_elsewhere(&normalise(s[0])));
        assert!(points_elsewhere(&normalise(s[1])));
    }
}
