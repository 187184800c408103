import { digitValue, isSeparator, significantStart } from '../number/normalize';

// A digit trie in one Int32Array. Node n occupies NODE_SIZE cells: its ten children (0 = none; node 0 is
// the root) followed by its terminal slot, so reaching a node also brings its match into cache:
//   slot = 0      no prefix ends here
//   slot > 0      one candidate, value slot - 1
//   slot < 0      several candidates: a list at -slot - 1 in `lists`, laid out [count, candidate...]
// Candidates are opaque numbers to the trie (the plan stores tariff block offsets), already in
// precedence order. bench/rating-core.bench.ts measures it against a Map-per-prefix-length lookup.

const NODE_SIZE = 11;
const TERMINAL = 10;

export const INVALID_NUMBER = -1;

export class PrefixTrie {
  constructor(
    private readonly nodes: Int32Array,
    private readonly lists: Int32Array,
    /** Sparse: the prefix ending at each terminal node (one array slot, cheaper than a Map lookup). */
    private readonly prefixByNode: readonly string[],
    private readonly prefixCount: number,
    /** Length of the longest prefix: callers size their match buffers with it. */
    readonly maxPrefixLength: number,
  ) {}

  get size(): number {
    return this.prefixCount;
  }

  /**
   * Writes the nodes of every prefix of `rawNumber` that ends a rated prefix, shortest first, into
   * `matches` and returns how many; INVALID_NUMBER if the string is not a dialled number.
   * Walks the raw string in place: nothing is allocated.
   */
  match(rawNumber: string, matches: Int32Array): number {
    const start = significantStart(rawNumber);
    if (start < 0) return INVALID_NUMBER;
    const nodes = this.nodes;
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
      node = nodes[node * NODE_SIZE + digit] || -1;
      if (node > 0 && nodes[node * NODE_SIZE + TERMINAL] !== 0) matches[count++] = node;
    }
    return digits === 0 ? INVALID_NUMBER : count;
  }

  /** Number of candidates at a matched node. */
  candidateCount(node: number): number {
    const slot = this.nodes[node * NODE_SIZE + TERMINAL];
    return slot > 0 ? 1 : this.lists[-slot - 1];
  }

  /** The index-th candidate at a matched node. */
  candidate(node: number, index: number): number {
    const slot = this.nodes[node * NODE_SIZE + TERMINAL];
    return slot > 0 ? slot - 1 : this.lists[-slot + index];
  }

  /** The prefix a matched node stands for. */
  prefixAt(node: number): string {
    return this.prefixByNode[node];
  }
}

/** Accumulates prefixes with their candidates, then freezes them into a PrefixTrie. */
export class PrefixTrieBuilder {
  private nodes = new Int32Array(NODE_SIZE * 1024);
  private nodeCount = 1;
  private readonly candidatesByNode = new Map<number, { prefix: string; candidates: number[] }>();
  private maxLength = 0;

  /** `prefix` must already be normalised to digits; `candidate` a non-negative integer. */
  add(prefix: string, candidate: number): void {
    let node = 0;
    for (let index = 0; index < prefix.length; index++) {
      const slot = node * NODE_SIZE + (prefix.charCodeAt(index) - 48);
      if (this.nodes[slot] === 0) {
        const child = this.newNode(); // may replace this.nodes: read the array only afterwards
        this.nodes[slot] = child;
      }
      node = this.nodes[slot];
    }
    const entry = this.candidatesByNode.get(node) ?? { prefix, candidates: [] };
    if (!entry.candidates.includes(candidate)) entry.candidates.push(candidate);
    this.candidatesByNode.set(node, entry);
    this.maxLength = Math.max(this.maxLength, prefix.length);
  }

  /** `precedence` orders the candidates sharing a prefix, best first. */
  build(precedence: (a: number, b: number) => number): PrefixTrie {
    const nodes = this.nodes.slice(0, this.nodeCount * NODE_SIZE);
    const lists: number[] = [];
    const prefixByNode = new Array<string>(this.nodeCount);
    for (const [node, { prefix, candidates }] of this.candidatesByNode) {
      prefixByNode[node] = prefix;
      if (candidates.length === 1) {
        nodes[node * NODE_SIZE + TERMINAL] = candidates[0] + 1;
      } else {
        nodes[node * NODE_SIZE + TERMINAL] = -(lists.length + 1);
        lists.push(candidates.length, ...[...candidates].sort(precedence));
      }
    }
    return new PrefixTrie(nodes, Int32Array.from(lists), prefixByNode, this.candidatesByNode.size, this.maxLength);
  }

  private newNode(): number {
    if ((this.nodeCount + 1) * NODE_SIZE > this.nodes.length) {
      const grown = new Int32Array(this.nodes.length * 2);
      grown.set(this.nodes);
      this.nodes = grown;
    }
    return this.nodeCount++;
  }
}
