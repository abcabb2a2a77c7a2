import { describe, expect, it } from 'vitest';
import { formatDate, formatWita, todayWita } from './wita';

describe('WITA', () => {
	it('shows UTC times in Balikpapan, across midnight', () => {
		expect(formatWita('2026-11-27T13:05:00Z')).toBe('27/11/2026 21:05 WITA');
		expect(formatWita('2026-12-31T20:30:00Z')).toBe('01/01/2027 04:30 WITA');
		expect(formatWita('soon')).toBe('soon');
	});
	it('writes dates day first and knows Balikpapan’s today', () => {
		expect(formatDate('2027-01-15')).toBe('15/01/2027');
		expect(todayWita(Date.parse('2026-12-01T17:00:00Z'))).toBe('2026-12-02');
		expect(todayWita(Date.parse('2026-12-01T15:59:00Z'))).toBe('2026-12-01');
	});
});
