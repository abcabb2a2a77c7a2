//! KBLI search for a search-as-you-type box: by code prefix, or by the applicant's own words.
//!
//! Words are ranked by BM25F over each code's title, the part of its description that says
//! what it covers, and the titles of the same activity in the other edition (the crosswalk), so
//! a rare, distinctive word decides and "jasa", "toko" or "usaha" weigh little. Words are
//! reduced to their root on both sides (Nazief–Adriani, [`text::Roots`]); typos and a word cut
//! short as you type still match. The catalog's naming data ([`crate::catalog::Naming`]) reads
//! the way people name businesses: "toko X" leans to retail, "servis X" to repair, "hp" means
//! "telepon seluler". The everyday phrases of the synonym table come first. Where the best hit
//! leaves the query's distinctive words unexplained, the answer says so ([`Found::weak`]) and
//! offers the divisions to browse instead ([`browse`]).

pub mod browse;
mod text;

pub use text::normalise;
use text::{Roots, points_elsewhere, sentences, tokens, within};

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

/// The answer to a query: the hits, and whether they explain it.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Found {
    /// Best first.
    pub hits: Vec<Hit>,
    /// True when nothing answers well: the first hit leaves the query's distinctive words
    /// unmatched (or matches them only through typos), or there is no hit. Show the hits as
    /// guesses and offer browsing by section and division.
    pub weak: bool,
    /// The divisions (two-digit) of the first hits, most likely first: where to browse.
    pub divisions: Vec<String>,
}

#[derive(Debug)]
struct Doc {
    edition: KbliEdition,
    code: String,
    title: String,
    crosswalk: Vec<String>,
}

/// Field weights and BM25 constants (BM25F: the title counts three times a description word).
const TITLE: f32 = 3.0;
const CROSSWALK: f32 = 1.5;
const DESCRIPTION: f32 = 1.0;
/// The other edition's descriptions and the KBLI 2020 subclass (four digits) above the code:
/// more of the words people use, weighing less.
const CONTEXT: f32 = 0.3;
const K1: f32 = 1.2;
const B_TITLE: f32 = 0.5;
const B_DESCRIPTION: f32 = 0.75;
/// How much a hit in a division the query's head word leans to gains ("toko X" → 47).
const LEAN: f32 = 0.8;
/// How much a code of a synonym phrase that says part of the query gains.
const NAMED: f32 = 0.8;
/// What a head word itself weighs, once read as a lean.
const HEAD: f32 = 0.5;
/// Match qualities: a word as typed or its root; the beginning of a longer word; a typo.
const EXACT: f32 = 1.0;
const PREFIX: f32 = 0.7;
const TYPO: f32 = 0.55;
/// What the word as written adds beside its root ("pengecatan" beside "cat").
const SURFACE: f32 = 0.5;
/// Below this share of the query's weight explained by the first hit, the answer is weak.
const WEAK: f32 = 0.6;
/// The part of a hit's score that does not depend on how much of the query it explains.
const COVER: f32 = 0.8;

/// A prebuilt index over both editions' five-digit codes.
#[derive(Debug)]
pub struct KbliIndex {
    docs: Vec<Doc>,
    /// Term (a root, or `=word` as written) → its idf and (doc, BM25F score in the doc).
    postings: HashMap<String, Posting>,
    /// The words as written, by length (chars), with their root: for prefixes and typos.
    by_len: Vec<Vec<(String, String)>>,
    /// Doc ids sorted by code, for prefix search.
    by_code: Vec<u32>,
    /// Everyday phrases (normalised words) and the docs they mean, best first: both editions'
    /// codes of each KBLI 2025 code the catalog lists for them.
    synonyms: Vec<(Vec<Vec<String>>, Vec<u32>)>,
    /// Head word → divisions it leans to.
    heads: HashMap<String, Vec<String>>,
    /// Everyday words and phrases (normalised words) → their meaning's words.
    meanings: Vec<(Vec<String>, Vec<String>)>,
    roots: Roots,
    /// The highest idf: what an unknown word weighs.
    max_idf: f32,
    browse: browse::Tree,
}

/// One indexed term: how rare it is, and the docs that have it with its score in each.
#[derive(Debug)]
struct Posting {
    idf: f32,
    docs: Vec<(u32, f32)>,
}

