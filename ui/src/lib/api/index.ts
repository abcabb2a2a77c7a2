// The one door between the UI and Rust. Nothing else in the UI imports @tauri-apps: components
// call `api`, which is the Tauri backend inside the desktop app and an in-memory fake in a plain
// browser (for fast UI tests). Types crossing the boundary are generated from Rust (./generated).
import type { AppInfo } from './generated/AppInfo';
import type { DecisionNumberForm } from './generated/DecisionNumberForm';
import type { Case } from './generated/Case';
import type { CaseRow } from './generated/CaseRow';
import type { CaseListQuery } from './generated/CaseListQuery';
import type { CasePage } from './generated/CasePage';
import type { CaseSort } from './generated/CaseSort';
import type { CaseStatus } from './generated/CaseStatus';
import type { ClientRow } from './generated/ClientRow';
import type { ApiError } from './generated/ApiError';
import type { DatabaseKind } from './generated/DatabaseKind';
import type { ErrorCode } from './generated/ErrorCode';
import type { Checklist } from './generated/Checklist';
import type { Facts } from './generated/Facts';
import type { Activity } from './generated/Activity';
import type { Problem } from './generated/Problem';
import type { KbliChoice } from './generated/KbliChoice';
import type { Health } from './generated/Health';
import type { Hit } from './generated/Hit';
import type { KbliEdition } from './generated/KbliEdition';
import type { IdCheck } from './generated/IdCheck';
import type { IdKind } from './generated/IdKind';
import type { NewProfile } from './generated/NewProfile';
import type { Profile } from './generated/Profile';
import type { Person } from './generated/Person';
import type { Language } from './generated/Language';
import type { Settings } from './generated/Settings';
import type { Document } from './generated/Document';
import type { SyncStatus } from './generated/SyncStatus';
import type { Receipt } from './generated/Receipt';
import type { FileOutcome } from './generated/FileOutcome';
import type { QueuedFiling } from './generated/QueuedFiling';
import type { NextSteps } from './generated/NextSteps';
import type { NextCase } from './generated/NextCase';
import type { Deadline } from './generated/Deadline';
import type { FiledCase } from './generated/FiledCase';
import type { Conflict } from './generated/Conflict';
import type { ReviewPayload } from './generated/ReviewPayload';
import type { Sides } from './generated/Sides';
import type { CaseRecord } from './generated/CaseRecord';
import type { Action } from './generated/Action';
import type { Dashboard } from './generated/Dashboard';
import type { ItemReview } from './generated/ItemReview';
import type { LocalAction } from './generated/LocalAction';
import type { OwnReview } from './generated/OwnReview';
import type { QueueQuery } from './generated/QueueQuery';
import type { QueueRow } from './generated/QueueRow';
import type { ResubmitReceipt } from './generated/ResubmitReceipt';
import type { Review } from './generated/Review';
import type { ReviewCase } from './generated/ReviewCase';
import type { ReviewStatus } from './review-status';
import type { StageClock } from './generated/StageClock';
import type { TimeState } from './generated/TimeState';
import type { Verdict } from './generated/Verdict';
import type { PackBatch } from './generated/PackBatch';
import type { PackFailure } from './generated/PackFailure';
import type { PackProgress } from './generated/PackProgress';
import type { PackResult } from './generated/PackResult';
import type { Plan } from './generated/Plan';
import type { PlanStage } from './generated/PlanStage';
import type { StageProgress } from './generated/StageProgress';
import type { StageState } from './generated/StageState';
import type { Due } from './generated/Due';
import type { DueKind } from './generated/DueKind';
import type { CalendarView } from './generated/CalendarView';
import { isTauri } from '@tauri-apps/api/core';
import { tauriBackend } from './tauri';
import { createFakeBackend } from './fake';

export type {
	Plan,
	PlanStage,
	StageProgress,
	StageState,
	Due,
	DueKind,
	CalendarView,
	Action,
	Dashboard,
	ItemReview,
	LocalAction,
	OwnReview,
	QueueQuery,
	QueueRow,
	ResubmitReceipt,
	Review,
	ReviewCase,
	ReviewStatus,
	StageClock,
	TimeState,
	Verdict,
	Case,
	AppInfo,
	DecisionNumberForm,
	ApiError,
	CaseRow,
	CaseListQuery,
	CasePage,
	CaseSort,
	CaseStatus,
	ClientRow,
	Conflict,
	ReviewPayload,
	Sides,
	CaseRecord,
	Document,
	FiledCase,
	PackBatch,
	PackFailure,
	PackProgress,
	PackResult,
	Receipt,
	FileOutcome,
	QueuedFiling,
	NextSteps,
	NextCase,
	Deadline,
	SyncStatus,
	DatabaseKind,
	ErrorCode,
	Checklist,
	Facts,
	Activity,
	Problem,
	KbliChoice,
	Health,
	Hit,
	KbliEdition,
	IdCheck,
	IdKind,
	Language,
	NewProfile,
	Person,
	Profile,
	Settings
};

