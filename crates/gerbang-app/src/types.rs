//! The records and reports the application hands its shells, by one name each: the desktop
//! and the command line name them here, never in the crates below the application.

pub use crate::desk_review::{
    Dashboard, QueueQuery, QueueRow, ReviewCase, TimeState, WeekDecisions,
};
pub use crate::home::{Deadline, DeadlineKind, NextCase, NextSteps};
pub use crate::plan::{Due, DueKind};
pub use crate::sync::Rederived;
pub use gerbang_core::record::case::{Case, CaseStatus, CaseSummary, StoredItem};
pub use gerbang_core::record::document::Document;
pub use gerbang_core::record::profile::{NewProfile, Person, Profile, ProfileKind};
pub use gerbang_pack::verify::Verified;
pub use gerbang_store::audit::Broken;
pub use gerbang_store::cases::CaseSort;
pub use gerbang_store::filings::QueuedFiling;
pub use gerbang_store::outbox::{Conflict, Sides, SyncProblem};
pub use gerbang_store::review::{LocalAction, ReviewView};
pub use gerbang_store::transfer::CaseExport;
pub use gerbang_sync::engine::{Progress as SyncProgress, Report as SyncReport};
pub use gerbang_sync::vault::TokenHome;
pub use gerbang_sync::wire::{
    ErrorCode as ServerCode, PackVerification, Receipt, ResubmitReceipt, ReviewPayload, Role,
    Session,
};
pub use gerbang_sync::{DatabaseKind, Health, default_server_url};
