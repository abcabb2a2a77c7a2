//! KBLI search for a search-as-you-type box: by code prefix, or by words of the Indonesian
//! title and description, tolerant of typos and missing accents, ranked; both editions.

use crate::catalog::Catalog;
use crate::facts::KbliEdition;
use serde::Serialize;
// Keys are words and doc ids: a fast hash (the scores map is filled on every keystroke).
use rustc_hash::FxHashMap as HashMap;

/// One result.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Hit {
    /// The edition of `code`.
    pub edition: &'static str,
    /// Five-digit code.
    pub code: String,
    /// Indonesian title.
    pub title: String,
    /// The same activity in the other edition (the crosswalk).
    pub crosswalk: Vec<String>,
    /// Higher is better.
    pub score: f32,
}

#[derive(Debug)]
struct Doc {
    edition: KbliEdition,
    code: String,
    title: String,
    crosswalk: Vec<String>,
}

/// A prebuilt index over both editions' five-digit codes.
#[derive(Debug)]
pub struct KbliIndex {
    docs: Vec<Doc>,
    /// Normalised token → (doc, weight): 4 for a title word, 1–3 for a description word.
    postings: HashMap<String, Vec<(u32, u8)>>,
    /// The vocabulary by token length (chars), for typo-tolerant lookups.
    by_len: Vec<Vec<String>>,
    /// Doc ids sorted by code, for prefix search.
    by_code: Vec<u32>,
    /// Everyday phrases (normalised words) and the docs they mean, best first: both editions'
    /// codes of each KBLI 2025 code the catalog lists for them.
    synonyms: Vec<(Vec<Vec<String>>, Vec<u32>)>,
}

/// Lowercases and strips accents (é → e), so "kafe" finds "kafé" and "Kafe".
pub fn normalise(text: &str) -> String {
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

fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| t.chars().count() >= 2)
        .map(normalise)
}

