// The fields where two versions of a record differ, for showing a conflict side by side.
// Long derived parts (checklist items, documents, the derived checklist) and timestamps are left
// out: they follow from the facts, which are compared field by field.

const SKIP = new Set(['items', 'documents', 'checklist', 'updated_at', 'created_at', 'items_required']);

function flatten(value: unknown, prefix: string, out: Map<string, string>): void {
	if (Array.isArray(value)) {
		value.forEach((v, i) => flatten(v, `${prefix}[${i + 1}]`, out));
	} else if (value !== null && typeof value === 'object') {
		for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
			if (!SKIP.has(k)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
		}
	} else {
		out.set(prefix, value === null || value === undefined ? '—' : String(value));
	}
}

export interface DiffRow {
	field: string;
	mine: string;
	theirs: string;
}

/** The differing fields of `mine` and `theirs`, in a stable order. */
export function differences(mine: unknown, theirs: unknown): DiffRow[] {
	const a = new Map<string, string>();
	const b = new Map<string, string>();
	flatten(mine, '', a);
	flatten(theirs, '', b);
	const fields = [...new Set([...a.keys(), ...b.keys()])].sort();
	return fields
		.filter((f) => a.get(f) !== b.get(f))
		.map((f) => ({ field: f, mine: a.get(f) ?? '—', theirs: b.get(f) ?? '—' }));
}
