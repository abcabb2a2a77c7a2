// An iCalendar (RFC 5545) file of the calendar's dates: one all-day event a date, worded by the
// caller in the reader's language. Lines end in CRLF and are folded at 75 octets.
import type { Due } from '$lib/api';

/** Escapes a TEXT value (backslash, semicolon, comma, newline). */
function text(value: string): string {
	return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds a content line into lines of at most 75 octets (continuations start with a space). */
export function fold(line: string): string {
	const bytes = new TextEncoder();
	const out: string[] = [];
	let current = '';
	for (const ch of line) {
		const limit = out.length === 0 ? 75 : 74;
		if (bytes.encode(current + ch).length > limit) {
			out.push(current);
			current = ch;
		} else {
			current += ch;
		}
	}
	out.push(current);
	return out.join('\r\n ');
}

function day(iso: string): string {
	return iso.replace(/-/g, '');
}

function nextDay(iso: string): string {
	const d = new Date(`${iso}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + 1);
	return d.toISOString().slice(0, 10);
}

/**
 * The calendar as .ics text; `summary` and `description` word each date. `stamp` is the
 * moment written (UTC, `YYYYMMDDTHHMMSSZ`).
 */
export function toIcs(
	dues: Due[],
	summary: (d: Due) => string,
	description: (d: Due) => string,
	stamp: string
): string {
	const lines = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		'PRODID:-//Gerbang//Balikpapan licensing desk//ID',
		'CALSCALE:GREGORIAN',
		'X-WR-TIMEZONE:Asia/Makassar'
	];
	for (const d of dues) {
		lines.push(
			'BEGIN:VEVENT',
			`UID:${text(d.id)}@gerbang`,
			`DTSTAMP:${stamp}`,
			`DTSTART;VALUE=DATE:${day(d.date)}`,
			`DTEND;VALUE=DATE:${day(nextDay(d.date))}`,
			`SUMMARY:${text(summary(d))}`,
			`DESCRIPTION:${text(description(d))}`,
			'TRANSP:TRANSPARENT',
			'END:VEVENT'
		);
	}
	lines.push('END:VCALENDAR');
	return lines.map(fold).join('\r\n') + '\r\n';
}
