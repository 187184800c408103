import { digitValue, isSeparator, significantStart } from '../number/normalize';
import { DestinationTariff } from './destination-tariff';

/** The destinations owning one prefix, best first (see DestinationTariff.byPrecedence). */
export interface PrefixEntry {
  readonly prefix: string;
  readonly candidates: readonly DestinationTariff[];
}

export const INVALID_NUMBER = -1;

/**
 * A digit trie stored in flat typed arrays: node n's child for digit d is children[n * 10 + d]
 * (0 = none; node 0 is the root). Matching walks the raw dialled string once, with no allocation, and
 * records every prefix entry met on the way so callers can fall back from the longest to shorter ones.
 * (bench/rating-core.bench.ts measures it against a Map-per-prefix-length lookup.)
 */
export class PrefixTrie {
  constructor(
    private readonly children: Int32Array,
    /** Entry index of the prefix ending at each node, or -1. */
    private readonly entryAtNode: Int32Array,
    private readonly entries: readonly PrefixEntry[],
    /** Length of the longest prefix: callers size their match buffers with it. */
    readonly maxPrefixLength: number,
  ) {}

  entry(index: number): PrefixEntry {
    return this.entries[index];
  }

  get size(): number {
    return this.entries.length;
  }

  /**
   * Writes the entry indices of every prefix of `rawNumber`, shortest first, into `matches` and returns
   * how many there are; INVALID_NUMBER if the number is not a valid dialled number.
   */
  match(rawNumber: string, matches: Int32Array): number {
    const start = significantStart(rawNumber);
    if (start < 0) return INVALID_NUMBER;
    const children = this.children;
    let node = 0;
    let count = 0;
    let digits = 0;
    for (let index = start; index < rawNumber.length; index++) {
      const code = rawNumber.charCodeAt(index);
      const digit = digitValue(code);
      if (digit < 0) {
        if (isSeparator(code)) continue;
        return INVALID_NUMBER;
      }
      digits++;
      if (node < 0) continue; // past the deepest prefix: only validating the rest
      node = children[node * 10 + digit] || -1;
      if (node > 0) {
        const entry = this.entryAtNode[node];
        if (entry >= 0) matches[count++] = entry;
      }
    }
    return digits === 0 ? INVALID_NUMBER : count;
  }
}

/** Accumulates prefixes, then freezes them into a PrefixTrie. */
export class PrefixTrieBuilder {
  private children = new Int32Array(10 * 1024);
  private nodeCount = 1;
  private readonly entryByNode = new Map<number, { prefix: string; candidates: DestinationTariff[] }>();
  private maxLength = 0;

  /** `prefix` must already be normalised to digits. */
  add(prefix: string, destination: DestinationTariff): void {
    let node = 0;
    for (let index = 0; index < prefix.length; index++) {
      const slot = node * 10 + (prefix.charCodeAt(index) - 48);
      if (this.children[slot] === 0) {
        const child = this.newNode(); // may replace this.children: read the array only afterwards
        this.children[slot] = child;
      }
      node = this.children[slot];
    }
    const entry = this.entryByNode.get(node) ?? { prefix, candidates: [] };
    if (!entry.candidates.includes(destination)) entry.candidates.push(destination);
    this.entryByNode.set(node, entry);
    this.maxLength = Math.max(this.maxLength, prefix.length);
  }

  build(): PrefixTrie {
    const entryAtNode = new Int32Array(this.nodeCount).fill(-1);
    const entries: PrefixEntry[] = [];
    for (const [node, entry] of this.entryByNode) {
      entryAtNode[node] = entries.length;
      entries.push({ prefix: entry.prefix, candidates: [...entry.candidates].sort(DestinationTariff.byPrecedence) });
    }
    return new PrefixTrie(this.children.slice(0, this.nodeCount * 10), entryAtNode, entries, this.maxLength);
  }

  private newNode(): number {
    if ((this.nodeCount + 1) * 10 > this.children.length) {
      const grown = new Int32Array(this.children.length * 2);
      grown.set(this.children);
      this.children = grown;
    }
    return this.nodeCount++;
  }
}
