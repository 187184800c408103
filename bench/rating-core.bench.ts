// Rating core throughput on one core.
//   node -r @swc-node/register bench/rating-core.bench.ts [cdrCount] [prefixCount]
//
// Builds a 50,000-prefix deck, parses and compiles it, generates 1,000,000 CDRs (10% starting within two
// minutes of a timing boundary, so some cross it) and rates them on this single thread. Baselines in the
// same run: the longest-prefix lookup alone (the floor any rater pays), the same lookup through a Map per
// prefix length (the index design the trie was measured against), and the naive reference rater (linear
// prefix scan, Intl per billing block, decimal.js) on a sample, whose results are compared with ours.
//
// Each figure is the best of several passes, as CDRs per wall-clock second and per CPU second of this
// process: on a shared machine the second is the fairer measure of the code, the first of the machine.

import { loadavg } from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';
import { compileRatingPlan, formatNanos, normalizeNumber, parseRateDeck, type RatingPlan, type RatingPlanData, rateDeckToPlanData } from '@nova/rating';
import { NaiveRater } from '../libs/rating/src/testing/reference/naive-rater';
import { type SyntheticCdrs, syntheticCdrs, syntheticDeck, type SyntheticDeckOptions } from '../libs/rating/src/testing/synthetic-traffic';

const CDR_COUNT = Number(process.argv[2] ?? 1_000_000);
const PREFIX_COUNT = Number(process.argv[3] ?? 50_000);
const NAIVE_SAMPLE = 1_000;
const PASSES = 5;

interface Rate {
  wall: number;
  cpu: number;
}

async function main(): Promise<void> {
  const options: SyntheticDeckOptions = { prefixes: PREFIX_COUNT, seed: 2025, timezone: 'Asia/Kolkata', windowStart: '2025-03-01', windowDays: 60 };
  const deck = syntheticDeck(options);
  const loadBefore = loadavg()[0];

  const parseTime = await timed(() => parseRateDeck(deck.csv));
  const parsed = parseTime.value;
  const compileTime = await timed(async () => compileRatingPlan(rateDeckToPlanData(parsed.rows, deck.settings).data));
  const { data, errors } = rateDeckToPlanData(parsed.rows, deck.settings);
  if (parsed.errors.length + errors.length > 0) throw new Error(`synthetic deck rejected: ${JSON.stringify([...parsed.errors, ...errors].slice(0, 3))}`);
  const plan = compileTime.value;

  const uniform = syntheticCdrs(deck, { ...options, count: CDR_COUNT, cdrSeed: 7 });
  const skewed = syntheticCdrs(deck, { ...options, count: CDR_COUNT, cdrSeed: 8, popularity: 'skewed' });

  const lookup = best(() => lookupOnly(plan, uniform));
  const mapLookup = best(mapPerLengthLookup(data, uniform));
  const full = best(() => rateAllInto(plan, uniform));
  const fullSkewed = best(() => rateAllInto(plan, skewed));
  const objects = best(() => rateAllToObjects(plan, uniform), 3);
  const counts = rateAllInto(plan, uniform);
  const collections = await garbageCollectionsDuring(() => rateAllInto(plan, uniform));
  const naive = naiveSample(data, plan, uniform);
  const loadAfter = loadavg()[0];

  const line = (name: string, rate: Rate, note: string) =>
    console.log(`  ${name.padEnd(46)} ${fmt(rate.wall).padStart(11)} ${fmt(rate.cpu).padStart(11)}   ${note}`);
  console.log(`Rating core benchmark: node ${process.version}, one thread, load average ${loadBefore.toFixed(1)} -> ${loadAfter.toFixed(1)}`);
  console.log(`deck: ${fmt(PREFIX_COUNT)} prefixes, ${fmt(parsed.rows.length)} rows, ${(deck.csv.length / 1e6).toFixed(1)} MB of CSV`);
  console.log(`  parseRateDeck                   ${parseTime.wallMs.toFixed(0).padStart(5)} ms wall ${parseTime.cpuMs.toFixed(0).padStart(5)} ms CPU  (${fmt(parsed.rows.length / (parseTime.wallMs / 1000))} rows/s wall)`);
  console.log(`  rateDeckToPlanData + compile    ${compileTime.wallMs.toFixed(0).padStart(5)} ms wall ${compileTime.cpuMs.toFixed(0).padStart(5)} ms CPU`);
  console.log(`traffic: ${fmt(CDR_COUNT)} CDRs, best of ${PASSES} passes          CDRs/s wall   CDRs/s CPU`);
  line('rateInto, uniform prefixes (main figure)', full, `${fmt(counts.rated)} rated, ${fmt(counts.split)} split across a boundary, ${collections} GCs per pass`);
  line('rateInto, skewed prefixes', fullSkewed, 'half the calls to 1% of prefixes, as real traffic');
  line('rate(): full result objects', objects, 'segments, ids and usage materialised per CDR');
  line('baseline: longest-prefix lookup only (trie)', lookup, 'same CDRs, no pricing');
  line('baseline: lookup, Map per prefix length', mapLookup, 'normalise, then probe the longest length first');
  line(`baseline: naive reference, ${fmt(NAIVE_SAMPLE)} CDRs`, naive, `${naive.agreements}/${NAIVE_SAMPLE} results identical to rateInto's`);
  console.log('ratios (CPU basis):');
  console.log(`  rateInto vs naive reference:         ${fmt(full.cpu / naive.cpu)}x faster`);
  console.log(`  rateInto vs prefix lookup alone:     ${(full.cpu / lookup.cpu).toFixed(2)} of the lookup's throughput`);
  console.log(`  trie vs Map-per-length lookup:       ${(lookup.cpu / mapLookup.cpu).toFixed(1)}x faster`);
  const verdict = (rate: number) => (rate >= 1_000_000 ? 'met' : 'NOT met');
  console.log(`target >= 1,000,000 CDRs/s on one core: ${verdict(full.cpu)} on CPU time (${(full.cpu / 1e6).toFixed(2)} M/s), ${verdict(full.wall)} on wall-clock (${(full.wall / 1e6).toFixed(2)} M/s)`);
}

