// Turns anything a call throws into the sentence the user sees, in the current language.
import { toApiError } from '$lib/api';
import { t } from '$lib/i18n/index.svelte';

export function describeError(e: unknown): string {
	const err = toApiError(e);
	return t(`error.${err.code}`, { message: err.message });
}
