// A backend for running the UI in a plain browser: settings persist in the given storage, the
// server is "unreachable" unless told otherwise. It stands beside the real app, never for it.
import type { ApiError } from './generated/ApiError';
import type { Backend } from './backend';
import type { CaseRow } from './generated/CaseRow';
import type { ClientRow } from './generated/ClientRow';
import type { Health } from './generated/Health';
import type { Language } from './generated/Language';

const LANGUAGE_KEY = 'gerbang.language';
const MAX_MB_KEY = 'gerbang.max_document_mb';
const HOLIDAYS_KEY = 'gerbang.holidays';
const REMINDER_KEY = 'gerbang.reminder_days';

export interface FakeOptions {
	health?: Health;
	cases?: CaseRow[];
	clients?: ClientRow[];
}

export function createFakeBackend(
	storage: Pick<Storage, 'getItem' | 'setItem'> | undefined,
	options: FakeOptions = {}
): Backend {
	const memory = new Map<string, string>();
	const get = (k: string) => (storage ? storage.getItem(k) : (memory.get(k) ?? null));
	const set = (k: string, v: string) => (storage ? storage.setItem(k, v) : memory.set(k, v));
	const language = (): Language => (get(LANGUAGE_KEY) === 'en' ? 'en' : 'id');
	const maxMb = () => Number(get(MAX_MB_KEY) ?? 50);

	return {
		async appInfo() {
			return {
				version: '0.0.0-browser',
				catalog_version: 'browser',
				progress: null,
				catalog_hash: '0'.repeat(64),
				data_dir: '(browser)',
				server_url: 'http://127.0.0.1:8740'
			};
		},
		async getSettings() {
			return { language: language(), max_document_mb: maxMb() };
		},
		async setLanguage(lang) {
			if (lang !== 'id' && lang !== 'en') {
				const err: ApiError = { code: 'invalid_input', message: `unsupported language ${lang}` };
				throw err;
			}
			set(LANGUAGE_KEY, lang);
			return { language: language(), max_document_mb: maxMb() };
		},
		async listCases(query) {
			const words = (query.search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
			const matching = (options.cases ?? [])
				.filter((c) => words.every((w) => `${c.title} ${c.profile_name}`.toLowerCase().includes(w)))
				.filter((c) => !query.status || c.status === query.status);
			const start = query.after ? matching.findIndex((c) => c.id === query.after) + 1 : 0;
			return {
				rows: matching.slice(start, start + query.limit),
				total: query.after ? null : matching.length
			};
		},
		async listClients(search) {
			const q = search.toLowerCase();
			return (options.clients ?? []).filter((c) => c.name.toLowerCase().includes(q));
		},
		async getCase(id) {
			const err: ApiError = { code: 'store', message: `no case with id ${id}` };
			throw err;
		},
		async createClient(profile) {
			const row: ClientRow = {
				id: `fake-${(options.clients ?? []).length + 1}`,
				name: profile.name,
				kind: profile.kind,
				entity_type: profile.entity_type,
				capital_status: profile.capital_status,
				identifier: profile.nik ?? profile.npwp ?? ''
			};
			options.clients = [...(options.clients ?? []), row];
			return row;
		},
		async validateIdentifier(kind, value) {
			// The browser fake checks only the length; the real rules live in Rust.
			const digits = value.replace(/[\s.-]/g, '');
			const lengths: Record<string, number[]> = { nik: [16], npwp: [15, 16, 22], nib: [13] };
			if (!/^\d+$/.test(digits) || !lengths[kind].includes(digits.length)) {
				const err: ApiError = { code: 'invalid_input', message: `${kind.toUpperCase()} has ${digits.length} digits` };
				throw err;
			}
			return { normalized: digits, warning: null };
		},
		async kbliSearch() {
			return { hits: [], weak: false, divisions: [] };
		},
		async kbliSections() {
			return [];
		},
		async kbliDivision() {
			return [];
		},
		async previewChecklist() {
			const err: ApiError = { code: 'catalog', message: 'no catalog in browser mode' };
			throw err;
		},
		async createCase() {
			const err: ApiError = { code: 'store', message: 'no store in browser mode' };
			throw err;
		},
		async getClient(id) {
			const err: ApiError = { code: 'invalid_input', message: `no profile with id ${id}` };
			throw err;
		},
		async updateClient(id, profile) {
			const row = (options.clients ?? []).find((c) => c.id === id);
			if (!row) {
				const err: ApiError = { code: 'invalid_input', message: `no profile with id ${id}` };
				throw err;
			}
			Object.assign(row, { name: profile.name, capital_status: profile.capital_status });
			return row;
		},
		async updateCase(id) {
			const err: ApiError = { code: 'store', message: `no case with id ${id}` };
			throw err;
		},
		async setCaseNotes(id) {
			const err: ApiError = { code: 'store', message: `no case with id ${id}` };
			throw err;
		},
		async syncStatus() {
			return {
				server_url: 'http://127.0.0.1:8740',
				account: null,
				token_home: null,
				pending: 0,
				last_sync: null,
				last_sync_at: null,
				cursor: 0,
				pulled: {},
				syncing: false,
				last_error: null,
				last_report: null,
				problems: [],
				catalog_version: 'browser',
				progress: null,
				catalog_change: null,
				queued_filings: [],
				arrived: []
			};
		},
		async signIn() {
			const err: ApiError = { code: 'server_unreachable', message: 'no city backend in browser mode' };
			throw err;
		},
		async signOut() {
			return this.syncStatus();
		},
		async syncNow() {
			const err: ApiError = { code: 'not_signed_in', message: 'sign in first' };
			throw err;
		},
		async fileCase() {
			const err: ApiError = { code: 'not_signed_in', message: 'sign in first' };
			throw err;
		},
		async cancelFiling(caseId) {
			const err: ApiError = { code: 'invalid_input', message: `no queued filing ${caseId}` };
			throw err;
		},
		async filedCases() {
			return [];
		},
		async conflictDetail(seq) {
			const err: ApiError = { code: 'invalid_input', message: `no unresolved conflict ${seq}` };
			throw err;
		},
		async resolveConflict(seq) {
			const err: ApiError = { code: 'invalid_input', message: `no unresolved conflict ${seq}` };
			throw err;
		},
		async generatePack(caseId) {
			const err: ApiError = { code: 'store', message: `no case with id ${caseId}` };
			throw err;
		},
		async generatePacks() {
			return null;
		},
		async openPack(path) {
			const err: ApiError = { code: 'invalid_input', message: `${path} is not a pack this app wrote` };
			throw err;
		},
		async reviewQueue() {
			const err: ApiError = { code: 'not_signed_in', message: 'sign in with an officer account' };
			throw err;
		},
		async reviewCase(caseId) {
			const err: ApiError = { code: 'invalid_input', message: `no filed case ${caseId}` };
			throw err;
		},
		async reviewAct(caseId) {
			const err: ApiError = { code: 'invalid_input', message: `no filed case ${caseId}` };
			throw err;
		},
		async reviewDashboard() {
			return {
				by_status: [],
				by_time: [],
				attention: [],
				decisions_per_week: [],
				median_days_to_decision: null,
				median_working_days_to_decision: null,
				decided: 0
			};
		},
		async ownReview() {
			return null;
		},
		async resubmitCase() {
			const err: ApiError = { code: 'not_signed_in', message: 'sign in first' };
			throw err;
		},
		async documentBytes(sha256) {
			const err: ApiError = { code: 'invalid_input', message: `no document ${sha256}` };
			throw err;
		},
		async nextSteps() {
			return { drafts: [], needs_action: [], deadlines: [] };
		},
		async getHolidays() {
			return get(HOLIDAYS_KEY) ?? '';
		},
		async setHolidays(text) {
			const bad = text
				.split('\n')
				.map((l, i) => [l.split('#')[0].trim(), i + 1] as const)
				.find(([l]) => l && !/^\d{4}-\d{2}-\d{2}$/.test(l));
			if (bad) {
				const err: ApiError = { code: 'invalid_input', message: `holidays: line ${bad[1]}: "${bad[0]}" is not a YYYY-MM-DD date` };
				throw err;
			}
			set(HOLIDAYS_KEY, text);
			return text;
		},
		async casePlan(id) {
			const err: ApiError = { code: 'store', message: `no case ${id} in browser mode` };
			throw err;
		},
		async reviewPlan(caseId) {
			const err: ApiError = { code: 'forbidden', message: `no filed case ${caseId} in browser mode` };
			throw err;
		},
		async setStageProgress(id) {
			const err: ApiError = { code: 'store', message: `no case ${id} in browser mode` };
			throw err;
		},
		async calendar() {
			return { dues: [], reminder_days: Number(get(REMINDER_KEY) ?? 14) };
		},
		async setReminderDays(days) {
			if (!Number.isInteger(days) || days < 0 || days > 120) {
				const err: ApiError = { code: 'invalid_input', message: `reminder_days: ${days}` };
				throw err;
			}
			set(REMINDER_KEY, String(days));
			return { dues: [], reminder_days: days };
		},
		async takeReminders() {
			return [];
		},
		async notify() {},
		async exportIcs() {
			return null;
		},
		async attachPick() {
			return null;
		},
		async attachDropped() {
			const err: ApiError = { code: 'store', message: 'no store in browser mode' };
			throw err;
		},
		async openDocument() {
			const err: ApiError = { code: 'store', message: 'no store in browser mode' };
			throw err;
		},
		async setMaxDocumentMb(mb) {
			set(MAX_MB_KEY, String(mb));
			return { language: language(), max_document_mb: maxMb() };
		},
		async onFileDrop() {
			return () => {};
		},
		async serverHealth() {
			if (options.health) return options.health;
			const err: ApiError = {
				code: 'server_unreachable',
				message: 'no city backend in browser mode'
			};
			throw err;
		}
	};
}
