import { describe, expect, it } from 'vitest';
import { describeError } from './errors';
import { setLanguageLocally } from './i18n/index.svelte';

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
