// How far a run of document packs has come, for its progress bar.
import type { PackProgress } from '$lib/api';

/**
 * From 0 to 1: the cases already written plus the share of the one being written. Reading and
 * checking the attachments is most of a pack's work; writing the PDF is its last tenth.
 */
export function packFraction(p: PackProgress | null): number {
	if (!p || p.cases === 0) return 0;
	const within =
		p.stage === 'reading' ? (0.9 * p.done) / Math.max(1, p.total) : p.stage === 'writing' ? 0.95 : 1;
	return Math.min(1, (p.case_index + (p.stage === 'done' ? 0 : within)) / p.cases);
}
