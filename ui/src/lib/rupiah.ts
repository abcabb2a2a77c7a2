// Rupiah as Indonesians write it (Rp 1.500.000.000), and back to a number from what was typed.

/** `1500000000` → `Rp 1.500.000.000`. */
export function formatRupiah(amount: number): string {
	const sign = amount < 0 ? '-' : '';
	const digits = Math.trunc(Math.abs(amount)).toString();
	return `${sign}Rp ${digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.')}`;
}

/** Digits typed with dots, spaces or `Rp` → the amount; `null` when there are none. */
export function parseRupiah(text: string): number | null {
	const digits = text.replace(/[^\d]/g, '');
	return digits ? Number(digits) : null;
}
