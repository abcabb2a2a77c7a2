//! The review of a filed case: what the officers and the applicant did, in order, and where that
//! leaves the case. Pure: the city backend checks every action against these rules before it
//! applies it, and every desktop derives what it shows (status, each item's history, the
//! service-time clocks) from the same events.
//!
//! Life of a case: filed → under review (the first verdict) → needs the applicant's action (a
//! revision request naming the rejected items) → resubmitted (the next round) → … → approved
//! (with a decision number and date) or rejected (with reasons). A verdict concerns one
//! version of an item's document: when the applicant replaces the document, the old verdict
//! stays in the history but no longer stands.

use crate::record::{Case, Document};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::Date;

mod clock;
mod rules;

pub use crate::service_time::{Limit, Stage};
pub use clock::{StageClock, clocks};
pub use rules::{MAX_DECISION_NUMBER, MAX_TEXT, RuleError, check_decision_format};

/// An officer's verdict on one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The document is right.
    Verified,
    /// The document is not acceptable (the comment says why).
    Rejected,
}

/// Something done in a review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Action {
    /// An officer's verdict on one item's current document.
    Verdict {
        /// The checklist item.
        item_key: String,
        /// Verified or rejected.
        verdict: Verdict,
        /// Why (required for a rejection).
        comment: String,
        /// The document version judged.
        document_id: Option<String>,
    },
    /// The officer asks the applicant to revise the rejected items.
    RequestRevision {
        /// A note for the applicant (optional).
        comment: String,
    },
    /// The applicant sends the case back with revised documents.
    Resubmit {
        /// SHA-256 of the resubmitted case snapshot.
        snapshot_hash: String,
        /// The items whose document changed since their last verdict (the city backend fills
        /// this in when it records the resubmission): their verdicts no longer stand.
        #[serde(default)]
        changed: Vec<String>,
        /// The applicant's written response to a rejected item whose document stays as it
        /// was (by item key): each rejected item needs a new document or a response.
        #[serde(default)]
        responses: BTreeMap<String, String>,
    },
    /// The case is approved.
    Approve {
        /// The decision's number (the office's register number).
        decision_number: String,
        /// The decision's date (`YYYY-MM-DD`, Balikpapan's calendar).
        decision_date: String,
        /// A note (optional).
        comment: String,
    },
    /// The case is rejected.
    Reject {
        /// Why.
        reasons: String,
    },
}

/// One thing done, as the city backend recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Event {
    /// Unique id (the officer's device's mutation id, or the resubmission's).
    pub id: String,
    /// The revision round it belongs to (1 until the first resubmission).
    pub round: u32,
    /// What was done.
    pub action: Action,
    /// Who (account name).
    pub actor: String,
    /// When (UTC, RFC 3339).
    pub at: String,
}

/// Where a filed case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Filed, not yet looked at.
    Filed,
    /// An officer is reviewing it.
    UnderReview,
    /// Waiting for the applicant's revision.
    NeedsAction,
    /// Approved.
    Approved,
    /// Rejected.
    Rejected,
}

impl Status {
    /// The name cases are stored under (`under_review`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Filed => "filed",
            Status::UnderReview => "under_review",
            Status::NeedsAction => "needs_action",
            Status::Approved => "approved",
            Status::Rejected => "rejected",
        }
    }

    /// Approved or rejected: nothing more happens.
    pub fn decided(self) -> bool {
        matches!(self, Status::Approved | Status::Rejected)
    }
}

/// One verdict in an item's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ItemEntry {
    /// The event.
    pub event_id: String,
    /// The round.
    pub round: u32,
    /// The verdict.
    pub verdict: Verdict,
    /// The officer's comment.
    pub comment: String,
    /// The document version it was about.
    pub document_id: Option<String>,
    /// The officer.
    pub actor: String,
    /// When (UTC).
    pub at: String,
}

/// An item's review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ItemReview {
    /// The item.
    pub item_key: String,
    /// Every verdict, oldest first, across rounds.
    pub history: Vec<ItemEntry>,
    /// The verdict that stands for the item's current document, if any.
    pub standing: Option<Verdict>,
    /// How many verdicts it has had: an officer's next verdict is made on this version.
    pub version: u32,
    /// What the latest resubmission did about the item, if anything (a new document, a
    /// response): what the officer looks at again.
    #[serde(default)]
    pub resubmitted: Option<ItemChange>,
}