/// One query word, read: its root, how much it weighs, whether it may be cut short.
struct Term {
    word: String,
    root: String,
    weight: f32,
    last: bool,
}

impl KbliIndex {
    /// Indexes the five-digit codes of both editions.
    pub fn new(catalog: &Catalog) -> KbliIndex {
        let naming = &catalog.data.naming;
        let roots = Roots::new(
            naming
                .stems
                .iter()
                .map(|s| (normalise(&s.word), normalise(&s.root))),
        );
        let mut docs = Vec::new();
        // Each doc's four fields as pieces of text: a 2020 description is also the context of
        // the 2025 codes it maps to, and a piece is read once.
        let mut texts: Vec<[Vec<&str>; 4]> = Vec::new();
        let (covered2020, covered2025) = covered(catalog);
        let of2020 = |code: &str| covered2020.get(code).map_or("", String::as_str);
        let of2025 = |code: &str| covered2025.get(code).map_or("", String::as_str);
        // The KBLI 2020 subclass (four digits) above a code: its title and description.
        let parent = |code: &str| -> [&str; 2] {
            code.get(..4)
                .and_then(|p| catalog.kbli2020(p))
                .map_or(["", ""], |p| [p.title.as_str(), of2020(&p.code)])
        };
        for k in &catalog.data.kbli2025 {
            let older: Vec<_> = k
                .kbli2020
                .iter()
                .filter_map(|c| catalog.kbli2020(c))
                .collect();
            let mut context: Vec<&str> = Vec::new();
            for o in &older {
                context.push(of2020(&o.code));
                context.extend(parent(&o.code));
            }
            texts.push([
                vec![k.title.as_str()],
                vec![of2025(&k.code)],
                older.iter().map(|o| o.title.as_str()).collect(),
                context,
            ]);
            docs.push(Doc {
                edition: KbliEdition::K2025,
                code: k.code.clone(),
                title: k.title.clone(),
                crosswalk: k.kbli2020.clone(),
            });
        }
        for k in catalog.data.kbli2020.iter().filter(|k| k.code.len() == 5) {
            let newer = catalog.kbli2025_for_2020(&k.code);
            let mut context: Vec<&str> = newer.iter().map(|n| of2025(&n.code)).collect();
            context.extend(parent(&k.code));
            texts.push([
                vec![k.title.as_str()],
                vec![of2020(&k.code)],
                newer.iter().map(|n| n.title.as_str()).collect(),
                context,
            ]);
            docs.push(Doc {
                edition: KbliEdition::K2020,
                code: k.code.clone(),
                title: k.title.clone(),
                crosswalk: newer.iter().map(|n| n.code.clone()).collect(),
            });
        }
        // Terms are interned: a word's root, and the word as written where it differs
        // ("=pengecatan" beside "cat": painting is not just paint).
        let mut terms: Vec<String> = Vec::new();
        let mut term_id: HashMap<String, u32> = HashMap::default();
        let mut intern = |t: String, terms: &mut Vec<String>| -> u32 {
            *term_id.entry(t).or_insert_with_key(|t| {
                terms.push(t.clone());
                (terms.len() - 1) as u32
            })
        };
        // Word as written → (its root's term, its own term if it differs), and the root's text.
        let mut word_terms: HashMap<String, (u32, Option<u32>)> = HashMap::default();
        // Each piece of text read once, by where it lives: its terms with their counts (sorted
        // by term), and its length in words.
        type Piece = (Vec<(u32, f32)>, f32);
        let mut read: HashMap<(usize, usize), Piece> = HashMap::default();
        let key = |piece: &str| (piece.as_ptr() as usize, piece.len());
        for text in &texts {
            for piece in text.iter().flatten() {
                if read.contains_key(&key(piece)) {
                    continue;
                }
                let mut counts: HashMap<u32, f32> = HashMap::default();
                let mut n = 0.0;
                for t in tokens(piece) {
                    let (root, surface) = match word_terms.get(&t) {
                        Some(ids) => *ids,
                        None => {
                            let r = roots.root(&t);
                            let surface = (r != t).then(|| intern(format!("={t}"), &mut terms));
                            let ids = (intern(r, &mut terms), surface);
                            word_terms.insert(t, ids);
                            ids
                        }
                    };
                    *counts.entry(root).or_insert(0.0) += 1.0;
                    if let Some(s) = surface {
                        *counts.entry(s).or_insert(0.0) += 1.0;
                    }
                    n += 1.0;
                }
                read.insert(key(piece), (counts.into_iter().collect(), n));
            }
        }
        // Field lengths, and their averages over the docs.
        let length = |pieces: &Vec<&str>| -> f32 { pieces.iter().map(|p| read[&key(p)].1).sum() };
        let lengths: Vec<[f32; 4]> = texts
            .iter()
            .map(|t| [length(&t[0]), length(&t[1]), length(&t[2]), length(&t[3])])
            .collect();
        let n_docs = docs.len().max(1) as f32;
        let avg = |i: usize| (lengths.iter().map(|l| l[i]).sum::<f32>() / n_docs).max(1.0);
        let fields = [
            (TITLE, B_TITLE, avg(0)),
            (DESCRIPTION, B_DESCRIPTION, avg(1)),
            (CROSSWALK, B_TITLE, avg(2)),
            (CONTEXT, B_DESCRIPTION, avg(3)),
        ];
        // Per doc: each term's BM25F weighted frequency, summed in a dense scratch row.
        let mut row: Vec<f32> = vec![0.0; terms.len()];
        let mut touched: Vec<u32> = Vec::new();
        let mut df: Vec<u32> = vec![0; terms.len()];
        let mut tfs: Vec<Vec<(u32, f32)>> = Vec::with_capacity(docs.len());
        for (text, lens) in texts.iter().zip(&lengths) {
            for (i, (weight, b, avg)) in fields.iter().enumerate() {
                let norm = 1.0 - b + b * lens[i] / avg;
                for piece in &text[i] {
                    for &(t, c) in &read[&key(piece)].0 {
                        let cell = &mut row[t as usize];
                        if *cell == 0.0 {
                            touched.push(t);
                        }
                        *cell += weight * c / norm;
                    }
                }
            }
            let mut tf = Vec::with_capacity(touched.len());
            for t in touched.drain(..) {
                df[t as usize] += 1;
                tf.push((t, std::mem::take(&mut row[t as usize])));
            }
            tfs.push(tf);
        }
        let idf_of: Vec<f32> = df
            .iter()
            .map(|&n| {
                let n = n as f32;
                (1.0 + (n_docs - n + 0.5) / (n + 0.5)).ln()
            })
            .collect();
        let mut posting_ids: Vec<Vec<(u32, f32)>> = vec![Vec::new(); terms.len()];
        for (i, tf) in tfs.into_iter().enumerate() {
            for (t, tf) in tf {
                let s = idf_of[t as usize] * tf * (K1 + 1.0) / (tf + K1);
                posting_ids[t as usize].push((i as u32, s));
            }
        }
        let mut by_len: Vec<Vec<(String, String)>> = Vec::new();
        let mut words: Vec<(String, String)> = word_terms
            .into_iter()
            .map(|(w, (root, _))| (w, terms[root as usize].clone()))
            .collect();
        words.sort();
        for (w, r) in words {
            let n = w.chars().count();
            if by_len.len() <= n {
                by_len.resize(n + 1, Vec::new());
            }
            by_len[n].push((w, r));
        }
        let max_idf = idf_of.iter().copied().fold(0.0, f32::max);
        let postings: HashMap<String, Posting> = terms
            .into_iter()
            .zip(idf_of.into_iter().zip(posting_ids))
            .map(|(t, (idf, docs))| (t, Posting { idf, docs }))
            .collect();
        let mut by_code: Vec<u32> = (0..docs.len() as u32).collect();
        by_code.sort_by(|&a, &b| {
            let (a, b) = (&docs[a as usize], &docs[b as usize]);
            (&a.code, a.edition.year()).cmp(&(&b.code, b.edition.year()))
        });
        let synonyms = synonyms(catalog, &docs, &by_code);
        let mut heads: HashMap<String, Vec<String>> = HashMap::default();
        for p in &naming.patterns {
            for h in &p.heads {
                heads
                    .entry(normalise(h))
                    .or_default()
                    .extend(p.divisions.iter().cloned());
            }
        }
        let mut meanings: Vec<(Vec<String>, Vec<String>)> = naming
            .words
            .iter()
            .map(|w| (tokens(&w.word).collect(), tokens(&w.means).collect()))
            .filter(|(w, _): &(Vec<String>, Vec<String>)| !w.is_empty())
            .collect();
        // The longest phrase first: "frozen food" before "food".
        meanings.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        KbliIndex {
            browse: browse::Tree::new(catalog),
            docs,
            postings,
            by_len,
            by_code,
            synonyms,
            heads,
            meanings,
            roots,
            max_idf,
        }
    }

