import { describe, expect, it } from 'vitest';
import { fold, toIcs } from './ics';
import type { Due } from '$lib/api';

const due: Due = {
	id: 'c1/Lkpm/*/2027-01-15',
	case_id: 'c1',
	title: 'CV Teluk Rasa, Restoran; Balikpapan',
	kind: 'lkpm',
	stage: null,
	stage_name: null,
	stage_name_en: null,
	date: '2027-01-15',
	passed: false,
	confirmed: false
};

describe('ics', () => {
	it('writes one all-day event a date, escaped, with CRLF line ends', () => {
		const ics = toIcs([due], () => 'Laporan LKPM', (d) => `Kasus Gerbang: ${d.title}`, '20261206T000000Z');
		expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
		expect(ics).toContain('DTSTART;VALUE=DATE:20270115\r\n');
		expect(ics).toContain('DTEND;VALUE=DATE:20270116\r\n');
		expect(ics).toContain('SUMMARY:Laporan LKPM\r\n');
		expect(ics).toContain('Kasus Gerbang: CV Teluk Rasa\\, Restoran\\; Balikpapan');
		expect(ics).toContain('UID:c1/Lkpm/*/2027-01-15@gerbang');
		expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
		expect(ics.split('\r\n').every((l) => new TextEncoder().encode(l).length <= 75)).toBe(true);
	});

	it('crosses the year end and folds long lines at 75 octets, never inside a character', () => {
		const ics = toIcs([{ ...due, date: '2026-12-31' }], () => 'x', () => 'é'.repeat(100), 'S');
		expect(ics).toContain('DTEND;VALUE=DATE:20270101');
		const folded = fold('DESCRIPTION:' + 'é'.repeat(100));
		const parts = folded.split('\r\n');
		expect(parts.length).toBeGreaterThan(2);
		expect(parts.every((p) => new TextEncoder().encode(p).length <= 75)).toBe(true);
		expect(parts.map((p, i) => (i ? p.slice(1) : p)).join('')).toBe('DESCRIPTION:' + 'é'.repeat(100));
	});
});
