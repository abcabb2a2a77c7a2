// Generated from the #[tauri::command] functions in src-tauri/src/*commands.rs by
// `GERBANG_BLESS=1 cargo test -p gerbang-desktop bindings`; do not edit.
import type { Action } from './Action';
import type { AppInfo } from './AppInfo';
import type { CalendarView } from './CalendarView';
import type { Case } from './Case';
import type { CaseListQuery } from './CaseListQuery';
import type { CasePage } from './CasePage';
import type { Checklist } from './Checklist';
import type { ClientRow } from './ClientRow';
import type { Conflict } from './Conflict';
import type { Dashboard } from './Dashboard';
import type { Document } from './Document';
import type { Due } from './Due';
import type { Facts } from './Facts';
import type { FileOutcome } from './FileOutcome';
import type { FiledCase } from './FiledCase';
import type { Found } from './Found';
import type { Health } from './Health';
import type { Hit } from './Hit';
import type { IdCheck } from './IdCheck';
import type { IdKind } from './IdKind';
import type { KbliEdition } from './KbliEdition';
import type { Language } from './Language';
import type { NewProfile } from './NewProfile';
import type { NextSteps } from './NextSteps';
import type { OwnReview } from './OwnReview';
import type { PackBatch } from './PackBatch';
import type { PackProgress } from './PackProgress';
import type { PackResult } from './PackResult';
import type { Plan } from './Plan';
import type { Profile } from './Profile';
import type { QueueQuery } from './QueueQuery';
import type { QueueRow } from './QueueRow';
import type { ResubmitReceipt } from './ResubmitReceipt';
import type { ReviewCase } from './ReviewCase';
import type { Section } from './Section';
import type { Settings } from './Settings';
import type { StageProgress } from './StageProgress';
import type { SyncStatus } from './SyncStatus';