    /// Up to `limit` hits for `query`, best first, in one edition or both.
    pub fn search(&self, query: &str, edition: Option<KbliEdition>, limit: usize) -> Vec<Hit> {
        self.find(query, edition, limit).hits
    }

    /// Up to `limit` hits for `query`, best first, with whether they answer it well.
    pub fn find(&self, query: &str, edition: Option<KbliEdition>, limit: usize) -> Found {
        let q = query.trim();
        let keep = |d: &Doc| edition.is_none_or(|e| e == d.edition);
        if !q.is_empty() && q.chars().all(|c| c.is_ascii_digit()) {
            let start = self
                .by_code
                .partition_point(|&i| self.docs[i as usize].code.as_str() < q);
            let hits: Vec<Hit> = self.by_code[start..]
                .iter()
                .map(|&i| &self.docs[i as usize])
                .take_while(|d| d.code.starts_with(q))
                .filter(|d| keep(d))
                .take(limit)
                .map(|d| self.hit(d, if d.code == q { 100.0 } else { 50.0 }))
                .collect();
            return self.found(hits, false);
        }
        let words: Vec<String> = tokens(q).collect();
        if words.is_empty() {
            return self.found(Vec::new(), !q.is_empty());
        }
        let (terms, lean) = self.read(&words, !q.ends_with(' '));
        // Per doc: summed score, and the query weight it explains.
        let mut scores: HashMap<u32, (f32, f32)> = HashMap::default();
        let mut total = 0.0;
        for term in &terms {
            let matches = self.matching(term);
            let weight_of = |root: &str| self.postings.get(root).map_or(self.max_idf, |p| p.idf);
            // What the word weighs in the query: its own idf, or an unknown word's.
            let known = matches
                .iter()
                .map(|(r, _)| weight_of(r))
                .fold(0.0, f32::max);
            let worth = term.weight
                * if matches.is_empty() {
                    self.max_idf
                } else {
                    known
                };
            total += worth;
            let mut best: HashMap<u32, (f32, f32)> = HashMap::default();
            for (root, quality) in &matches {
                for &(doc, s) in &self.postings[root.as_str()].docs {
                    if !keep(&self.docs[doc as usize]) {
                        continue;
                    }
                    let s = s * quality * term.weight;
                    let e = best.entry(doc).or_insert((0.0, 0.0));
                    if s > e.0 {
                        *e = (s, worth * quality.min(1.0));
                    }
                }
            }
            if let Some(surface) = self.postings.get(format!("={}", term.word).as_str()) {
                for &(doc, s) in &surface.docs {
                    if let Some(e) = best.get_mut(&doc) {
                        e.0 += SURFACE * s * term.weight;
                    }
                }
            }
            for (doc, (s, explained)) in best {
                let e = scores.entry(doc).or_insert((0.0, 0.0));
                e.0 += s;
                e.1 += explained;
            }
        }
        let division_of = |d: u32| &self.docs[d as usize].code[..2];
        if !lean.is_empty() {
            for (doc, (s, _)) in scores.iter_mut() {
                if lean.iter().any(|l| l == division_of(*doc)) {
                    *s *= 1.0 + LEAN;
                }
            }
        }
        // The words people use for an activity bring its codes first, in the table's order,
        // when the phrase says all the query says; else they only gain.
        let (named, whole) = self.named(&words);
        for (rank, doc) in named.iter().enumerate() {
            if whole {
                scores.insert(*doc, (10_000.0 - rank as f32, total));
            } else if let Some(e) = scores.get_mut(doc) {
                e.0 *= 1.0 + NAMED;
            }
        }
        // A hit that explains more of the query ranks above one that explains a part well.
        let mut ranked: Vec<(u32, (f32, f32))> = scores
            .into_iter()
            .filter(|(d, _)| keep(&self.docs[*d as usize]))
            .map(|(d, (s, explained))| {
                let share = if total > 0.0 {
                    (explained / total).min(1.0)
                } else {
                    1.0
                };
                (d, (s * (COVER + (1.0 - COVER) * share), explained))
            })
            .collect();
        ranked.sort_by(|a, b| {
            b.1.0
                .total_cmp(&a.1.0)
                .then_with(|| {
                    self.docs[a.0 as usize]
                        .code
                        .cmp(&self.docs[b.0 as usize].code)
                })
                .then(a.0.cmp(&b.0))
        });
        let weak = ranked
            .first()
            .is_none_or(|(_, (_, explained))| *explained < WEAK * total);
        let hits = ranked
            .into_iter()
            .take(limit)
            .map(|(d, (s, _))| self.hit(&self.docs[d as usize], s))
            .collect();
        self.found(hits, weak)
    }

