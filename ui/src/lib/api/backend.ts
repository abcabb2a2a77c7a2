// What the UI can ask of the app, as one interface the Tauri backend and the browser fake both
// implement (so svelte-check holds the fake to what Rust declares).
import type { Commands } from './generated/commands';

/**
 * Everything the UI can ask of the app: every command the Rust side declares (generated from
 * its #[tauri::command] functions, so names, arguments and answers cannot drift), and the
 * window's drag-and-drop events.
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