/** Every command the desktop app answers, as the UI calls it. */
export interface Commands {
	appInfo(): Promise<AppInfo>;
	getSettings(): Promise<Settings>;
	setLanguage(language: Language): Promise<Settings>;
	serverHealth(): Promise<Health>;
	/**
	 * A page of cases: `search` matches names, KBLI and notes; filters by status and client; the
	 * next page starts `after` the last row's id. The first page carries the total.
	 */
	listCases(query: CaseListQuery): Promise<CasePage>;
	/**
	 * Clients (applicant profiles) whose name contains `search`.
	 */
	listClients(search: string): Promise<ClientRow[]>;
	/**
	 * Creates a client (applicant profile); refused with the field and rule that failed.
	 */
	createClient(profile: NewProfile): Promise<ClientRow>;
	/**
	 * Checks a NIK, NPWP or NIB as the user types; rejects with the rule that failed.
	 */
	validateIdentifier(kind: IdKind, value: string): Promise<IdCheck>;
	/**
	 * One case with its facts, checklist, items and documents.
	 */
	getCase(id: string): Promise<Case>;
	/**
	 * KBLI codes for a code prefix or the applicant's words, best first, with the crosswalk and
	 * whether they answer the words well (else: browse by section and division).
	 */
	kbliSearch(query: string, edition: KbliEdition): Promise<Found>;
	/**
	 * The KBLI's sections and their divisions in one edition, to browse.
	 */
	kbliSections(edition: KbliEdition): Promise<Section[]>;
	/**
	 * The codes of one KBLI division (two digits), in code order.
	 */
	kbliDivision(edition: KbliEdition, division: string): Promise<Hit[]>;
	/**
	 * The checklist the facts would get today, without saving anything.
	 */
	previewChecklist(facts: Facts): Promise<Checklist>;
	/**
	 * Creates a case for a client from the facts; returns its id.
	 */
	createCase(profileId: string, facts: Facts): Promise<string>;
	/**
	 * Shows the native file dialog (titled `title`, PDF/PNG/JPEG) over the window and attaches the
	 * chosen file to the item; `None` when the user cancels.
	 */
	attachPick(caseId: string, itemKey: string, title: string): Promise<Document | null>;
	/**
	 * Attaches a file the user dropped on the window. Only paths from the last drop are read, so
	 * the UI cannot make the app read a file the user did not hand over.
	 */
	attachDropped(caseId: string, itemKey: string, path: string): Promise<Document>;
	/**
	 * Opens a stored document in the system's viewer: a copy under its original name goes to
	 * `opened/` in the data directory (blobs are shared and must not be edited in place).
	 */
	openDocument(documentId: string): Promise<string>;
	/**
	 * The documents size limit, in MB.
	 */
	setMaxDocumentMb(mb: number): Promise<Settings>;
	/**
	 * One client with everything entered for it.
	 */
	getClient(id: string): Promise<Profile>;
	/**
	 * Changes a client; its open cases follow (see `Store::update_profile`).
	 */
	updateClient(id: string, profile: NewProfile): Promise<ClientRow>;
	/**
	 * New facts for a case: the checklist is derived again; documents stay with the items that
	 * still need them.
	 */
	updateCase(id: string, facts: Facts): Promise<Case>;
	/**
	 * Replaces a case's notes (searchable).
	 */
	setCaseNotes(id: string, notes: string): Promise<Case>;
	/**
	 * Makes the case's pack in `packs/` of the data directory and opens it in the system viewer
	 * (the pack is written either way).
	 */
	generatePack(caseId: string, onProgress: (message: PackProgress) => void): Promise<PackResult>;
	/**
	 * Asks for a folder (native dialog titled `title`) and writes the packs of `case_ids` into it;
	 * a case that fails is reported and the batch goes on. `None` when the user cancels.
	 */
	generatePacks(caseIds: string[], title: string, onProgress: (message: PackProgress) => void): Promise<PackBatch | null>;
	/**
	 * Opens a pack this app wrote in the system viewer, or (`folder`) the folder that holds it in
	 * the file manager; only packs this app wrote: the UI cannot open any file.
	 */
	openPack(path: string, folder?: boolean | null): Promise<void>;
	/**
	 * A case's plan from today.
	 */
	casePlan(id: string): Promise<Plan>;
	/**
	 * The plan of a filed case under review (officers).
	 */
	reviewPlan(caseId: string): Promise<Plan>;
	/**
	 * Records where a stage is, and plans the case again.
	 */
	setStageProgress(id: string, progress: StageProgress): Promise<Plan>;
	/**
	 * Every date across the open and approved cases.
	 */
	calendar(): Promise<CalendarView>;
	/**
	 * Sets how many days before a date its reminder comes.
	 */
	setReminderDays(days: number): Promise<CalendarView>;
	/**
	 * The dates whose reminder is due now; each is returned once (the UI words and raises it).
	 */
	takeReminders(): Promise<Due[]>;
	/**
	 * Shows a desktop notification worded by the UI.
	 */
	notify(title: string, body: string): Promise<void>;
	/**
	 * Saves an .ics calendar (worded by the UI) where the user chooses; `None` when cancelled.
	 */
	exportIcs(title: string, fileName: string, text: string): Promise<string | null>;
	/**
	 * The officer's queue of filed cases, filtered, most urgent first.
	 */
	reviewQueue(query: QueueQuery): Promise<QueueRow[]>;
	/**
	 * One filed case for review: profile, facts, checklist, documents, review, clocks.
	 */
	reviewCase(caseId: string): Promise<ReviewCase>;
	/**
	 * Records an officer's action (checked, audited, queued) and syncs in the background when
	 * signed in; answers with the case as it now stands on this device.
	 */
	reviewAct(caseId: string, action: Action): Promise<ReviewCase>;
	/**
	 * The officers' dashboard figures.
	 */
	reviewDashboard(): Promise<Dashboard>;
	/**
	 * The review of one of this device's own (filed) cases, with its clocks.
	 */
	ownReview(caseId: string): Promise<OwnReview | null>;
	/**
	 * Sends a revised case back to the officers, with a written response to each rejected item
	 * whose document stays as it was.
	 */
	resubmitCase(caseId: string, responses: Record<string, string>): Promise<ResubmitReceipt>;
	/**
	 * A stored document's content, for the in-app viewer: by SHA-256, from this device's blob
	 * store only (the applicant's own files, or a filed case's downloaded ones).
	 */
	documentBytes(sha256: string): Promise<ArrayBuffer>;
	/**
	 * The home screen's next steps: drafts to finish, cases waiting for the applicant, dates.
	 */
	nextSteps(): Promise<NextSteps>;
	/**
	 * The public-holiday calendar (one YYYY-MM-DD a line).
	 */
	getHolidays(): Promise<string>;
	/**
	 * Replaces the holiday calendar (one `YYYY-MM-DD` a line; `#` starts a comment).
	 */
	setHolidays(text: string): Promise<string>;
	/**
	 * This device's sync state: account, pending changes, last sync, problems.
	 */
	syncStatus(): Promise<SyncStatus>;
	/**
	 * Signs in to the city backend at `server`. A refusal is worded by the UI from the server's
	 * code: wrong password, or the wait after too many (with its seconds).
	 */
	signIn(server: string, username: string, password: string): Promise<SyncStatus>;
	/**
	 * Signs out (the token is revoked at the server when it answers).
	 */
	signOut(): Promise<SyncStatus>;
	/**
	 * Pushes pending changes and pulls new ones now.
	 */
	syncNow(): Promise<SyncStatus>;
	/**
	 * Files a case now, or (the city backend unreachable) queues it for the next sync.
	 */
	fileCase(caseId: string): Promise<FileOutcome>;
	/**
	 * Withdraws a filing that waits for the network (the case can be changed again).
	 */
	cancelFiling(caseId: string): Promise<SyncStatus>;
	/**
	 * Filed cases pulled from the city backend (an officer's queue).
	 */
	filedCases(): Promise<FiledCase[]>;
	/**
	 * Both sides of a conflict (this device's record and the server's copy).
	 */
	conflictDetail(seq: number): Promise<Conflict>;
	/**
	 * Settles a conflict: `keep_mine` sends this device's version again on top of the server's;
	 * otherwise the server's copy replaces the local record. Then syncs if signed in.
	 */
	resolveConflict(seq: number, keepMine: boolean): Promise<SyncStatus>;
}