/// Levenshtein distance, giving up (returning `max + 1`) once it exceeds `max`.
fn within<T: PartialEq>(a: &[T], b: &[T], max: usize) -> usize {
    if a.len().abs_diff(b.len()) > max {
        return max + 1;
    }
    // Two rows of the edit-distance table; on the stack for the words people type.
    const ROW: usize = 48;
    let n = b.len() + 1;
    let mut stack = [0usize; 2 * ROW];
    let mut heap = Vec::new();
    let rows: &mut [usize] = if n <= ROW {
        &mut stack[..2 * n]
    } else {
        heap.resize(2 * n, 0);
        &mut heap
    };
    let (mut prev, mut cur) = rows.split_at_mut(n);
    for (j, p) in prev.iter_mut().enumerate() {
        *p = j;
    }
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
        }
        if row_min > max {
            return max + 1;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

impl KbliIndex {
    /// Indexes the five-digit codes of both editions.
    pub fn new(catalog: &Catalog) -> KbliIndex {
        let mut docs = Vec::new();
        for k in &catalog.data.kbli2025 {
            docs.push((
                Doc {
                    edition: KbliEdition::K2025,
                    code: k.code.clone(),
                    title: k.title.clone(),
                    crosswalk: k.kbli2020.clone(),
                },
                k.description.as_str(),
            ));
        }
        for k in catalog.data.kbli2020.iter().filter(|k| k.code.len() == 5) {
            let crosswalk = catalog
                .kbli2025_for_2020(&k.code)
                .iter()
                .map(|n| n.code.clone())
                .collect();
            docs.push((
                Doc {
                    edition: KbliEdition::K2020,
                    code: k.code.clone(),
                    title: k.title.clone(),
                    crosswalk,
                },
                k.description.as_str(),
            ));
        }
        let mut postings: HashMap<String, Vec<(u32, u8)>> = HashMap::default();
        for (i, (doc, description)) in docs.iter().enumerate() {
            // Weight: 4 for a title word; for a description word, how often it occurs (at most 3),
            // so a text about restaurants outranks one that mentions them once.
            let mut seen: HashMap<String, u8> = HashMap::default();
            for t in tokens(description) {
                let w = seen.entry(t).or_insert(0);
                *w = (*w + 1).min(3);
            }
            for t in tokens(&doc.title) {
                seen.insert(t, 4);
            }
            for (t, w) in seen {
                postings.entry(t).or_default().push((i as u32, w));
            }
        }
        let mut by_len: Vec<Vec<String>> = Vec::new();
        for t in postings.keys() {
            let n = t.chars().count();
            if by_len.len() <= n {
                by_len.resize(n + 1, Vec::new());
            }
            by_len[n].push(t.clone());
        }
        for bucket in &mut by_len {
            bucket.sort();
        }
        let docs: Vec<Doc> = docs.into_iter().map(|(d, _)| d).collect();
        let mut by_code: Vec<u32> = (0..docs.len() as u32).collect();
        by_code.sort_by(|&a, &b| {
            let (a, b) = (&docs[a as usize], &docs[b as usize]);
            (&a.code, a.edition.year()).cmp(&(&b.code, b.edition.year()))
        });
        let find = |edition: KbliEdition, code: &str| {
            docs.iter()
                .position(|d| d.edition == edition && d.code == code)
                .map(|i| i as u32)
        };
        let synonyms = catalog
            .data
            .synonyms
            .iter()
            .map(|s| {
                let phrases = s.words.iter().map(|w| tokens(w).collect()).collect();
                let mut ids = Vec::new();
                for code in &s.codes {
                    ids.extend(find(KbliEdition::K2025, code));
                    for old in catalog
                        .kbli2025(code)
                        .map(|k| k.kbli2020.clone())
                        .unwrap_or_default()
                    {
                        ids.extend(find(KbliEdition::K2020, &old));
                    }
                }
                let mut seen = std::collections::HashSet::new();
                ids.retain(|i| seen.insert(*i));
                (phrases, ids)
            })
            .collect();
        KbliIndex {
            docs,
            postings,
            by_len,
            by_code,
            synonyms,
        }
    }

    /// Up to `limit` hits for `query`, best first, in one edition or both.
    pub fn search(&self, query: &str, edition: Option<KbliEdition>, limit: usize) -> Vec<Hit> {
        let q = query.trim();
        let keep = |d: &Doc| edition.is_none_or(|e| e == d.edition);
        if !q.is_empty() && q.chars().all(|c| c.is_ascii_digit()) {
            let start = self
                .by_code
                .partition_point(|&i| self.docs[i as usize].code.as_str() < q);
            return self.by_code[start..]
                .iter()
                .map(|&i| &self.docs[i as usize])
                .take_while(|d| d.code.starts_with(q))
                .filter(|d| keep(d))
                .take(limit)
                .map(|d| self.hit(d, if d.code == q { 100.0 } else { 50.0 }))
                .collect();
        }
        let words: Vec<String> = tokens(q).collect();
        if words.is_empty() {
            return Vec::new();
        }
        // Per doc: how many query words matched, and the summed best score per word.
        let mut scores: HashMap<u32, (u32, f32)> = HashMap::default();
        for (wi, word) in words.iter().enumerate() {
            let last = wi + 1 == words.len();
            let mut best: HashMap<u32, f32> = HashMap::default();
            for (token, quality) in self.matching_tokens(word, last) {
                for &(doc, weight) in &self.postings[token] {
                    let s = quality * f32::from(weight);
                    let e = best.entry(doc).or_insert(0.0);
                    if s > *e {
                        *e = s;
                    }
                }
            }
            for (doc, s) in best {
                let e = scores.entry(doc).or_insert((0, 0.0));
                e.0 += 1;
                e.1 += s;
            }
        }
        // The words people use for an activity bring its codes first, in the table's order.
        let named = self.named(&words);
        for (rank, doc) in named.iter().enumerate() {
            scores.insert(*doc, (words.len() as u32 + 1, 10_000.0 - rank as f32));
        }
        let mut ranked: Vec<(u32, (u32, f32))> = scores
            .into_iter()
            .filter(|(d, _)| keep(&self.docs[*d as usize]))
            .collect();
        ranked.sort_by(|a, b| {
            b.1.0
                .cmp(&a.1.0)
                .then(b.1.1.total_cmp(&a.1.1))
                .then_with(|| {
                    self.docs[a.0 as usize]
                        .code
                        .cmp(&self.docs[b.0 as usize].code)
                })
                .then(a.0.cmp(&b.0))
        });
        ranked
            .into_iter()
            .take(limit)
            .map(|(d, (matched, s))| {
                let coverage = (matched as f32 / words.len() as f32).min(1.0);
                self.hit(&self.docs[d as usize], s * coverage)
            })
            .collect()
    }

    /// The codes nearest to an unknown `code`: those sharing the longest prefix with it.
    pub fn nearest(&self, code: &str, edition: Option<KbliEdition>, limit: usize) -> Vec<Hit> {
        let digits: String = code.chars().take_while(char::is_ascii_digit).collect();
        (1..=digits.len())
            .rev()
            .map(|n| self.search(&digits[..n], edition, limit))
            .find(|hits| !hits.is_empty())
            .unwrap_or_default()
    }

    /// Vocabulary tokens matching `word`, with a quality that dominates the field weight: exact 10,
    /// prefix 6 (as you type: the last word, or four letters or more), one or two typos 1. So an
    /// exact word in a description outranks a typo-match in a title.
    fn matching_tokens(&self, word: &str, last: bool) -> Vec<(&String, f32)> {
        let mut out = Vec::new();
        let wc: Vec<char> = word.chars().collect();
        let ascii = word.is_ascii();
        let n = wc.len();
        let typos = if n >= 7 {
            2
        } else if n >= 4 {
            1
        } else {
            0
        };
        let allow_prefix = last || n >= 4;
        for len in n.saturating_sub(typos)..self.by_len.len() {
            for t in &self.by_len[len] {
                if len == n && t == word {
                    out.push((t, 10.0));
                } else if allow_prefix && len > n && t.starts_with(word) {
                    out.push((t, 6.0));
                } else if typos > 0 && len <= n + typos {
                    // Most words are ASCII: compare bytes and skip the char buffer.
                    let d = if ascii && t.is_ascii() {
                        within(word.as_bytes(), t.as_bytes(), typos)
                    } else {
                        within(&wc, &t.chars().collect::<Vec<_>>(), typos)
                    };
                    if d <= typos {
                        out.push((t, 1.0));
                    }
                }
            }
        }
        out
    }

    /// The docs an everyday phrase in `words` names: a phrase whose every word is among
    /// `words` (a typo allowed in words of four letters or more; the last word may be cut
    /// short, as when typing).
    fn named(&self, words: &[String]) -> Vec<u32> {
        let like = |w: &str, p: &str, last: bool| {
            if w == p || (last && w.chars().count() >= 3 && p.starts_with(w)) {
                return true;
            }
            let n = p.chars().count();
            n >= 4 && within(w.as_bytes(), p.as_bytes(), 1) <= 1
        };
        // The longest phrase matched first: "travel umrah" before "travel".
        let mut matched: Vec<(usize, &Vec<u32>)> = Vec::new();
        for (phrases, docs) in &self.synonyms {
            let longest = phrases
                .iter()
                .filter(|phrase| {
                    !phrase.is_empty()
                        && phrase.iter().all(|p| {
                            words
                                .iter()
                                .enumerate()
                                .any(|(i, w)| like(w, p, i + 1 == words.len()))
                        })
                })
                .map(Vec::len)
                .max();
            if let Some(n) = longest {
                matched.push((n, docs));
            }
        }
        matched.sort_by_key(|m| std::cmp::Reverse(m.0));
        let mut out: Vec<u32> = Vec::new();
        for (_, docs) in matched {
            for d in docs {
                if !out.contains(d) {
                    out.push(*d);
                }
            }
        }
        out
    }

    fn hit(&self, d: &Doc, score: f32) -> Hit {
        Hit {
            edition: d.edition.year(),
            code: d.code.clone(),
            title: d.title.clone(),
            crosswalk: d.crosswalk.clone(),
            score,
        }
    }
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
        assert_eq!(within(&c("resotran"), &c("restoran"), 2), 2);
        assert_eq!(within(&c("hotel"), &c("hostel"), 1), 1);
        assert_eq!(within(&c("abc"), &c("xyz"), 1), 2);
    }
}