/// What a resubmission did about one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ItemChange {
    /// The round the resubmission opened.
    pub round: u32,
    /// A new document version replaced the one last judged.
    pub new_document: bool,
    /// The applicant's written response, if one was given.
    pub response: Option<String>,
}

/// A revision request as the applicant sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct RevisionRequest {
    /// The round it closed.
    pub round: u32,
    /// The officer's note.
    pub comment: String,
    /// The rejected items and why.
    pub items: Vec<(String, String)>,
    /// The officer.
    pub actor: String,
    /// When (UTC).
    pub at: String,
}

/// The decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Decision {
    /// Approved (else rejected).
    pub approved: bool,
    /// The decision number (approvals).
    pub number: Option<String>,
    /// The decision date (approvals; `YYYY-MM-DD`).
    pub date: Option<String>,
    /// The reasons (rejections) or the note (approvals).
    pub text: String,
    /// The officer.
    pub actor: String,
    /// When it was recorded (UTC).
    pub at: String,
}

/// A case's review, replayed from its events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Review {
    /// The case.
    pub case_id: String,
    /// Where it stands.
    pub status: Status,
    /// The current revision round (1 until the first resubmission).
    pub round: u32,
    /// How many events it has had: a case-level action is made on this version.
    pub version: u32,
    /// The items that have had verdicts.
    pub items: Vec<ItemReview>,
    /// Every revision request, oldest first.
    pub revision_requests: Vec<RevisionRequest>,
    /// The decision, once made.
    pub decision: Option<Decision>,
    /// The events, in the order the city backend applied them.
    pub events: Vec<Event>,
}

/// What the rules need to know about the case itself.
#[derive(Debug, Clone, Default)]
pub struct CaseFacts {
    /// The required items, in checklist order.
    pub required: Vec<String>,
    /// Each item's current (newest) document id.
    pub current_documents: BTreeMap<String, String>,
    /// The day it was filed (Balikpapan).
    pub filed_on: Option<Date>,
}

impl CaseFacts {
    /// The facts the rules need: the required items (in checklist order), and the newest
    /// document of each item among `documents`.
    pub fn new(required: Vec<String>, documents: &[Document], filed_on: Option<Date>) -> CaseFacts {
        let mut newest: BTreeMap<String, (i64, String)> = BTreeMap::new();
        for d in documents {
            let entry = newest
                .entry(d.item_key.clone())
                .or_insert((d.version, d.id.clone()));
            if d.version >= entry.0 {
                *entry = (d.version, d.id.clone());
            }
        }
        CaseFacts {
            required,
            current_documents: newest.into_iter().map(|(k, (_, id))| (k, id)).collect(),
            filed_on,
        }
    }

    /// The facts of a case as a desktop or the city backend holds it.
    pub fn of_case(case: &Case, filed_on: Option<Date>) -> CaseFacts {
        CaseFacts::new(case.required_keys(), &case.documents, filed_on)
    }
}

impl Review {
    /// The review of a case with no events yet.
    pub fn new(case_id: &str) -> Review {
        Review {
            case_id: case_id.to_owned(),
            status: Status::Filed,
            round: 1,
            version: 0,
            items: Vec::new(),
            revision_requests: Vec::new(),
            decision: None,
            events: Vec::new(),
        }
    }

    /// Replays `events` in the city backend's order.
    pub fn replay(case_id: &str, events: &[Event]) -> Review {
        let mut review = Review::new(case_id);
        for e in events {
            review.apply(e.clone());
        }
        review
    }

    /// An item's review, if it has had verdicts.
    pub fn item(&self, key: &str) -> Option<&ItemReview> {
        self.items.iter().find(|i| i.item_key == key)
    }

    /// The verdict that stands for `key`.
    pub fn standing(&self, key: &str) -> Option<Verdict> {
        self.item(key).and_then(|i| i.standing)
    }

    /// The version of `key` an officer's verdict builds on (0 before any).
    pub fn item_version(&self, key: &str) -> u32 {
        self.item(key).map_or(0, |i| i.version)
    }

