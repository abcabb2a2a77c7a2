import { describe, expect, it, vi } from 'vitest';

const calls: [string, Record<string, unknown>][] = [];
vi.mock('@tauri-apps/api/core', () => {
	class Channel<T> {
		onmessage: (message: T) => void = () => {};
	}
	return {
		Channel,
		invoke: (name: string, args: Record<string, unknown>) => {
			calls.push([name, args]);
			return Promise.resolve(null);
		},
		isTauri: () => false
	};
});
vi.mock('@tauri-apps/api/webview', () => ({ getCurrentWebview: () => ({}) }));

const { tauriBackend } = await import('./tauri');
const { COMMANDS } = await import('./generated/commands');

describe('the Tauri backend', () => {
	it('has a method for every command the Rust side declares', () => {
		for (const method of Object.keys(COMMANDS)) {
			expect(typeof (tauriBackend as unknown as Record<string, unknown>)[method]).toBe(
				'function'
			);
		}
		expect(Object.keys(COMMANDS).length).toBeGreaterThanOrEqual(50);
	});

	it('calls each command by its Rust name with its arguments by name', async () => {
		calls.length = 0;
		await tauriBackend.setLanguage('en');
		await tauriBackend.attachDropped('case-1', 'nib@*', '/home/ani/akta.pdf');
		await tauriBackend.openPack('/tmp/p.pdf');
		expect(calls).toEqual([
			['set_language', { language: 'en' }],
			['attach_dropped', { caseId: 'case-1', itemKey: 'nib@*', path: '/home/ani/akta.pdf' }],
			['open_pack', { path: '/tmp/p.pdf', folder: undefined }]
		]);
	});

	it('hands a progress callback over as a channel that calls it', async () => {
		calls.length = 0;
		const seen: unknown[] = [];
		await tauriBackend.generatePack('case-1', (p) => seen.push(p));
		const [name, args] = calls[0];
		expect(name).toBe('generate_pack');
		const channel = args.onProgress as { onmessage: (m: unknown) => void };
		expect(typeof channel.onmessage).toBe('function');
		channel.onmessage({ done: 1 });
		expect(seen).toEqual([{ done: 1 }]);
	});
});
