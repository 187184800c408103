/** One valid line of a rate deck, with amounts as canonical decimal text ("0.0100" becomes "0.01"). */
export interface RateDeckRow {
  /** Line number in the file (1 is the header). */
  line: number;
  /** Normalised digits. */
  prefix: string;
  destination: string;
  ratePerUnit: string;
  unitSeconds: number;
  connectFee: string;
  initialIncrement: number;
  subsequentIncrement: number;
  minCost: string | null;
  maxCost: string | null;
  /** As written (absolute, or local to the plan's time zone); null = always. */
  activeFrom: string | null;
  /** Timing id; null = any time. */
  timing: string | null;
}

/** A rejected line, located by line number and column name ("header" or "row" for whole-line problems). */
export interface RateDeckError {
  line: number;
  field: string;
  message: string;
}

/** Why a deck was not read to its end: too many lines, or not storable text (broken UTF-8, a NUL character). */
export interface RateDeckRefusal extends RateDeckError {
  reason: 'too_many_lines' | 'not_text';
}

export interface RateDeckParseResult {
  rows: RateDeckRow[];
  errors: RateDeckError[];
  /** Set when reading stopped early: the rows and errors are then those of the lines before. */
  refused?: RateDeckRefusal;
}

export const REQUIRED_COLUMNS = ['prefix', 'destination', 'rate_per_unit', 'unit_seconds', 'initial_increment', 'subsequent_increment'] as const;
export const OPTIONAL_COLUMNS = ['connect_fee', 'min_cost', 'max_cost', 'active_from', 'timing'] as const;
export type DeckColumn = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];
