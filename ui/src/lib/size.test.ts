import { describe, expect, it } from 'vitest';
import { formatSize } from './size';

describe('formatSize', () => {
	it('uses the language’s decimal sign', () => {
		expect(formatSize(1_572_864, 'id')).toBe('1,5 MB');
		expect(formatSize(1_572_864, 'en')).toBe('1.5 MB');
	});
	it('keeps small files in bytes and kilobytes', () => {
		expect(formatSize(512, 'id')).toBe('512 B');
		expect(formatSize(20_480, 'en')).toBe('20 KB');
	});
});