    /// Required items without a standing verified verdict.
    pub fn unverified<'a>(&self, case: &'a CaseFacts) -> Vec<&'a str> {
        case.required
            .iter()
            .filter(|k| self.standing(k) != Some(Verdict::Verified))
            .map(String::as_str)
            .collect()
    }

    /// Required items whose standing verdict is a rejection.
    pub fn rejected<'a>(&self, case: &'a CaseFacts) -> Vec<&'a str> {
        case.required
            .iter()
            .filter(|k| self.standing(k) == Some(Verdict::Rejected))
            .map(String::as_str)
            .collect()
    }

    /// Items whose newest verdict was about another document than `case`'s current one: what
    /// a resubmission changed (the city backend records it in the event).
    pub fn changed_documents(&self, case: &CaseFacts) -> Vec<String> {
        self.items
            .iter()
            .filter(|i| {
                let judged = i.history.last().and_then(|h| h.document_id.as_ref());
                judged.is_some() && judged != case.current_documents.get(&i.item_key)
            })
            .map(|i| i.item_key.clone())
            .collect()
    }

    /// Applies one event (already checked, or recorded by the server). Within a round the
    /// documents do not change, so an item's newest verdict stands until a resubmission
    /// replaces its document.
    pub fn apply(&mut self, event: Event) {
        match &event.action {
            Action::Verdict {
                item_key,
                verdict,
                comment,
                document_id,
            } => {
                let entry = ItemEntry {
                    event_id: event.id.clone(),
                    round: event.round,
                    verdict: *verdict,
                    comment: comment.clone(),
                    document_id: document_id.clone(),
                    actor: event.actor.clone(),
                    at: event.at.clone(),
                };
                match self.items.iter_mut().find(|i| &i.item_key == item_key) {
                    Some(item) => {
                        item.history.push(entry);
                        item.version += 1;
                        item.standing = Some(*verdict);
                    }
                    None => self.items.push(ItemReview {
                        item_key: item_key.clone(),
                        history: vec![entry],
                        standing: Some(*verdict),
                        version: 1,
                        resubmitted: None,
                    }),
                }
                if self.status == Status::Filed {
                    self.status = Status::UnderReview;
                }
            }
            Action::RequestRevision { comment } => {
                let items = self
                    .items
                    .iter()
                    .filter(|i| i.standing == Some(Verdict::Rejected))
                    .map(|i| {
                        let why = i
                            .history
                            .last()
                            .map(|h| h.comment.clone())
                            .unwrap_or_default();
                        (i.item_key.clone(), why)
                    })
                    .collect();
                self.revision_requests.push(RevisionRequest {
                    round: self.round,
                    comment: comment.clone(),
                    items,
                    actor: event.actor.clone(),
                    at: event.at.clone(),
                });
                self.status = Status::NeedsAction;
            }
            Action::Resubmit {
                changed, responses, ..
            } => {
                // A new document or a response: the officer judges the item again.
                for item in &mut self.items {
                    let new_document = changed.contains(&item.item_key);
                    let response = responses
                        .get(&item.item_key)
                        .filter(|r| !r.trim().is_empty())
                        .cloned();
                    item.resubmitted = (new_document || response.is_some()).then(|| ItemChange {
                        round: self.round + 1,
                        new_document,
                        response: response.clone(),
                    });
                    if item.resubmitted.is_some() {
                        item.standing = None;
                    }
                }
                self.round += 1;
                self.status = Status::UnderReview;
            }
            Action::Approve {
                decision_number,
                decision_date,
                comment,
            } => {
                self.decision = Some(Decision {
                    approved: true,
                    number: Some(decision_number.clone()),
                    date: Some(decision_date.clone()),
                    text: comment.clone(),
                    actor: event.actor.clone(),
                    at: event.at.clone(),
                });
                self.status = Status::Approved;
            }
            Action::Reject { reasons } => {
                self.decision = Some(Decision {
                    approved: false,
                    number: None,
                    date: None,
                    text: reasons.clone(),
                    actor: event.actor.clone(),
                    at: event.at.clone(),
                });
                self.status = Status::Rejected;
            }
        }
        self.version += 1;
        self.events.push(event);
    }
}

