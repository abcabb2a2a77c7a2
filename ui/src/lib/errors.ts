// Turns anything a call throws into the sentence the user sees, in the current language.
// A refusal of the city backend is worded from its code and parameters (never its English
// message), with the request's report number when the server gave one; refused input (an
// identifier, a file) from its problem code and parameters.
import { toApiError, type Problem } from '$lib/api';
import { hasKey, t, type MessageKey } from '$lib/i18n/index.svelte';

/** A problem in the current language; parameter values that are words are translated too. */
export function describeProblem(p: Problem): string {
	const params: Record<string, string> = {};
	for (const [name, value] of Object.entries(p.params)) {
		const word = `problem.word.${value}`;
		params[name] = hasKey(word) ? t(word as MessageKey) : value;
	}
	const key = `problem.${p.code}`;
	return hasKey(key) ? t(key as MessageKey, params) : p.message;
}

export function describeError(e: unknown): string {
	const err = toApiError(e);
	if (err.server_code) {
		const words = t(`server.code.${err.server_code}` as MessageKey, {
			seconds: err.retry_after ?? ''
		});
		return err.request_id ? `${words} ${t('error.request_id', { id: err.request_id })}` : words;
	}
	if (err.problem) return describeProblem(err.problem);
	return t(`error.${err.code}`, { message: err.message });
}
