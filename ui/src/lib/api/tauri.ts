// The desktop backend: every method of the generated `Commands` calls its Tauri command with
// its arguments by name (both from src-tauri's #[tauri::command] functions: see
// generated/commands.ts); a callback argument becomes a progress channel.
import { Channel, invoke } from '@tauri-apps/api/core';
import { getCurrentWebview } from '@tauri-apps/api/webview';
import { COMMANDS, type Commands } from './generated/commands';
import type { Backend } from './backend';

/** An argument as Tauri takes it: a callback becomes a channel that hands it each message. */
function passed(arg: unknown): unknown {
	if (typeof arg !== 'function') return arg;
	const channel = new Channel<unknown>();
	channel.onmessage = arg as (message: unknown) => void;
	return channel;
}

/** The method that calls `method`'s command with its arguments by name. */
function command<M extends keyof Commands>(method: M): Commands[M] {
	const [name, argNames] = COMMANDS[method];
	const call = (...args: unknown[]) =>
		invoke(name, Object.fromEntries(argNames.map((arg, i) => [arg, passed(args[i])])));
	return call as Commands[M];
}

const commands = Object.fromEntries(
	(Object.keys(COMMANDS) as (keyof Commands)[]).map((method) => [method, command(method)])
) as unknown as Commands;

export const tauriBackend: Backend = {
	...commands,
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
