import { DomainError, ErrorCode, type FieldProblem } from '@nova/domain';
import { extname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { compileRatingPlan, type DeckPlanSettings, parseRateDeck, rateDeckToPlanData, type RateDeckError } from '@nova/rating';
import { asValidationError } from './plan-errors';
import { planRowsParams, type PlanRowsParams } from './rate-plans.repository';
import { RATE_DECK_MAX_LINES } from './upload-limits';

/** A deck read, checked and turned into the plan's rows, ready to store. */
export interface PreparedDeck {
  destinations: number;
  prefixes: number;
  rates: number;
  rejectedCount: number;
  /** The first bad lines, by line number. */
  rejected: RateDeckError[];
  rows: PlanRowsParams;
}

/** What preparing a deck gives: the rows, or the DomainError (as plain data: it crosses a thread) refusing the deck. */
export type DeckPreparation = { ok: true; deck: PreparedDeck } | { ok: false; code: ErrorCode; message: string; fields?: FieldProblem[] };

export type DeckSource = string | Buffer | Readable;

const REPORTED_DECK_ERRORS = 1_000;

/**
 * Parses (streamed), groups and compile-checks a deck and builds its rows' array literals: all the
 * CPU a deck import costs (about a second for 85k lines), so the API runs it in a worker thread.
 */
export async function prepareDeck(deck: DeckSource | AsyncIterable<Buffer>, settings: DeckPlanSettings, maxLines = RATE_DECK_MAX_LINES): Promise<DeckPreparation> {
  const parsed = await parseRateDeck(deck, { maxLines });
  if (parsed.refused) {
    const { reason, line, field, message } = parsed.refused;
    const problem = { field: `line ${line}: ${field}`, message, line };
    return { ok: false, code: reason === 'too_many_lines' ? ErrorCode.PayloadTooLarge : ErrorCode.ValidationFailed, message: `line ${line}, ${field}: ${message}`, fields: [problem] };
  }
  // A deck whose bytes could not all be read is not stored in part.
  const unread = parsed.errors.find((error) => error.field === 'input');
  if (unread) return { ok: false, code: ErrorCode.ValidationFailed, message: unread.message, fields: [{ field: 'input', message: unread.message }] };
  // Importing replaces the plan: a file that is not a deck (empty, or its header wrong) and one with
  // no valid line at all would wipe the plan's rates, so they are refused as a whole, not reported
  // as rejected lines of an import that went through.
  const headerProblems = parsed.errors.filter((error) => error.line === HEADER_LINE);
  if (headerProblems.length > 0) return refusedFor('the deck header is not valid; the plan was left as it was', headerProblems);
  if (parsed.rows.length === 0 && parsed.errors.length > 0) return refusedFor('no line of the deck is valid; the plan was left as it was', parsed.errors);
  const { data, errors: conflicts } = rateDeckToPlanData(parsed.rows, settings);
  try {
    compileRatingPlan(data);
  } catch (error) {
    const refusal = asValidationError(error);
    if (!(refusal instanceof DomainError)) throw refusal;
    return { ok: false, code: refusal.code, message: refusal.message, fields: refusal.details?.fields };
  }
  const rejected = [...parsed.errors, ...conflicts].sort((a, b) => a.line - b.line);
  return {
    ok: true,
    deck: {
      destinations: data.destinations.length,
      prefixes: data.destinations.reduce((sum, destination) => sum + destination.prefixes.length, 0),
      rates: data.rates.length,
      rejectedCount: rejected.length,
      rejected: rejected.slice(0, REPORTED_DECK_ERRORS),
      rows: planRowsParams(data.destinations, data.rates),
    },
  };
}

const HEADER_LINE = 1;

function refusedFor(message: string, problems: readonly RateDeckError[]): DeckPreparation {
  const fields = problems.slice(0, REPORTED_DECK_ERRORS).map(({ line, field, message }) => ({ field: `line ${line}: ${field}`, message, line }));
  return { ok: false, code: ErrorCode.ValidationFailed, message: `${message} (${problems.length} problem${problems.length === 1 ? '' : 's'}, first: line ${problems[0].line}, ${problems[0].field}: ${problems[0].message})`, fields };
}

/** Messages from the worker (deck-preparation.worker.ts). */
export type DeckWorkerMessage = { done: DeckPreparation } | { failed: string };

export interface DeckWorkerData {
  settings: DeckPlanSettings;
  maxLines: number;
}

/**
 * prepareDeck in a worker thread: this thread only forwards the deck's bytes as they arrive, so it
 * keeps serving other requests. The source is read no further once the worker refuses the deck
 * (e.g. past the line limit); an error of the source (e.g. a byte limit) ends the worker and is
 * rethrown.
 */
export async function prepareDeckInWorker(deck: DeckSource, settings: DeckPlanSettings, maxLines = RATE_DECK_MAX_LINES): Promise<DeckPreparation> {
  // Under ts sources (tests, benches, `-r @swc-node/register`) the worker needs the same loader.
  const ext = extname(__filename);
  const workerData: DeckWorkerData = { settings, maxLines };
  const worker = new Worker(join(__dirname, `deck-preparation.worker${ext}`), { workerData, execArgv: ext === '.ts' ? ['-r', '@swc-node/register'] : [] });
  const finished = new Promise<DeckPreparation>((resolve, reject) => {
    worker.on('message', (message: DeckWorkerMessage) => {
      if ('done' in message) resolve(message.done);
      else reject(new Error(`deck preparation failed: ${message.failed}`));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`deck preparation worker exited (${code})`)));
  });
  finished.catch(() => undefined); // awaited below; a source error may come first
  try {
    if (typeof deck === 'string' || Buffer.isBuffer(deck)) worker.postMessage(Buffer.from(deck));
    else await forward(deck, worker, finished);
    worker.postMessage(null);
    return await finished;
  } finally {
    void worker.terminate();
  }
}

/** Posts the source's chunks to the worker until it ends, or until the worker answers first (it refused the deck): then the source is paused, not read further. */
function forward(source: Readable, worker: Worker, answered: Promise<unknown>): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = (error?: Error) => {
      source.off('data', onData).off('end', onEnd).off('error', stop);
      source.pause();
      if (error) reject(error);
      else resolve();
    };
    const onData = (chunk: Buffer) => worker.postMessage(chunk);
    const onEnd = () => stop();
    source.on('data', onData).once('end', onEnd).once('error', stop);
    answered.then(onEnd, onEnd);
  });
}
