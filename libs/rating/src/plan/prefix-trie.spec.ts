import { INVALID_NUMBER, PrefixTrieBuilder } from './prefix-trie';
import { Random } from '../testing/random';

describe('PrefixTrie', () => {
  it('finds every prefix after growing well past its initial capacity', () => {
    const random = new Random(3);
    const prefixes = new Set<string>();
    while (prefixes.size < 5_000) prefixes.add(`${random.int(1, 9)}${random.digits(random.int(0, 8))}`); // as normalised: no leading 00
    const list = [...prefixes];
    const builder = new PrefixTrieBuilder();
    list.forEach((prefix, index) => builder.add(prefix, index));
    const trie = builder.build((a, b) => a - b);
    const matches = new Int32Array(trie.maxPrefixLength);
    const missed = list.filter((prefix, index) => {
      const deepest = matches[trie.match(prefix, matches) - 1]; // a prefix is its own longest match
      return trie.prefixAt(deepest) !== prefix || trie.candidate(deepest, 0) !== index;
    });
    expect(missed).toEqual([]);
  });

  it('returns every matching prefix, shortest first, with shared prefixes in precedence order', () => {
    const builder = new PrefixTrieBuilder();
    builder.add('2', 1);
    builder.add('234', 30);
    builder.add('234', 10);
    builder.add('234', 20);
    builder.add('23480', 4);
    const trie = builder.build((a, b) => b - a); // higher first
    const matches = new Int32Array(trie.maxPrefixLength);
    expect(trie.match('+234 803 1', matches)).toBe(3);
    expect([0, 1, 2].map((index) => trie.prefixAt(matches[index]))).toEqual(['2', '234', '23480']);
    const shared = matches[1];
    expect(Array.from({ length: trie.candidateCount(shared) }, (_, index) => trie.candidate(shared, index))).toEqual([30, 20, 10]);
    expect(trie.candidate(matches[0], 0)).toBe(1);
    expect(trie.match('4420', matches)).toBe(0);
    expect(trie.match('2348x', matches)).toBe(INVALID_NUMBER);
  });
});