/** Each method's command and the names of its arguments, in order. */
export const COMMANDS: { readonly [M in keyof Commands]: readonly [string, readonly string[]] } = {
	appInfo: ['app_info', []],
	getSettings: ['get_settings', []],
	setLanguage: ['set_language', ['language']],
	serverHealth: ['server_health', []],
	listCases: ['list_cases', ['query']],
	listClients: ['list_clients', ['search']],
	createClient: ['create_client', ['profile']],
	validateIdentifier: ['validate_identifier', ['kind', 'value']],
	getCase: ['get_case', ['id']],
	kbliSearch: ['kbli_search', ['query', 'edition']],
	kbliSections: ['kbli_sections', ['edition']],
	kbliDivision: ['kbli_division', ['edition', 'division']],
	previewChecklist: ['preview_checklist', ['facts']],
	createCase: ['create_case', ['profileId', 'facts']],
	attachPick: ['attach_pick', ['caseId', 'itemKey', 'title']],
	attachDropped: ['attach_dropped', ['caseId', 'itemKey', 'path']],
	openDocument: ['open_document', ['documentId']],
	setMaxDocumentMb: ['set_max_document_mb', ['mb']],
	getClient: ['get_client', ['id']],
	updateClient: ['update_client', ['id', 'profile']],
	updateCase: ['update_case', ['id', 'facts']],
	setCaseNotes: ['set_case_notes', ['id', 'notes']],
	generatePack: ['generate_pack', ['caseId', 'onProgress']],
	generatePacks: ['generate_packs', ['caseIds', 'title', 'onProgress']],
	openPack: ['open_pack', ['path', 'folder']],
	casePlan: ['case_plan', ['id']],
	reviewPlan: ['review_plan', ['caseId']],
	setStageProgress: ['set_stage_progress', ['id', 'progress']],
	calendar: ['calendar', []],
	setReminderDays: ['set_reminder_days', ['days']],
	takeReminders: ['take_reminders', []],
	notify: ['notify', ['title', 'body']],
	exportIcs: ['export_ics', ['title', 'fileName', 'text']],
	reviewQueue: ['review_queue', ['query']],
	reviewCase: ['review_case', ['caseId']],
	reviewAct: ['review_act', ['caseId', 'action']],
	reviewDashboard: ['review_dashboard', []],
	ownReview: ['own_review', ['caseId']],
	resubmitCase: ['resubmit_case', ['caseId', 'responses']],
	documentBytes: ['document_bytes', ['sha256']],
	nextSteps: ['next_steps', []],
	getHolidays: ['get_holidays', []],
	setHolidays: ['set_holidays', ['text']],
	syncStatus: ['sync_status', []],
	signIn: ['sign_in', ['server', 'username', 'password']],
	signOut: ['sign_out', []],
	syncNow: ['sync_now', []],
	fileCase: ['file_case', ['caseId']],
	cancelFiling: ['cancel_filing', ['caseId']],
	filedCases: ['filed_cases', []],
	conflictDetail: ['conflict_detail', ['seq']],
	resolveConflict: ['resolve_conflict', ['seq', 'keepMine']],
};
