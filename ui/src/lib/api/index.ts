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
import type { Commands } from './generated/commands';
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

/**
 * Everything the UI can ask of the app: every command the Rust side declares (generated from
 * its #[tauri::command] functions, so names, arguments and answers cannot drift), and the
 * window's drag-and-drop events. The Tauri backend and the fake both implement exactly this.
 */
export interface Backend extends Commands {
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
