// The desktop backend: each method is one Tauri command (names match src-tauri/src/command_names.rs).
import { invoke } from '@tauri-apps/api/core';
import type { Backend } from './index';

export const tauriBackend: Backend = {
	appInfo: () => invoke('app_info'),
	getSettings: () => invoke('get_settings'),
	setLanguage: (language) => invoke('set_language', { language }),
	serverHealth: () => invoke('server_health'),
	listCases: (search, limit, offset) => invoke('list_cases', { search, limit, offset }),
	listClients: (search) => invoke('list_clients', { search }),
	getCase: (id) => invoke('get_case', { id }),
	createClient: (profile) => invoke('create_client', { profile }),
	validateIdentifier: (kind, value) => invoke('validate_identifier', { kind, value }),
	kbliSearch: (query, edition) => invoke('kbli_search', { query, edition }),
	previewChecklist: (facts) => invoke('preview_checklist', { facts }),
	createCase: (profileId, facts) => invoke('create_case', { profileId, facts })
};
