// The review's status type under a name that does not clash with the case's status.
export type { Status as ReviewStatus } from './generated/Status';
