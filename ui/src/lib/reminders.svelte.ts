// Reminders of the calendar's dates: raised once each as desktop notifications, worded here in
// the reader's language; what was raised (and whether the desktop showed it) stays for the
// calendar screen.
import { api, toApiError, type Due } from '$lib/api';
import { language, longDate, t } from '$lib/i18n/index.svelte';

/** What a date is for, in the current language. */
export function dueWhat(d: Due): string {
	if (d.kind === 'stage_limit') {
		const stage = (language() === 'id' ? d.stage_name : d.stage_name_en) ?? d.stage ?? '';
		return t('calendar.kind.stage_limit', { stage });
	}
	return d.kind === 'lkpm' ? t('calendar.kind.lkpm') : t('calendar.kind.halal');
}

export type Raised = { due: Due; shown: boolean; reason: string };

let raised = $state<Raised[]>([]);

/** The reminders raised since the app started, newest last. */
export function raisedReminders(): Raised[] {
	return raised;
}

/** Raises the reminders that are due now (each date once). */
export async function raiseReminders(): Promise<void> {
	let due: Due[];
	try {
		due = await api.takeReminders();
	} catch {
		return; // the store is busy or closed; the next round tries again
	}
	for (const d of due) {
		const body = t('calendar.notification.body', { what: dueWhat(d), title: d.title, date: longDate(d.date) });
		try {
			await api.notify(t('calendar.notification.title'), body);
			raised = [...raised, { due: d, shown: true, reason: '' }];
		} catch (e) {
			raised = [...raised, { due: d, shown: false, reason: toApiError(e).message }];
		}
	}
}
