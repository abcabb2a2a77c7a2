import { describe, expect, it } from 'vitest';
import { formatRupiah, parseRupiah } from './rupiah';

describe('rupiah', () => {
	it('formats with dot groups like the Rust side', () => {
		expect(formatRupiah(0)).toBe('Rp 0');
		expect(formatRupiah(1_000)).toBe('Rp 1.000');
		expect(formatRupiah(1_500_000_000)).toBe('Rp 1.500.000.000');
		expect(formatRupiah(-2_500)).toBe('-Rp 2.500');
	});
	it('parses what people type', () => {
		expect(parseRupiah('Rp 1.500.000')).toBe(1_500_000);
		expect(parseRupiah('2 000 000')).toBe(2_000_000);
		expect(parseRupiah('abc')).toBeNull();
	});
});
