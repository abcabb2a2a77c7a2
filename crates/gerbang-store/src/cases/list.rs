//! The case list: a page of cases by words (the full-text index), status and client, in the chosen
//! order, with keyset paging, and how many match.

use super::*;

impl crate::Store {
    /// A page of cases, most recently changed first.
    pub async fn cases(&self, limit: i64, offset: i64) -> Result<Vec<CaseSummary>, StoreError> {
        self.find_cases(&CaseQuery {
            limit,
            offset,
            ..CaseQuery::default()
        })
        .await
    }

    /// A page of cases matching `q`: full-text words (names, KBLI, notes), status, client.
    pub async fn find_cases(&self, q: &CaseQuery) -> Result<Vec<CaseSummary>, StoreError> {
        let text = fts_query(q.text.as_deref().unwrap_or(""));
        // With words, the search index drives and stops early: newest first by its rowid (the
        // case's), or by title. Without, the case indexes do.
        let mut sql = String::from(
            "SELECT c.id, c.title, c.status, c.profile_id, p.name AS profile_name, c.updated_at,
                    c.items_required",
        );
        push_filters(&mut sql, q, text.is_some());
        // Keyset paging: rows after the given case in the list's order, found through the
        // same index the order uses, so the 50,000th page costs what the first one does.
        if q.after.is_some() {
            sql.push_str(match (q.sort, text.is_some()) {
                (CaseSort::RecentFirst, true) => {
                    " AND f.rowid < (SELECT rowid FROM cases WHERE id = ?)"
                }
                (CaseSort::RecentFirst, false) => {
                    " AND (c.updated_at, c.id) < (SELECT updated_at, id FROM cases WHERE id = ?)"
                }
                (CaseSort::Title, _) => {
                    " AND (c.title, c.id) > (SELECT title, id FROM cases WHERE id = ?)"
                }
            });
        }
        sql.push_str(match (q.sort, text.is_some()) {
            (CaseSort::RecentFirst, true) => " ORDER BY f.rowid DESC",
            (CaseSort::RecentFirst, false) => " ORDER BY c.updated_at DESC, c.id DESC",
            (CaseSort::Title, _) => " ORDER BY c.title, c.id",
        });
        sql.push_str(" LIMIT ? OFFSET ?");
        let mut query = bind_filters(sqlx::query(&sql), q, text.as_deref())?;
        if let Some(after) = &q.after {
            query = query.bind(after);
        }
        let rows = query
            .bind(q.limit)
            .bind(q.offset)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| SummaryRow::from_row(r)?.summary())
            .collect()
    }

    /// How many cases match `q` (its paging ignored).
    pub async fn count_cases(&self, q: &CaseQuery) -> Result<i64, StoreError> {
        let text = fts_query(q.text.as_deref().unwrap_or(""));
        let mut sql = String::from("SELECT COUNT(*)");
        push_filters(&mut sql, q, text.is_some());
        let row = bind_filters(sqlx::query(&sql), q, text.as_deref())?
            .fetch_one(&self.pool)
            .await?;
        Ok(<(i64,)>::from_row(&row)?.0)
    }
}

/// The FROM and WHERE of a case list: the search index drives when there are words.
fn push_filters(sql: &mut String, q: &CaseQuery, has_text: bool) {
    if has_text {
        sql.push_str(
            " FROM cases_fts f JOIN cases c ON c.rowid = f.rowid JOIN profiles p ON p.id = c.profile_id
              WHERE cases_fts MATCH ?",
        );
    } else {
        sql.push_str(" FROM cases c JOIN profiles p ON p.id = c.profile_id WHERE 1 = 1");
    }
    if q.status.is_some() {
        sql.push_str(" AND c.status = ?");
    }
    if q.profile_id.is_some() {
        sql.push_str(" AND c.profile_id = ?");
    }
}

type Query<'q> = sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>>;

/// Binds what `push_filters` asked for, in its order.
fn bind_filters<'q>(
    mut query: Query<'q>,
    q: &'q CaseQuery,
    text: Option<&'q str>,
) -> Result<Query<'q>, StoreError> {
    if let Some(t) = text {
        query = query.bind(t);
    }
    if let Some(s) = q.status {
        query = query.bind(s.as_str());
    }
    if let Some(p) = &q.profile_id {
        query = query.bind(p.as_str());
    }
    Ok(query)
}

/// How to order a case list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum CaseSort {
    /// Most recently changed first.
    #[default]
    RecentFirst,
    /// By title.
    Title,
}

/// A case list query.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CaseQuery {
    /// Words to find in names, KBLI codes and titles, notes (all must match; prefixes allowed).
    pub text: Option<String>,
    /// Only this status.
    pub status: Option<CaseStatus>,
    /// Only this client's cases.
    pub profile_id: Option<String>,
    /// Order.
    pub sort: CaseSort,
    /// Page size.
    pub limit: i64,
    /// Skip this many (prefer `after`: an offset is read through, row by row).
    pub offset: i64,
    /// Only cases after this one in the list's order (keyset paging: pass the last row's id).
    pub after: Option<String>,
}

/// The words of `text` as an FTS5 query: each a quoted prefix term, all required.
fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}
