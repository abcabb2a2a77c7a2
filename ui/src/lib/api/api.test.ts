import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isApiError, toApiError } from './index';
import { createFakeBackend } from './fake';

function memoryStorage() {
	const m = new Map<string, string>();
	return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
}

describe('errors', () => {
	it('recognises the {code, message} shape and nothing else', () => {
		expect(isApiError({ code: 'store', message: 'disk full' })).toBe(true);
		expect(isApiError({ code: 'nope', message: 'x' })).toBe(false);
		expect(isApiError({ code: 'store' })).toBe(false);
		expect(isApiError('boom')).toBe(false);
	});

	it('wraps foreign errors as internal', () => {
		expect(toApiError('command not allowed')).toEqual({
			code: 'internal',
			message: 'command not allowed'
		});
		expect(toApiError(new Error('x'))).toEqual({ code: 'internal', message: 'x' });
		const e = { code: 'server_error', message: '500' };
		expect(toApiError(e)).toBe(e);
	});
});

describe('fake backend', () => {
	it('defaults to Indonesian and remembers the choice in its storage', async () => {
		const storage = memoryStorage();
		const a = createFakeBackend(storage);
		expect((await a.getSettings()).language).toBe('id');
		await a.setLanguage('en');
		const b = createFakeBackend(storage);
		expect((await b.getSettings()).language).toBe('en');
	});

	it('fails like the real one when the server is unreachable', async () => {
		const fake = createFakeBackend(undefined);
		await expect(fake.serverHealth()).rejects.toMatchObject({ code: 'server_unreachable' });
		const online = createFakeBackend(undefined, {
			health: { status: 'ok', version: '9.9.9', database: 'postgres' }
		});
		expect((await online.serverHealth()).version).toBe('9.9.9');
	});
});

const here = dirname(fileURLToPath(import.meta.url));

describe('fake case and client lists', () => {
	it('filter by words and page', async () => {
		const row = (id: string, title: string) => ({
			id,
			title,
			status: 'draft' as const,
			profile_id: 'p1',
			profile_name: 'CV Teluk Rasa',
			items_required: 7,
			updated_at: '2026-11-27T13:05:00Z',
			updated: '27/11/2026 21:05 WITA'
		});
		const fake = createFakeBackend(undefined, {
			cases: [row('a', 'CV Teluk Rasa: Restoran'), row('b', 'CV Teluk Rasa: Kafe')]
		});
		const q = { search: null, status: null, client_id: null, sort: 'recent_first' as const };
		const kafe = await fake.listCases({ ...q, search: 'kafe', after: null, limit: 10 });
		expect(kafe.rows.map((c) => c.id)).toEqual(['b']);
		expect(kafe.total).toBe(1);
		const next = await fake.listCases({ ...q, after: 'a', limit: 1 });
		expect(next.rows.map((c) => c.id)).toEqual(['b']);
		expect(next.total).toBeNull();
		expect(await fake.listClients('x')).toEqual([]);
	});
});

describe('the IPC surface is one module', () => {
	it('no file outside src/lib/api imports @tauri-apps', () => {
		const root = join(here, '..', '..');
		const offenders: string[] = [];
		const walk = (dir: string) => {
			for (const name of readdirSync(dir)) {
				const path = join(dir, name);
				if (statSync(path).isDirectory()) walk(path);
				else if (/\.(ts|svelte|js)$/.test(name) && !path.startsWith(here)) {
					if (readFileSync(path, 'utf8').includes('@tauri-apps')) offenders.push(relative(root, path));
				}
			}
		};
		walk(root);
		expect(offenders).toEqual([]);
	});
});
