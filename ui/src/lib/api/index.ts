// The one door between the UI and Rust. Nothing else in the UI imports @tauri-apps: components
// call `api`, the Tauri backend inside the desktop app. Builds for a plain browser and the unit
// tests use an in-memory fake instead; the desktop bundle is built without it (`__GERBANG_FAKE__`
// is false there, so the fake is dropped at build time). Types crossing the boundary are
// generated from Rust (./generated) and re-exported whole.
import { isTauri } from '@tauri-apps/api/core';
import type { ApiError } from './generated/ApiError';
import { ERROR_CODES } from './generated/errorCodes';
import type { Backend } from './backend';
import { tauriBackend } from './tauri';
import { createFakeBackend } from './fake';

export type * from './generated';
export type { ReviewStatus } from './review-status';
export type { Backend, FileDropEvent } from './backend';

/** True for the `{code, message}` shape every Rust error arrives in. */
export function isApiError(e: unknown): e is ApiError {
	if (typeof e !== 'object' || e === null) return false;
	const { code, message } = e as Record<string, unknown>;
	return typeof message === 'string' && (ERROR_CODES as readonly unknown[]).includes(code);
}

/** Normalises anything thrown by a call (Tauri rejects some calls with plain strings). */
export function toApiError(e: unknown): ApiError {
	if (isApiError(e)) return e;
	const message = e instanceof Error ? e.message : String(e);
	return { code: 'internal', message };
}

export const api: Backend =
	__GERBANG_FAKE__ && !isTauri() ? createFakeBackend(globalThis.localStorage) : tauriBackend;
