// This device's sync state as the whole UI sees it: the sidebar (the account's role decides
// the screens), the Sync screen and the case pages read it; whoever learns a newer state
// (a poll, a sign-in, a sign-out, a sync) publishes it, so a sign-in changes the screens at once.
import type { SyncStatus } from '$lib/api';

let current = $state<SyncStatus | null>(null);

/** The latest known sync state (null until the first answer, or when the store fails). */
export function syncState(): SyncStatus | null {
	return current;
}

/** Publishes a newer sync state to every screen. */
export function publishSyncState(status: SyncStatus | null): void {
	current = status;
}
