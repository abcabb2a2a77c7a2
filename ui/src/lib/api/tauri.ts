// The desktop backend: each method is one Tauri command (names match src-tauri/src/command_names.rs).
import { Channel, invoke } from '@tauri-apps/api/core';
import { getCurrentWebview } from '@tauri-apps/api/webview';
import type { Backend, PackProgress } from './index';

/** A channel that hands each progress message to `handler`. */
function progress(handler: (p: PackProgress) => void): Channel<PackProgress> {
	const channel = new Channel<PackProgress>();
	channel.onmessage = handler;
	return channel;
}

export const tauriBackend: Backend = {
	appInfo: () => invoke('app_info'),
	getSettings: () => invoke('get_settings'),
	setLanguage: (language) => invoke('set_language', { language }),
	serverHealth: () => invoke('server_health'),
	listCases: (query) => invoke('list_cases', { query }),
	listClients: (search) => invoke('list_clients', { search }),
	getCase: (id) => invoke('get_case', { id }),
	createClient: (profile) => invoke('create_client', { profile }),
	validateIdentifier: (kind, value) => invoke('validate_identifier', { kind, value }),
	kbliSearch: (query, edition) => invoke('kbli_search', { query, edition }),
	previewChecklist: (facts) => invoke('preview_checklist', { facts }),
	createCase: (profileId, facts) => invoke('create_case', { profileId, facts }),
	attachPick: (caseId, itemKey, title) => invoke('attach_pick', { caseId, itemKey, title }),
	attachDropped: (caseId, itemKey, path) => invoke('attach_dropped', { caseId, itemKey, path }),
	openDocument: (documentId) => invoke('open_document', { documentId }),
	setMaxDocumentMb: (mb) => invoke('set_max_document_mb', { mb }),
	getClient: (id) => invoke('get_client', { id }),
	updateClient: (id, profile) => invoke('update_client', { id, profile }),
	updateCase: (id, facts) => invoke('update_case', { id, facts }),
	setCaseNotes: (id, notes) => invoke('set_case_notes', { id, notes }),
	syncStatus: () => invoke('sync_status'),
	signIn: (server, username, password) => invoke('sign_in', { server, username, password }),
	signOut: () => invoke('sign_out'),
	syncNow: () => invoke('sync_now'),
	fileCase: (caseId) => invoke('file_case', { caseId }),
	cancelFiling: (caseId) => invoke('cancel_filing', { caseId }),
	filedCases: () => invoke('filed_cases'),
	conflictDetail: (seq) => invoke('conflict_detail', { seq }),
	resolveConflict: (seq, keepMine) => invoke('resolve_conflict', { seq, keepMine }),
	generatePack: (caseId, onProgress) =>
		invoke('generate_pack', { caseId, onProgress: progress(onProgress) }),
	generatePacks: (caseIds, title, onProgress) =>
		invoke('generate_packs', { caseIds, title, onProgress: progress(onProgress) }),
	openPack: (path, folder = false) => invoke('open_pack', { path, folder }),
	reviewQueue: (query) => invoke('review_queue', { query }),
	reviewCase: (caseId) => invoke('review_case', { caseId }),
	reviewAct: (caseId, action) => invoke('review_act', { caseId, action }),
	reviewDashboard: () => invoke('review_dashboard'),
	ownReview: (caseId) => invoke('own_review', { caseId }),
	resubmitCase: (caseId, responses) => invoke('resubmit_case', { caseId, responses }),
	documentBytes: (sha256) => invoke('document_bytes', { sha256 }),
	nextSteps: () => invoke('next_steps'),
	getHolidays: () => invoke('get_holidays'),
	setHolidays: (text) => invoke('set_holidays', { text }),
	casePlan: (id) => invoke('case_plan', { id }),
	reviewPlan: (caseId) => invoke('review_plan', { caseId }),
	setStageProgress: (id, progress) => invoke('set_stage_progress', { id, progress }),
	calendar: () => invoke('calendar'),
	setReminderDays: (days) => invoke('set_reminder_days', { days }),
	takeReminders: () => invoke('take_reminders'),
	notify: (title, body) => invoke('notify', { title, body }),
	exportIcs: (title, fileName, text) => invoke('export_ics', { title, fileName, text }),
	onFileDrop: (handler) =>
		getCurrentWebview().onDragDropEvent(({ payload }) => {
			if (payload.type === 'leave') {
				handler({ kind: 'leave', paths: [], x: 0, y: 0 });
				return;
			}
			// Tauri reports physical pixels; the page hit-tests in CSS pixels.
			const scale = window.devicePixelRatio || 1;
			const { x, y } = payload.position;
			handler({
				kind: payload.type === 'drop' ? 'drop' : 'over',
				paths: payload.type === 'drop' ? payload.paths : [],
				x: x / scale,
				y: y / scale
			});
		})
};
