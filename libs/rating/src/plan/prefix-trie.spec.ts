import { DestinationTariff } from './destination-tariff';
import { INVALID_NUMBER, PrefixTrieBuilder } from './prefix-trie';
import { Random } from '../testing/random';

const tariff = (name: string, weight = 0) => new DestinationTariff(name, weight, Float64Array.of(0), [], []);

describe('PrefixTrie', () => {
  it('finds every prefix after growing well past its initial capacity', () => {
    const random = new Random(3);
    const prefixes = new Set<string>();
    while (prefixes.size < 5_000) prefixes.add(`${random.int(1, 9)}${random.digits(random.int(0, 8))}`); // as normalised: no leading 00
    const builder = new PrefixTrieBuilder();
    for (const prefix of prefixes) builder.add(prefix, tariff(prefix));
    const trie = builder.build();
    const matches = new Int32Array(trie.maxPrefixLength);
    const missed = [...prefixes].filter((prefix) => {
      const deepest = trie.entry(matches[trie.match(prefix, matches) - 1]); // a prefix is its own longest match
      return deepest.prefix !== prefix || deepest.candidates[0].name !== prefix;
    });
    expect(missed).toEqual([]);
  });

  it('returns every matching prefix, shortest first, and orders shared prefixes by weight then name', () => {
    const builder = new PrefixTrieBuilder();
    builder.add('2', tariff('Two'));
    builder.add('234', tariff('NG-b'));
    builder.add('234', tariff('NG-a'));
    builder.add('234', tariff('NG-heavy', 7));
    builder.add('23480', tariff('MTN'));
    const trie = builder.build();
    const matches = new Int32Array(trie.maxPrefixLength);
    expect(trie.match('+234 803 1', matches)).toBe(3);
    expect([0, 1, 2].map((index) => trie.entry(matches[index]).prefix)).toEqual(['2', '234', '23480']);
    expect(trie.entry(matches[1]).candidates.map((candidate) => candidate.name)).toEqual(['NG-heavy', 'NG-a', 'NG-b']);
    expect(trie.match('4420', matches)).toBe(0);
    expect(trie.match('2348x', matches)).toBe(INVALID_NUMBER);
  });
});