/** Everything the UI can ask of the app. */
export interface Backend {
	appInfo(): Promise<AppInfo>;
	getSettings(): Promise<Settings>;
	setLanguage(language: Language): Promise<Settings>;
	serverHealth(): Promise<Health>;
	/**
	 * A page of cases: `search` matches names, KBLI and notes; filters by status and client;
	 * the next page starts `after` the last row's id. The first page carries the total.
	 */
	listCases(query: CaseListQuery): Promise<CasePage>;
	/** Clients (applicant profiles) whose name contains `search`. */
	listClients(search: string): Promise<ClientRow[]>;
	/** One case with its facts, checklist, items and documents. */
	getCase(id: string): Promise<Case>;
	/** Creates a client (applicant profile); refused with the field and rule that failed. */
	createClient(profile: NewProfile): Promise<ClientRow>;
	/** Checks a NIK, NPWP or NIB as the user types; rejects with the rule that failed. */
	validateIdentifier(kind: IdKind, value: string): Promise<IdCheck>;
	/** KBLI codes by code prefix or words (typos allowed), with the crosswalk. */
	kbliSearch(query: string, edition: KbliEdition): Promise<Hit[]>;
	/** The checklist the facts would get today, without saving anything. */
	previewChecklist(facts: Facts): Promise<Checklist>;
	/** Creates a case for a client from the facts; returns its id. */
	createCase(profileId: string, facts: Facts): Promise<string>;
	/**
	 * Shows the native file dialog (titled `title`) and attaches the chosen file to the item;
	 * null when the user cancels. Refused with the reason when the file is too large or its
	 * content is not what an accepted type (PDF, PNG, JPEG) or its extension says.
	 */
	attachPick(caseId: string, itemKey: string, title: string): Promise<Document | null>;
	/** Attaches a file the user dropped on the window (only dropped paths are accepted). */
	attachDropped(caseId: string, itemKey: string, path: string): Promise<Document>;
	/** Opens a stored document in the system viewer; resolves to the copy that was opened. */
	openDocument(documentId: string): Promise<string>;
	/** One client with everything entered for it. */
	getClient(id: string): Promise<Profile>;
	/** Changes a client; its open cases follow (name, legal form, capital status). */
	updateClient(id: string, profile: NewProfile): Promise<ClientRow>;
	/** New facts for a case: the checklist is derived again, documents stay attached. */
	updateCase(id: string, facts: Facts): Promise<Case>;
	/** Replaces a case's notes (searchable). */
	setCaseNotes(id: string, notes: string): Promise<Case>;
	/** This device's sync state: account, pending changes, last sync, problems. */
	syncStatus(): Promise<SyncStatus>;
	/** Signs in to the city backend at `server`. */
	signIn(server: string, username: string, password: string): Promise<SyncStatus>;
	/** Signs out (the token is revoked at the server when it answers). */
	signOut(): Promise<SyncStatus>;
	/** Pushes pending changes and pulls new ones now. */
	syncNow(): Promise<SyncStatus>;
	/**
	 * Files a complete case with the city: the receipt with its filing number, or (the city
	 * backend unreachable) the filing queued for the next sync.
	 */
	fileCase(caseId: string): Promise<FileOutcome>;
	/** Withdraws a filing that waits for the network; the case can be changed again. */
	cancelFiling(caseId: string): Promise<SyncStatus>;
	/** Both sides of a conflict (this device's record and the server's copy). */
	conflictDetail(seq: number): Promise<Conflict>;
	/** Settles a conflict: keep this device's version, or take the server's. */
	resolveConflict(seq: number, keepMine: boolean): Promise<SyncStatus>;
	/** Filed cases pulled from the city backend (an officer's queue). */
	filedCases(): Promise<FiledCase[]>;
	/**
	 * Makes the case's document pack (in the language the UI speaks), reporting progress, and
	 * opens it in the system viewer.
	 */
	generatePack(caseId: string, onProgress: (p: PackProgress) => void): Promise<PackResult>;
	/**
	 * Asks for a folder (native dialog titled `title`) and writes the packs of the cases into it;
	 * null when the user cancels. A case that fails is listed in `failed`; the batch goes on.
	 */
	generatePacks(
		caseIds: string[],
		title: string,
		onProgress: (p: PackProgress) => void
	): Promise<PackBatch | null>;
	/** Opens a pack this app wrote in the system viewer. */
	/** Opens a pack this app wrote, or (`folder`) the folder that holds it. */
	openPack(path: string, folder?: boolean): Promise<void>;
	/** The officer's queue of filed cases, filtered, most urgent first. */
	reviewQueue(query: QueueQuery): Promise<QueueRow[]>;
	/** One filed case for review: profile, facts, checklist, documents, review, clocks. */
	reviewCase(caseId: string): Promise<ReviewCase>;
	/**
	 * Records an officer's action (checked with the review rules, audited, queued; synced in the
	 * background when signed in); resolves to the case as it now stands here.
	 */
	reviewAct(caseId: string, action: Action): Promise<ReviewCase>;
	/** The officers' dashboard figures. */
	reviewDashboard(): Promise<Dashboard>;
	/** The review of one of this device's own filed cases (null before any review exists). */
	ownReview(caseId: string): Promise<OwnReview | null>;
	/**
	 * Sends a revised case back after a revision request, with a written response (by item
	 * key) to each rejected item whose document stays as it was.
	 */
	resubmitCase(caseId: string, responses: Record<string, string>): Promise<ResubmitReceipt>;
	/** A document's content by SHA-256, for the in-app viewer. */
	documentBytes(sha256: string): Promise<ArrayBuffer>;
	/** The home screen's next steps: drafts, cases waiting for the applicant, dates. */
	nextSteps(): Promise<NextSteps>;
	/** The public-holiday calendar (one YYYY-MM-DD a line). */
	getHolidays(): Promise<string>;
	/** Replaces the holiday calendar; refused naming the line that is not a date. */
	setHolidays(text: string): Promise<string>;
	/** A case's licensing plan from today (stages, critical path, completion range). */
	casePlan(id: string): Promise<Plan>;
	/** The plan of a filed case under review (officers): the same derivation the applicant sees. */
	reviewPlan(caseId: string): Promise<Plan>;
	/** Records where a stage is (checked; refused as a problem), and plans the case again. */
	setStageProgress(id: string, progress: StageProgress): Promise<Plan>;
	/** Every date across the open and approved cases, and the reminder lead time. */
	calendar(): Promise<CalendarView>;
	/** Sets how many days before a date its reminder comes (0–120). */
	setReminderDays(days: number): Promise<CalendarView>;
	/** The dates whose reminder is due now, each returned once. */
	takeReminders(): Promise<Due[]>;
	/** Shows a desktop notification. */
	notify(title: string, body: string): Promise<void>;
	/** Saves an .ics calendar where the user chooses; resolves to its path, null if cancelled. */
	exportIcs(title: string, fileName: string, text: string): Promise<string | null>;
	/** Changes the document size limit (MB). */
	setMaxDocumentMb(mb: number): Promise<Settings>;
	/**
	 * Calls `handler` while files are dragged over the window (`paths` empty until the drop)
	 * and when they are dropped, with the point in CSS pixels. Resolves to an unsubscribe.
	 */
	onFileDrop(handler: (event: FileDropEvent) => void): Promise<() => void>;
}

/** Files dragged over or dropped on the window. */
export interface FileDropEvent {
	kind: 'over' | 'drop' | 'leave';
	paths: string[];
	x: number;
	y: number;
}

const ERROR_CODES: readonly ErrorCode[] = [
	'store',
	'catalog',
	'server_unreachable',
	'server_error',
	'invalid_input',
	'not_signed_in',
	'forbidden',
	'internal'
];

/** True for the `{code, message}` shape every Rust error arrives in. */
export function isApiError(e: unknown): e is ApiError {
	if (typeof e !== 'object' || e === null) return false;
	const { code, message } = e as Record<string, unknown>;
	return typeof message === 'string' && ERROR_CODES.includes(code as ErrorCode);
}

/** Normalises anything thrown by a call (Tauri rejects some calls with plain strings). */
export function toApiError(e: unknown): ApiError {
	if (isApiError(e)) return e;
	const message = e instanceof Error ? e.message : String(e);
	return { code: 'internal', message };
}

export const api: Backend = isTauri() ? tauriBackend : createFakeBackend(globalThis.localStorage);
