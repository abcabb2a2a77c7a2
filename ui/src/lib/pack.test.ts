import { describe, expect, it } from 'vitest';
import { packFraction } from './pack';

const at = (case_index: number, cases: number, stage: string, done: number, total: number) => ({
	case_index,
	cases,
	title: 'CV Teluk Rasa: Restoran',
	stage,
	done,
	total
});

describe('packFraction', () => {
	it('is nothing before the first report', () => {
		expect(packFraction(null)).toBe(0);
	});
	it('gives reading most of one pack and writing its last tenth', () => {
		expect(packFraction(at(0, 1, 'reading', 10, 20))).toBeCloseTo(0.45);
		expect(packFraction(at(0, 1, 'writing', 1, 1))).toBeCloseTo(0.95);
	});
	it('counts the cases already written in a batch, and ends at 1', () => {
		expect(packFraction(at(1, 4, 'reading', 0, 5))).toBeCloseTo(0.25);
		expect(packFraction(at(3, 4, 'writing', 1, 1))).toBeCloseTo(3.95 / 4);
		expect(packFraction(at(4, 4, 'done', 1, 1))).toBe(1);
	});
});
