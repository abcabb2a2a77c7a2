// Balikpapan's clock for times the UI receives in UTC (review events): every time is shown in
// WITA (UTC+8, no daylight saving) as `27/11/2026 21:05 WITA`, whatever the machine's zone.

const WITA_MS = 8 * 60 * 60 * 1000;
const two = (n: number) => String(n).padStart(2, '0');

/** `2026-11-27T13:05:00Z` → `27/11/2026 21:05 WITA`; the text as it is if it is not a time. */
export function formatWita(utc: string): string {
	const ms = Date.parse(utc);
	if (Number.isNaN(ms)) return utc;
	const d = new Date(ms + WITA_MS);
	return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())} WITA`;
}

/** An ISO date (`2027-01-15`) as Balikpapan writes it: `15/01/2027`. */
export function formatDate(iso: string): string {
	return iso.split('-').reverse().join('/');
}

/** Today's date in Balikpapan, ISO (`2026-12-01`). */
export function todayWita(now: number = Date.now()): string {
	const d = new Date(now + WITA_MS);
	return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
}
