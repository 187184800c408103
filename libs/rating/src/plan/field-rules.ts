// Field rules shared by plan compilation and rate deck import, so both accept and word the same things.

import { NANO_DIGITS, type Nanos, parseDecimalNanos } from '../money/nanos';

/** Longest accepted unit or increment: one day. */
export const MAX_INCREMENT_SECONDS = 86_400;

export function isWholeSeconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_INCREMENT_SECONDS;
}

export const WHOLE_SECONDS_RULE = `must be a whole number of seconds from 1 to ${MAX_INCREMENT_SECONDS}`;

export function parseAmount(value: unknown): Nanos | null {
  return typeof value === 'string' ? parseDecimalNanos(value) : null;
}

export const AMOUNT_RULE = `must be a non-negative decimal with at most ${NANO_DIGITS} decimals`;

export const INSTANT_RULE = 'must be an ISO date or date-time: YYYY-MM-DD[THH:MM[:SS]][Z|±HH:MM]';
