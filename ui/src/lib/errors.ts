// Turns anything a call throws into the sentence the user sees, in the current language.
// A refusal of the city backend is worded from its code and parameters (never its English
// message), with the request's report number when the server gave one.
import { toApiError } from '$lib/api';
import { t, type MessageKey } from '$lib/i18n/index.svelte';

export function describeError(e: unknown): string {
	const err = toApiError(e);
	if (err.server_code) {
		const words = t(`server.code.${err.server_code}` as MessageKey, {
			seconds: err.retry_after ?? ''
		});
		return err.request_id ? `${words} ${t('error.request_id', { id: err.request_id })}` : words;
	}
	return t(`error.${err.code}`, { message: err.message });
}
