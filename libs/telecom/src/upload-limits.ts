// How large an upload each telecom endpoint takes: bytes are checked by the API as they arrive,
// rows by the parsers as they read. Past either, the upload is refused (413) and reading stops.
import { MAX_CDRS_PER_BATCH } from './cdr-input';

/** Bytes of a CDR CSV upload: MAX_CDRS_PER_BATCH rows are ~1 MB (~100 bytes a row, ~350 at the field limits). */
export const CDR_UPLOAD_MAX_BYTES = 8 * 1024 * 1024;

/** Rows of a CDR CSV upload (the batch limit). */
export const CDR_UPLOAD_MAX_ROWS = MAX_CDRS_PER_BATCH;

/** Lines of a rate deck, header included: about 3× the largest deck we know (85,267 lines, 3.9 MB). */
export const RATE_DECK_MAX_LINES = 250_000;

/** Bytes of a rate deck upload: room for RATE_DECK_MAX_LINES lines of ~130 bytes. */
export const RATE_DECK_MAX_BYTES = 32 * 1024 * 1024;
