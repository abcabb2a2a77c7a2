import { describe, expect, it } from 'vitest';
import { describeError } from './errors';
import { legalText, setLanguageLocally } from './i18n/index.svelte';

describe('describeError', () => {
	it('words a server refusal from its code and parameters, never its English message', () => {
		setLanguageLocally('id');
		const throttled = {
			code: 'server_error',
			message: 'the city backend refused: too many failed sign-ins: try again in 8 s',
			server_code: 'too_many_attempts',
			retry_after: 8,
			request_id: '01a2abcd'
		};
		const id = describeError(throttled);
		expect(id).toBe(
			'Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 8 detik. (Nomor laporan: 01a2abcd)'
		);
		expect(id).not.toContain('try again');
		setLanguageLocally('en');
		expect(describeError(throttled)).toContain('Try again in 8 seconds.');
		setLanguageLocally('id');
		expect(describeError({ code: 'server_error', message: 'x', server_code: 'bad_credentials' })).toBe(
			'Nama pengguna atau kata sandi salah.'
		);
	});
});

describe('describeProblem', () => {
	it('words refused input from its code, with the words among its parameters translated', () => {
		const fakePdf = {
			code: 'invalid_input',
			message: 'bukan.pdf: the name says application/pdf but the content is not',
			problem: {
				code: 'file_not_document',
				params: { name: 'bukan.pdf', claimed: 'application/pdf' },
				message: 'the name says application/pdf but the content is not'
			}
		};
		setLanguageLocally('id');
		expect(describeError(fakePdf)).toBe(
			'bukan.pdf: namanya menyebut PDF, tetapi isinya bukan berkas PDF, PNG, atau JPEG.'
		);
		const region = {
			code: 'invalid_input',
			message: 'NIK city code (digits 3-4) cannot be 00',
			problem: { code: 'id_nik_region', params: { part: 'city', digits: '3-4' }, message: 'x' }
		};
		expect(describeError(region)).toBe('Kode kabupaten/kota pada NIK (digit 3-4) tidak boleh 00.');
		setLanguageLocally('en');
		expect(describeError(region)).toBe("The NIK's city code (digits 3-4) cannot be 00.");
		// A code this build has no words for falls back to the English it came with.
		expect(
			describeError({
				code: 'invalid_input',
				message: 'x',
				problem: { code: 'from_the_future', params: {}, message: 'something new' }
			})
		).toBe('something new');
		setLanguageLocally('id');
	});
});

describe('legalText', () => {
	it('writes article references in the language shown', () => {
		setLanguageLocally('en');
		expect(legalText('Perka BKPM 5/2025 Pasal 26 ayat (3)')).toBe('Perka BKPM 5/2025 Art 26(3)');
		setLanguageLocally('id');
		expect(legalText('UU 40/2007 Art 153A(1)')).toBe('UU 40/2007 Pasal 153A ayat (1)');
		expect(legalText('PP 7/2021 Art 35')).toBe('PP 7/2021 Pasal 35');
	});
});
