import { describe, expect, it } from 'vitest';
import { differences } from './diff';

describe('differences', () => {
	it('lists only the fields that differ, nested ones by path', () => {
		const mine = { notes: 'dari laptop kedua', facts: { business_capital_idr: 2, activities: [{ kbli: '56101' }] }, items: [1] };
		const theirs = { notes: '', facts: { business_capital_idr: 2, activities: [{ kbli: '56102' }] }, items: [2, 3] };
		expect(differences(mine, theirs)).toEqual([
			{ field: 'facts.activities[1].kbli', mine: '56101', theirs: '56102' },
			{ field: 'notes', mine: 'dari laptop kedua', theirs: '' }
		]);
	});
	it('shows a missing side as a dash', () => {
		expect(differences({ a: 1 }, {})).toEqual([{ field: 'a', mine: '1', theirs: '—' }]);
	});
});
