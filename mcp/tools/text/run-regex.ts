// JavaScript regular expressions backtrack, so one pattern can run for minutes on a short text. Each
// match runs in a worker thread that is terminated when the time bound passes: a catastrophic pattern
// costs the caller the bound, and the gateway nothing.
import { Worker } from 'node:worker_threads';

export const REGEX_TIMEOUT_MS = 2_000;

export interface RegexMatch {
  match: string;
  index: number;
  groups: (string | null)[];
  named_groups?: Record<string, string | null> | undefined;
}

export type RegexOutcome = { ok: true; matches: RegexMatch[]; truncated: boolean } | { ok: false; error: string };

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { text, pattern, flags, maxMatches } = workerData;
const expression = new RegExp(pattern, flags.includes('g') ? flags : flags + 'g');
const matches = [];
let truncated = false;
for (const found of text.matchAll(expression)) {
  if (matches.length === maxMatches) { truncated = true; break; }
  matches.push({
    match: found[0],
    index: found.index,
    groups: found.slice(1).map((group) => group === undefined ? null : group),
    named_groups: found.groups ? Object.fromEntries(Object.entries(found.groups).map(([name, value]) => [name, value === undefined ? null : value])) : undefined,
  });
}
parentPort.postMessage({ matches, truncated });
`;

/** Checks the pattern and flags in this thread (compiling is quick), then matches in a worker under the bound. */
export async function runRegex(text: string, pattern: string, flags: string, maxMatches: number, timeoutMs = REGEX_TIMEOUT_MS): Promise<RegexOutcome> {
  try {
    new RegExp(pattern, flags);
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { text, pattern, flags, maxMatches }, resourceLimits: { maxOldGenerationSizeMb: 256 } });
    let timer: NodeJS.Timeout | undefined;
    const finish = (outcome: RegexOutcome) => {
      clearTimeout(timer);
      resolve(outcome);
      void worker.terminate();
    };
    // The bound counts matching time, not the worker's start-up on a busy machine.
    worker.once('online', () => {
      timer = setTimeout(() => finish({ ok: false, error: `matching took longer than ${timeoutMs / 1000} s and was stopped; the pattern probably backtracks catastrophically (nested quantifiers such as (a+)+)` }), timeoutMs);
    });
    worker.once('message', (result: { matches: RegexMatch[]; truncated: boolean }) => finish({ ok: true, ...result }));
    worker.once('error', (error) => finish({ ok: false, error: `matching failed: ${error.message}` }));
    worker.once('exit', (code) => finish({ ok: false, error: `matching stopped (exit code ${code})` }));
  });
}
