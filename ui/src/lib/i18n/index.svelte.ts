// The UI's languages. Every visible string comes from messages/<lang>.json, keyed; Indonesian is
// the default and the reference: the type of a key is derived from it, and a test checks that
// English has exactly the same keys and placeholders.
import type { Language } from '$lib/api';
import type { ItemWords } from '$lib/api/generated/ItemWords';
import id from './messages/id.json';
import en from './messages/en.json';

export type MessageKey = keyof typeof id;
export type Messages = Record<MessageKey, string>;

export const catalogs: Record<Language, Messages> = { id, en };

export const DEFAULT_LANGUAGE: Language = 'id';

let current = $state<Language>(DEFAULT_LANGUAGE);

/** The language the UI speaks now. */
export function language(): Language {
	return current;
}

/** Switches every visible string (components re-render because `t` reads reactive state). */
export function setLanguageLocally(lang: Language): void {
	current = lang;
	if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

const MONTHS: Record<Language, string[]> = {
	id: ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'],
	en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
};

/** A calendar day (`2026-10-18`) as the current language writes it: "18 Oktober 2026". */
export function longDate(iso: string): string {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
	if (!m) return iso;
	return `${Number(m[3])} ${MONTHS[current][Number(m[2]) - 1]} ${m[1]}`;
}

/** A calendar day as a short label: "23 Nov" (for chart axes). */
export function shortDate(iso: string): string {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
	if (!m) return iso;
	return `${Number(m[3])} ${MONTHS[current][Number(m[2]) - 1].slice(0, 3)}`;
}

/** The Monday (`YYYY-MM-DD`) of an ISO week written `2026-W48`; the text itself otherwise. */
export function isoWeekMonday(week: string): string {
	const m = /^(\d{4})-W(\d{2})$/.exec(week);
	if (!m) return week;
	// 4 January is always in week 1; step back to its Monday, then forward whole weeks.
	const jan4 = new Date(Date.UTC(Number(m[1]), 0, 4));
	const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86400000);
	const day = new Date(monday.getTime() + (Number(m[2]) - 1) * 7 * 86400000);
	return day.toISOString().slice(0, 10);
}

/** Fills `{name}` placeholders. */
export function format(template: string, params: Record<string, string | number> = {}): string {
	return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
		name in params ? String(params[name]) : whole
	);
}

/** Whether `key` is a message of the catalogs (for keys made from a code at run time). */
export function hasKey(key: string): boolean {
	return key in catalogs[current];
}

/** The message `key` in the current language. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
	return format(catalogs[current][key], params);
}

/**
 * A text the rules engine gives in both languages (`because`/`alasan`, `message`/`pesan`): the
 * one for the current language; English where an older stored checklist has no Indonesian.
 */
export function engineText(english: string, indonesian: string): string {
	return language() === 'id' && indonesian ? indonesian : english;
}

/** A catalog source (`pp28-2025-sla-secondary`) as people read it, never its bare id. */
export function sourceName(id: string): string {
	const k = `source.${id}`;
	return k in catalogs[current] ? t(k as MessageKey) : id;
}

/**
 * A legal reference in the current language's style: "Pasal 26 ayat (3)" in Indonesian,
 * "Art 26(3)" in English (the regulation's own name stays as it is).
 */
export function legalText(text: string): string {
	if (current === 'en') {
		return text
			.replace(/Pasal (\d+[A-Z]?) ayat \((\d+)\)/g, 'Art $1($2)')
			.replace(/Pasal (\d+[A-Z]?)/g, 'Art $1');
	}
	return text
		.replace(/\bArt (\d+[A-Z]?)\((\d+)\)/g, 'Pasal $1 ayat ($2)')
		.replace(/\bArt (\d+[A-Z]?)/g, 'Pasal $1');
}

/** A permit variant (`konfirmasi`, `self_declared`, …) in the current language, if known. */
export function variantName(variant: string): string {
	const k = `variant.${variant}` as MessageKey;
	return k in catalogs[current] ? t(k) : variant;
}

/**
 * A checklist item's own words (name, issuer, documents, service time) in the current language:
 * English where the catalog recorded it with the item, else as stored (Indonesian).
 */
export function itemWords(item: {
	name: string;
	issuer: string;
	documents: string[];
	service_time: string | null;
	en?: ItemWords;
}): ItemWords {
	if (current === 'en' && item.en) return item.en;
	return { name: item.name, issuer: item.issuer, documents: item.documents, service_time: item.service_time };
}