function lookupOnly(plan: RatingPlan, cdrs: SyntheticCdrs): number {
  let found = 0;
  for (let index = 0; index < cdrs.numbers.length; index++) if (plan.longestPrefix(cdrs.numbers[index]) !== null) found++;
  return found;
}

/** The alternative index: one Map entry per prefix, probed from the longest prefix length down. */
function mapPerLengthLookup(data: RatingPlanData, cdrs: SyntheticCdrs): () => number {
  const byPrefix = new Map<string, string>();
  let longest = 0;
  for (const destination of data.destinations) {
    for (const prefix of destination.prefixes) {
      byPrefix.set(prefix, destination.name);
      longest = Math.max(longest, prefix.length);
    }
  }
  return () => {
    let found = 0;
    for (let index = 0; index < cdrs.numbers.length; index++) {
      const digits = normalizeNumber(cdrs.numbers[index]);
      if (digits === null) continue;
      for (let length = Math.min(longest, digits.length); length > 0; length--) {
        if (byPrefix.has(digits.slice(0, length))) {
          found++;
          break;
        }
      }
    }
    return found;
  };
}

function rateAllInto(plan: RatingPlan, cdrs: SyntheticCdrs): { rated: number; split: number; checksum: number } {
  const scratch = plan.createScratch();
  let rated = 0;
  let split = 0;
  let checksum = 0;
  for (let index = 0; index < cdrs.numbers.length; index++) {
    if (!plan.rateInto(scratch, cdrs.numbers[index], cdrs.startedAtMs[index], cdrs.durationSeconds[index])) continue;
    rated++;
    checksum += scratch.cost;
    if (scratch.segmentCount > 1) split++;
  }
  return { rated, split, checksum };
}

function rateAllToObjects(plan: RatingPlan, cdrs: SyntheticCdrs): number {
  let segments = 0;
  for (let index = 0; index < cdrs.numbers.length; index++) {
    const result = plan.rate({ calledNumber: cdrs.numbers[index], startedAtMs: cdrs.startedAtMs[index], durationSeconds: cdrs.durationSeconds[index] });
    if (result.rated) segments += result.segments.length;
  }
  return segments;
}

function naiveSample(data: RatingPlanData, plan: RatingPlan, cdrs: SyntheticCdrs): Rate & { agreements: number } {
  const naive = new NaiveRater(data);
  const expected: string[] = [];
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  for (let index = 0; index < NAIVE_SAMPLE; index++) {
    const result = naive.rate(cdrs.numbers[index], cdrs.startedAtMs[index], cdrs.durationSeconds[index]);
    expected.push(result.rated ? `${result.destination} ${result.cost}` : result.reason);
  }
  const rate = perSecond(NAIVE_SAMPLE, performance.now() - wallStart, cpuMs(process.cpuUsage(cpuStart)));
  let agreements = 0;
  for (let index = 0; index < NAIVE_SAMPLE; index++) {
    const result = plan.rate({ calledNumber: cdrs.numbers[index], startedAtMs: cdrs.startedAtMs[index], durationSeconds: cdrs.durationSeconds[index] });
    if ((result.rated ? `${result.destination} ${formatNanos(result.cost)}` : result.reason) === expected[index]) agreements++;
  }
  return { ...rate, agreements };
}

/** One warm-up pass, then the fastest of `passes` passes over CDR_COUNT CDRs. */
function best(pass: () => unknown, passes = PASSES): Rate {
  pass();
  let fastest: Rate = { wall: 0, cpu: 0 };
  for (let run = 0; run < passes; run++) {
    const wallStart = performance.now();
    const cpuStart = process.cpuUsage();
    pass();
    const rate = perSecond(CDR_COUNT, performance.now() - wallStart, cpuMs(process.cpuUsage(cpuStart)));
    fastest = { wall: Math.max(fastest.wall, rate.wall), cpu: Math.max(fastest.cpu, rate.cpu) };
  }
  return fastest;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; wallMs: number; cpuMs: number }> {
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  const value = await work();
  return { value, wallMs: performance.now() - wallStart, cpuMs: cpuMs(process.cpuUsage(cpuStart)) };
}

async function garbageCollectionsDuring(work: () => unknown): Promise<number> {
  const settle = () => new Promise((resolve) => setTimeout(resolve, 100));
  let collections = 0;
  const observer = new PerformanceObserver((list) => (collections += list.getEntries().length));
  await settle();
  observer.observe({ entryTypes: ['gc'] });
  work();
  await settle();
  observer.disconnect();
  return collections;
}

function perSecond(count: number, wallMs: number, cpuMilliseconds: number): Rate {
  return { wall: count / (wallMs / 1000), cpu: count / (cpuMilliseconds / 1000) };
}

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

function fmt(value: number): string {
  return Math.round(value).toLocaleString('en');
}

void main();