    fn found(&self, hits: Vec<Hit>, weak: bool) -> Found {
        let mut divisions: Vec<String> = Vec::new();
        for h in &hits {
            let d = h.code[..2.min(h.code.len())].to_owned();
            if !divisions.contains(&d) {
                divisions.push(d);
            }
        }
        divisions.truncate(5);
        Found {
            hits,
            weak,
            divisions,
        }
    }

    /// The query's words as terms: everyday words replaced by their meaning, head words read as
    /// a lean to their divisions (when something follows them) and weighing less.
    fn read(&self, words: &[String], typing: bool) -> (Vec<Term>, Vec<String>) {
        let mut terms: Vec<Term> = Vec::new();
        let mut lean: Vec<String> = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let last = typing && i + 1 == words.len();
            let w = &words[i];
            let mut weight = 1.0;
            if let Some(divisions) = self.heads.get(w)
                && words.len() > 1
            {
                lean.extend(divisions.iter().cloned());
                weight = HEAD;
            }
            let own = self.term(w, weight, last);
            // An everyday word or phrase; a word of five letters or more the index does not
            // know may be one typo away from one ("laundri" is "laundry").
            let unknown = w.chars().count() >= 5
                && !self.postings.contains_key(own.word.as_str())
                && !self.postings.contains_key(own.root.as_str());
            if let Some((phrase, meaning)) = self
                .meanings
                .iter()
                .find(|(p, _)| words[i..].starts_with(p))
                .or_else(|| {
                    self.meanings.iter().find(|(p, _)| {
                        unknown
                            && matches!(p.as_slice(), [one] if one.chars().count() >= 5
                                && within(w.as_bytes(), one.as_bytes(), 1) <= 1)
                    })
                })
            {
                for m in meaning {
                    terms.push(self.term(m, weight, false));
                }
                // A word (not an abbreviation) stays itself too: "handphone" is in descriptions.
                if let [one] = phrase.as_slice()
                    && one.chars().count() >= 4
                {
                    terms.push(if one == w {
                        own
                    } else {
                        self.term(one, weight, last)
                    });
                }
                i += phrase.len();
                continue;
            }
            terms.push(own);
            i += 1;
        }
        // A word said twice ("oleh-oleh") counts once.
        let mut seen: Vec<String> = Vec::new();
        terms.retain(|t| {
            let new = !seen.contains(&t.root);
            seen.push(t.root.clone());
            new
        });
        (terms, lean)
    }

    fn term(&self, word: &str, weight: f32, last: bool) -> Term {
        Term {
            word: word.to_owned(),
            root: self.roots.root(word),
            weight,
            last,
        }
    }

    /// The indexed roots a term matches, with the match's quality: its root (or the word as
    /// typed); else the words it begins (as you type: the last word, or four letters or more);
    /// else the words one typo away (four letters or more; two typos from seven).
    fn matching(&self, term: &Term) -> Vec<(String, f32)> {
        for r in [&term.root, &term.word] {
            if self.postings.contains_key(r.as_str()) {
                return vec![(r.clone(), EXACT)];
            }
        }
        let word = term.word.as_str();
        let wc: Vec<char> = word.chars().collect();
        let n = wc.len();
        let mut out: Vec<(String, f32)> = Vec::new();
        let mut add = |root: &str, q: f32| {
            if let Some(e) = out.iter_mut().find(|(r, _)| r == root) {
                e.1 = e.1.max(q);
            } else {
                out.push((root.to_owned(), q));
            }
        };
        if term.last || n >= 4 {
            for bucket in self.by_len.iter().skip(n + 1) {
                for (w, r) in bucket {
                    if w.starts_with(word) {
                        add(r, PREFIX);
                    }
                }
            }
        }
        let typos = if n >= 7 {
            2
        } else if n >= 4 {
            1
        } else {
            0
        };
        if typos > 0 {
            let ascii = word.is_ascii();
            for bucket in self.by_len.iter().take(n + typos + 1).skip(n - typos) {
                for (w, r) in bucket {
                    // Most words are ASCII: compare bytes and skip the char buffer.
                    let d = if ascii && w.is_ascii() {
                        within(word.as_bytes(), w.as_bytes(), typos)
                    } else {
                        within(&wc, &w.chars().collect::<Vec<_>>(), typos)
                    };
                    if d <= typos {
                        add(r, TYPO / d.max(1) as f32);
                    }
                }
            }
        }
        out
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

    /// The docs an everyday phrase in `words` names: a phrase whose every word is among
    /// `words` (a typo allowed in words of four letters or more; the last word may be cut
    /// short, as when typing).
    fn named(&self, words: &[String]) -> (Vec<u32>, bool) {
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
        // Whether the longest phrase covers every word that is not a generic head.
        let said = words
            .iter()
            .filter(|w| self.heads.get(*w).is_none_or(|d| !d.is_empty()))
            .count();
        let whole = matched.first().is_some_and(|m| m.0 >= said);
        let mut out: Vec<u32> = Vec::new();
        for (_, docs) in matched {
            for d in docs {
                if !out.contains(d) {
                    out.push(*d);
                }
            }
        }
        (out, whole)
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

/// What each description of both editions covers, normalised: its sentences less those that
/// send the reader elsewhere and those said in many descriptions ("Kegiatan ini dapat dilakukan
/// di dalam bangunan maupun di lokasi lain seperti pinggir jalan (kaki lima), serambi toko …"),
/// which say where any trade may happen, not what a code covers. KBLI 2020's, then 2025's.
fn covered(catalog: &Catalog) -> (HashMap<&str, String>, HashMap<&str, String>) {
    const MANY: u32 = 8;
    let read = |description: &str| -> Vec<String> {
        sentences(description)
            .map(normalise)
            .filter(|s| !points_elsewhere(s))
            .collect()
    };
    let older: Vec<(&str, Vec<String>)> = catalog
        .data
        .kbli2020
        .iter()
        .map(|k| (k.code.as_str(), read(&k.description)))
        .collect();
    let newer: Vec<(&str, Vec<String>)> = catalog
        .data
        .kbli2025
        .iter()
        .map(|k| (k.code.as_str(), read(&k.description)))
        .collect();
    let mut count: HashMap<&str, u32> = HashMap::default();
    for (_, said) in older.iter().chain(&newer) {
        for s in said {
            if s.split_whitespace().count() >= 6 {
                *count.entry(s.as_str()).or_insert(0) += 1;
            }
        }
    }
    let keep = |list: &[(&'_ str, Vec<String>)]| -> Vec<String> {
        list.iter()
            .map(|(_, said)| {
                said.iter()
                    .filter(|s| count.get(s.as_str()).is_none_or(|n| *n < MANY))
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    };
    let (o, n) = (keep(&older), keep(&newer));
    (
        older.iter().map(|(c, _)| *c).zip(o).collect(),
        newer.iter().map(|(c, _)| *c).zip(n).collect(),
    )
}

/// The synonym table as phrases of normalised words and the docs they mean: both editions'
/// codes of each KBLI 2025 code listed.
fn synonyms(catalog: &Catalog, docs: &[Doc], by_code: &[u32]) -> Vec<(Vec<Vec<String>>, Vec<u32>)> {
    // By code and edition, through the sorted ids the prefix search uses.
    let find = |edition: KbliEdition, code: &str| {
        let key = |i: &u32| {
            let d = &docs[*i as usize];
            (d.code.as_str(), d.edition.year())
        };
        by_code
            .binary_search_by(|i| key(i).cmp(&(code, edition.year())))
            .ok()
            .map(|at| by_code[at])
    };
    catalog
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
        .collect()
}
