// Token counting time against input size, for ordinary prose and for the inputs that made a
// whole-run count quadratic (random DNA, one letter repeated, a rule of dashes): each row should grow
// in proportion to its size. A small whole-text baseline shows what the bounded count avoids.
import { clearMergeCache, countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { countTextTokens } from '../core/tokens/count-tokens.ts';

const PROSE = 'The committee’s 2024 report, drafted over three months, runs to 312 pages; see section 4.2 for details. ';

function randomBases(length: number): string {
  const bases = ['A', 'C', 'G', 'T'];
  return Array.from({ length }, () => bases[Math.floor(Math.random() * 4)]).join('');
}

const INPUTS: Record<string, (length: number) => string> = {
  prose: (length) => PROSE.repeat(Math.ceil(length / PROSE.length)).slice(0, length),
  random_acgt: randomBases,
  aaaa: (length) => 'A'.repeat(length),
  dashes: (length) => '-'.repeat(length),
};

/** Each run starts with the tokenizer's cache empty, as a new text would find it. */
function bestOf(runs: number, action: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < runs; run += 1) {
    clearMergeCache();
    const started = performance.now();
    action();
    best = Math.min(best, performance.now() - started);
  }
  return Math.round(best * 10) / 10;
}

export interface TokenCountingBench {
  /** Milliseconds per input kind and size (characters). */
  bounded: Array<Record<string, number | string>>;
  /** Microseconds per character at the largest size divided by the same at the smallest: 1 is linear. */
  growth: Record<string, number>;
  /** Counting the whole text as one (the quadratic way), at small sizes only. */
  whole_text_baseline: Array<Record<string, number | string>>;
}

export function benchTokenCounting(options: { sizes: number[]; baselineSizes: number[] }): TokenCountingBench {
  const model = { tokenizer: 'o200k_base' as const };
  const bounded: TokenCountingBench['bounded'] = [];
  const perChar: Record<string, number[]> = {};
  for (const size of options.sizes) {
    const row: Record<string, number | string> = { chars: size };
    for (const [name, make] of Object.entries(INPUTS)) {
      const text = make(size);
      const ms = bestOf(2, () => countTextTokens(text, model));
      row[`${name}_ms`] = ms;
      (perChar[name] ??= []).push(ms / size);
    }
    bounded.push(row);
  }
  const growth = Object.fromEntries(Object.entries(perChar).map(([name, values]) => [name, Math.round((values.at(-1)! / values[0]!) * 100) / 100]));
  const whole_text_baseline = options.baselineSizes.map((size) => {
    const row: Record<string, number | string> = { chars: size };
    for (const name of ['random_acgt', 'aaaa', 'dashes']) {
      const text = INPUTS[name]!(size);
      row[`${name}_ms`] = bestOf(1, () => countTokens(text));
    }
    return row;
  });
  return { bounded, growth, whole_text_baseline };
}
