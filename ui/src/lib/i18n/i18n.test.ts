import { describe, expect, it } from 'vitest';
import { catalogs, format, t, setLanguageLocally, language, DEFAULT_LANGUAGE } from './index.svelte';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogs', () => {
	it('English has exactly the Indonesian keys', () => {
		expect(Object.keys(catalogs.en).sort()).toEqual(Object.keys(catalogs.id).sort());
	});

	it('no message is empty and placeholders match across languages', () => {
		for (const key of Object.keys(catalogs.id) as (keyof typeof catalogs.id)[]) {
			expect(catalogs.id[key].trim(), key).not.toBe('');
			expect(catalogs.en[key].trim(), key).not.toBe('');
			expect(placeholders(catalogs.en[key]), key).toEqual(placeholders(catalogs.id[key]));
		}
	});

	it('sidebar labels differ between the languages (a switch is visible)', () => {
		for (const key of ['nav.cases', 'nav.clients', 'nav.review', 'nav.settings'] as const) {
			expect(catalogs.en[key]).not.toBe(catalogs.id[key]);
		}
	});
});

describe('t and format', () => {
	it('defaults to Indonesian and switches', () => {
		expect(DEFAULT_LANGUAGE).toBe('id');
		setLanguageLocally('id');
		expect(language()).toBe('id');
		expect(t('nav.cases')).toBe('Kasus');
		setLanguageLocally('en');
		expect(t('nav.cases')).toBe('Cases');
		setLanguageLocally('id');
	});

	it('fills placeholders and leaves unknown ones visible', () => {
		expect(format('a {x} b {y}', { x: 1 })).toBe('a 1 b {y}');
		setLanguageLocally('en');
		expect(t('sync.online', { version: '0.1.0', database: 'sqlite' })).toBe(
			'Connected: gerbang-server 0.1.0 (sqlite)'
		);
		setLanguageLocally('id');
	});
});

describe('dates in words', () => {
	it('writes a day in the current language, one format per language', async () => {
		const { longDate, shortDate } = await import('./index.svelte');
		setLanguageLocally('id');
		expect(longDate('2026-10-18')).toBe('18 Oktober 2026');
		expect(shortDate('2026-08-03')).toBe('3 Agu');
		setLanguageLocally('en');
		expect(longDate('2026-10-18')).toBe('18 October 2026');
		expect(longDate('not a date')).toBe('not a date');
		setLanguageLocally(DEFAULT_LANGUAGE);
	});

	it('finds the Monday of an ISO week, across a year end', async () => {
		const { isoWeekMonday } = await import('./index.svelte');
		expect(isoWeekMonday('2026-W49')).toBe('2026-11-30');
		expect(isoWeekMonday('2026-W01')).toBe('2025-12-29');
		expect(isoWeekMonday('2020-W53')).toBe('2020-12-28');
	});
});
