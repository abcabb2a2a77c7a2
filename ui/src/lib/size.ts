// File sizes as people read them, in the UI's language (id: "1,5 MB", en: "1.5 MB").
import type { Language } from '$lib/api';

export function formatSize(bytes: number, lang: Language): string {
	const nf = (digits: number) =>
		new Intl.NumberFormat(lang === 'id' ? 'id-ID' : 'en-GB', { maximumFractionDigits: digits });
	if (bytes < 1024) return `${nf(0).format(bytes)} B`;
	if (bytes < 1024 * 1024) return `${nf(0).format(bytes / 1024)} KB`;
	return `${nf(1).format(bytes / (1024 * 1024))} MB`;
}
