//! How people name businesses, as data for KBLI search: the words that say what kind of
//! business it is ("toko X" sells X at retail), abbreviations and loanwords with their meaning
//! in the KBLI's own words, and the few roots the stemmer's rules get wrong.

use super::*;

/// Everything KBLI search knows about everyday names (absent in bundles older than 2026.12.6).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Naming {
    /// Head words and the divisions they lean to.
    #[serde(default)]
    pub patterns: Vec<NamingPattern>,
    /// Abbreviations, loanwords and brand-like words, with their meaning.
    #[serde(default)]
    pub words: Vec<WordMeaning>,
    /// Words whose root the stemmer's rules get wrong, with the right root.
    #[serde(default)]
    pub stems: Vec<StemFix>,
}

/// A word people put before what they sell or do ("toko", "grosir", "servis"), and the KBLI
/// divisions (two-digit) such a business usually belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamingPattern {
    /// The head words, lower case.
    pub heads: Vec<String>,
    /// The divisions they lean to.
    pub divisions: Vec<String>,
    /// What the pattern means and which division description it rests on.
    pub basis: String,
    /// Source id.
    pub source: String,
}

/// An everyday word or phrase and what it means in the KBLI's words ("hp" → "telepon seluler").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WordMeaning {
    /// The word or phrase, lower case.
    pub word: String,
    /// Its meaning, in words the KBLI titles and descriptions use.
    pub means: String,
    /// Source id.
    pub source: String,
}

/// A word whose root the stemmer's affix rules get wrong ("peternakan" is "ternak", not
/// "terna"), and the right root.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StemFix {
    /// The word, lower case.
    pub word: String,
    /// Its root.
    pub root: String,
    /// Source id.
    pub source: String,
}