/// `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Option<Date> {
    Date::parse(
        s.trim(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service_time::HolidayCalendar;
    use time::macros::date;

    fn case() -> CaseFacts {
        CaseFacts {
            required: vec!["nib@*".into(), "pbg@*".into()],
            current_documents: [("nib@*".into(), "d1".into()), ("pbg@*".into(), "d2".into())]
                .into_iter()
                .collect(),
            filed_on: Some(date!(2026 - 11 - 27)),
        }
    }

    fn event(id: &str, at: &str, action: Action) -> Event {
        Event {
            id: id.into(),
            round: 0,
            action,
            actor: "petugas".into(),
            at: at.into(),
        }
    }

    fn verdict(key: &str, v: Verdict, doc: &str) -> Action {
        Action::Verdict {
            item_key: key.into(),
            verdict: v,
            comment: if v == Verdict::Rejected {
                "buram".into()
            } else {
                String::new()
            },
            document_id: Some(doc.into()),
        }
    }

    fn approve(date: &str) -> Action {
        Action::Approve {
            decision_number: "503/0012/DPMPTSP/XII/2026".into(),
            decision_date: date.into(),
            comment: String::new(),
        }
    }

    #[test]
    fn a_case_goes_from_filed_through_a_revision_to_approval() {
        let mut c = case();
        let today = date!(2026 - 12 - 10);
        let mut r = Review::new("c1");
        assert_eq!(r.status, Status::Filed);
        let steps = [
            verdict("nib@*", Verdict::Verified, "d1"),
            verdict("pbg@*", Verdict::Rejected, "d2"),
            Action::RequestRevision {
                comment: "perbaiki denah".into(),
            },
        ];
        for (i, a) in steps.into_iter().enumerate() {
            r.check(&a, &c, today).unwrap();
            r.apply(event(&format!("e{i}"), "2026-11-30T01:00:00Z", a));
        }
        assert_eq!(r.status, Status::NeedsAction);
        assert_eq!(
            r.revision_requests[0].items,
            [("pbg@*".to_owned(), "buram".to_owned())]
        );
        // Waiting for the applicant: no verdicts, no decision.
        let err = r
            .check(&verdict("pbg@*", Verdict::Verified, "d2"), &c, today)
            .unwrap_err();
        assert_eq!(err.code, "waiting_for_applicant");
        // Sending the same documents back without a word fixes nothing: refused, naming the item.
        let unanswered = Action::Resubmit {
            snapshot_hash: "h".into(),
            changed: r.changed_documents(&c),
            responses: BTreeMap::new(),
        };
        let err = r.check(&unanswered, &c, today).unwrap_err();
        assert_eq!(err.code, "revision_unanswered");
        assert!(err.message.contains("pbg@*"), "{err}");
        // A blank response is no response; one for an item not in the case is refused.
        let blank = Action::Resubmit {
            snapshot_hash: "h".into(),
            changed: vec![],
            responses: BTreeMap::from([("pbg@*".to_owned(), "  ".to_owned())]),
        };
        assert_eq!(
            r.check(&blank, &c, today).unwrap_err().code,
            "revision_unanswered"
        );
        let stranger = Action::Resubmit {
            snapshot_hash: "h".into(),
            changed: vec![],
            responses: BTreeMap::from([("nope@*".to_owned(), "x".to_owned())]),
        };
        assert_eq!(
            r.check(&stranger, &c, today).unwrap_err().code,
            "unknown_item"
        );
        // A written response alone answers the item (the officer judges it again).
        let mut answered = r.clone();
        let response = Action::Resubmit {
            snapshot_hash: "h".into(),
            changed: vec![],
            responses: BTreeMap::from([(
                "pbg@*".to_owned(),
                "Halaman 2 memuat tanda tangan".to_owned(),
            )]),
        };
        answered.check(&response, &c, today).unwrap();
        answered.apply(event("e3", "2026-12-02T01:00:00Z", response));
        assert_eq!(answered.standing("pbg@*"), None);
        assert_eq!(
            answered.item("pbg@*").unwrap().resubmitted,
            Some(ItemChange {
                round: 2,
                new_document: false,
                response: Some("Halaman 2 memuat tanda tangan".to_owned()),
            })
        );
        // The applicant replaces the PBG document and resubmits: round 2, the old verdict no
        // longer stands but stays in the history.
        c.current_documents.insert("pbg@*".into(), "d3".into());
        assert_eq!(r.changed_documents(&c), ["pbg@*"]);
        let resubmit = Action::Resubmit {
            snapshot_hash: "h".into(),
            changed: r.changed_documents(&c),
            responses: BTreeMap::new(),
        };
        r.check(&resubmit, &c, today).unwrap();
        r.apply(event("e3", "2026-12-02T01:00:00Z", resubmit));
        assert_eq!((r.status, r.round), (Status::UnderReview, 2));
        assert_eq!(r.standing("pbg@*"), None);
        assert_eq!(
            r.item("pbg@*").unwrap().resubmitted,
            Some(ItemChange {
                round: 2,
                new_document: true,
                response: None
            })
        );
        assert_eq!(r.item("nib@*").unwrap().resubmitted, None);
        assert_eq!(r.item("pbg@*").unwrap().history.len(), 1);
        assert_eq!(r.standing("nib@*"), Some(Verdict::Verified));
        // Approval needs every item verified.
        let err = r.check(&approve("2026-12-03"), &c, today).unwrap_err();
        assert_eq!(err.code, "not_all_verified");
        assert!(err.message.contains("pbg@*"), "{err}");
        r.apply(event(
            "e4",
            "2026-12-03T01:00:00Z",
            verdict("pbg@*", Verdict::Verified, "d3"),
        ));
        assert_eq!(r.item_version("pbg@*"), 2);
        r.check(&approve("2026-12-03"), &c, today).unwrap();
        r.apply(event("e5", "2026-12-03T02:00:00Z", approve("2026-12-03")));
        assert_eq!(r.status, Status::Approved);
        assert_eq!(
            r.decision.as_ref().and_then(|d| d.number.as_deref()),
            Some("503/0012/DPMPTSP/XII/2026")
        );
        assert_eq!(
            r.check(
                &Action::Reject {
                    reasons: "x".into()
                },
                &c,
                today
            )
            .unwrap_err()
            .code,
            "decided"
        );
        // Replaying the same events gives the same review.
        assert_eq!(Review::replay("c1", &r.events), r);
    }

    #[test]
    fn bad_actions_are_refused_saying_why() {
        let c = case();
        let today = date!(2026 - 12 - 10);
        let r = Review::new("c1");
        let check = |a: Action| r.check(&a, &c, today).unwrap_err().code;
        assert_eq!(
            check(verdict("slf@*", Verdict::Verified, "x")),
            "unknown_item"
        );
        assert_eq!(
            check(Action::Verdict {
                item_key: "nib@*".into(),
                verdict: Verdict::Rejected,
                comment: "  ".into(),
                document_id: None
            }),
            "comment_required"
        );
        assert_eq!(
            check(Action::RequestRevision {
                comment: String::new()
            }),
            "nothing_rejected"
        );
        assert_eq!(
            check(Action::Resubmit {
                snapshot_hash: "h".into(),
                changed: vec![],
                responses: BTreeMap::new(),
            }),
            "not_waiting"
        );
        assert_eq!(
            check(Action::Reject {
                reasons: String::new()
            }),
            "comment_required"
        );
        let mut all = Review::new("c1");
        all.apply(event(
            "a",
            "2026-11-30T01:00:00Z",
            verdict("nib@*", Verdict::Verified, "d1"),
        ));
        all.apply(event(
            "b",
            "2026-11-30T01:00:00Z",
            verdict("pbg@*", Verdict::Verified, "d2"),
        ));
        for (date, why) in [
            ("2026-12-11", "in the future"),
            ("2026-11-26", "before the filing"),
            ("11/12/2026", "not a date"),
        ] {
            let err = all.check(&approve(date), &c, today).unwrap_err();
            assert!(err.message.contains(why), "{date}: {err}");
        }
        let blank = Action::Approve {
            decision_number: " ".into(),
            decision_date: "2026-12-01".into(),
            comment: String::new(),
        };
        assert_eq!(
            all.check(&blank, &c, today).unwrap_err().code,
            "invalid_decision"
        );
    }

    fn limits() -> BTreeMap<Stage, Limit> {
        let l = |d| Limit {
            working_days: d,
            source: "gerbang-reading".into(),
            confirmed: false,
        };
        [(Stage::Verification, l(5)), (Stage::Decision, l(3))]
            .into_iter()
            .collect()
    }

    #[test]
    fn the_verification_clock_stands_still_while_the_applicant_revises() {
        let c = case();
        let cal = HolidayCalendar::parse("2026-12-25\n").unwrap();
        // Filed Friday 27 Nov; verdicts Mon 30 Nov; revision asked Tue 1 Dec; resubmitted
        // Mon 7 Dec (WITA).
        let events = vec![
            event(
                "a",
                "2026-11-30T02:00:00Z",
                verdict("pbg@*", Verdict::Rejected, "d2"),
            ),
            event(
                "b",
                "2026-12-01T02:00:00Z",
                Action::RequestRevision {
                    comment: String::new(),
                },
            ),
        ];
        let r = Review::replay("c1", &events);
        let v = &clocks(
            &r,
            &c,
            "2026-11-27T03:00:00Z",
            date!(2026 - 12 - 04),
            &cal,
            &limits(),
        )[0];
        // Mon 30 Nov counts; from Tue 1 Dec the clock stands still.
        assert_eq!((v.used, v.paused, v.overdue), (1, true, false));
        let mut events = events;
        events.push(event(
            "c",
            "2026-12-06T23:30:00Z",
            Action::Resubmit {
                snapshot_hash: "h".into(),
                changed: vec!["pbg@*".into()],
                responses: BTreeMap::new(),
            },
        ));
        let r = Review::replay("c1", &events);
        // Resubmitted 07:30 WITA on Monday 7 Dec: it counts again from that day.
        let v = &clocks(
            &r,
            &c,
            "2026-11-27T03:00:00Z",
            date!(2026 - 12 - 10),
            &cal,
            &limits(),
        )[0];
        assert_eq!((v.used, v.paused, v.left), (5, false, 0));
        let v = &clocks(
            &r,
            &c,
            "2026-11-27T03:00:00Z",
            date!(2026 - 12 - 11),
            &cal,
            &limits(),
        )[0];
        assert!(v.overdue, "past 5 working days: fiktif positif");
        // The decision stage waits until every item is verified.
        let d = &clocks(
            &r,
            &c,
            "2026-11-27T03:00:00Z",
            date!(2026 - 12 - 11),
            &cal,
            &limits(),
        )[1];
        assert!(d.waiting);
    }

    #[test]
    fn verification_ends_when_every_item_is_verified_and_the_decision_clock_starts() {
        let c = case();
        let cal = HolidayCalendar::default();
        let events = vec![
            event(
                "a",
                "2026-11-30T02:00:00Z",
                verdict("nib@*", Verdict::Verified, "d1"),
            ),
            event(
                "b",
                "2026-12-01T02:00:00Z",
                verdict("pbg@*", Verdict::Verified, "d2"),
            ),
        ];
        let r = Review::replay("c1", &events);
        let all = clocks(
            &r,
            &c,
            "2026-11-27T03:00:00Z",
            date!(2026 - 12 - 09),
            &cal,
            &limits(),
        );
        assert_eq!(all[0].finished_on.as_deref(), Some("2026-12-01"));
        assert_eq!((all[0].used, all[0].overdue), (2, false));
        // Decision: from Tue 1 Dec, Wed 2 .. Wed 9 Dec is 6 working days, past the 3 allowed.
        assert_eq!(
            (all[1].waiting, all[1].used, all[1].overdue),
            (false, 6, true)
        );
        let mut events = events;
        events.push(event("c", "2026-12-03T02:00:00Z", approve("2026-12-03")));
        let r = Review::replay("c1", &events);
        let all = clocks(
            &r,
            &c,
            "2026-11-27T03:00:00Z",
            date!(2026 - 12 - 09),
            &cal,
            &limits(),
        );
        assert_eq!(all[1].finished_on.as_deref(), Some("2026-12-03"));
        assert_eq!((all[1].used, all[1].overdue), (2, false));
    }

    #[test]
    fn case_facts_name_the_newest_document_of_each_item() {
        let doc = |id: &str, version| crate::record::Document {
            id: id.to_owned(),
            case_id: "c1".to_owned(),
            item_key: "nib@*".to_owned(),
            version,
            sha256: "aa".to_owned(),
            size: 1,
            media_type: "application/pdf".to_owned(),
            original_name: "a.pdf".to_owned(),
            created_at: String::new(),
        };
        let f = CaseFacts::new(
            vec!["nib@*".to_owned()],
            &[doc("d2", 2), doc("d1", 1)],
            None,
        );
        assert_eq!(f.required, ["nib@*"]);
        assert_eq!(f.current_documents["nib@*"], "d2");
    }
}
