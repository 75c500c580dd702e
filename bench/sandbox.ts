// What running generated code costs: one test run per language in the sandbox (isolation in force,
// and a plain child process for comparison), and extract_code_from_response's throughput.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extractCode } from '../core/code/extract-code.ts';
import { createCodeSandbox, type CodeLanguage } from '../core/sandbox/code-sandbox.ts';
import { detectIsolation, type IsolationPlan } from '../core/sandbox/isolation.ts';
import { runIsolated } from '../core/sandbox/run-isolated.ts';
import { percentile, round } from './support.ts';

const PROGRAMS: Record<CodeLanguage, { code: string; test: string }> = {
  python: { code: 'def add(a, b):\n    return a + b\n', test: 'assert add(2, 3) == 5' },
  javascript: { code: 'function add(a, b) { return a + b; }', test: 'if (add(2, 3) !== 5) process.exit(1);' },
  typescript: { code: 'function add(a: number, b: number): number { return a + b; }', test: 'if (add(2, 3) !== 5) process.exit(1);' },
};

async function timed(runs: number, work: () => Promise<unknown>): Promise<{ p50_ms: number; p95_ms: number }> {
  const durations: number[] = [];
  for (let index = 0; index < runs; index++) {
    const started = performance.now();
    await work();
    durations.push(performance.now() - started);
  }
  durations.sort((a, b) => a - b);
  return { p50_ms: round(percentile(durations, 0.5)), p95_ms: round(percentile(durations, 0.95)) };
}

export async function benchSandbox(options: { runs: number }) {
  const sandbox = createCodeSandbox({ timeoutMs: 10_000, memoryBytes: 512 * 1024 * 1024 });
  const isolation = sandbox.isolation();
  const perLanguage = [];
  for (const language of Object.keys(PROGRAMS) as CodeLanguage[]) {
    const { code, test } = PROGRAMS[language];
    const check = await timed(options.runs, () => sandbox.checkSyntax(language, code));
    const oneTest = await timed(options.runs, async () => {
      const [outcome] = await sandbox.runTests(language, code, [{ name: 'adds', code: test }]);
      if (!outcome?.passed) throw new Error(`${language}: the benchmark test failed: ${outcome?.error}`);
    });
    perLanguage.push({ language, syntax_check_p50_ms: check.p50_ms, test_run_p50_ms: oneTest.p50_ms, test_run_p95_ms: oneTest.p95_ms });
  }
  // The same Python program with and without the wrapper: what the isolation itself adds.
  const plain: IsolationPlan = { kind: 'process', network_cut: false, resource_limits: false, wrapper: () => [], limits: () => [] };
  const directory = mkdtempSync(path.join(os.tmpdir(), 'gateway-bench-sandbox-'));
  const file = path.join(directory, 'main.py');
  writeFileSync(file, `${PROGRAMS.python.code}\n${PROGRAMS.python.test}\n`);
  const limits = { timeoutMs: 10_000, memoryBytes: 512 * 1024 * 1024 };
  const isolated = await timed(options.runs, () => runIsolated(detectIsolation(), ['python3', '-I', file], directory, limits));
  const bare = await timed(options.runs, () => runIsolated(plain, ['python3', '-I', file], directory, limits));
  rmSync(directory, { recursive: true, force: true });

  const answer = `Some prose.\n\n\`\`\`python\n${'x = 1\n'.repeat(40)}\`\`\`\n\n    indented line\n`.repeat(2_000);
  const megabytes = Buffer.byteLength(answer) / 1e6;
  const started = performance.now();
  const extractions = 20;
  for (let index = 0; index < extractions; index++) extractCode(answer, 'python');
  const seconds = (performance.now() - started) / 1000;
  return {
    isolation,
    per_language: perLanguage,
    isolation_overhead: { isolated_p50_ms: isolated.p50_ms, plain_process_p50_ms: bare.p50_ms, added_p50_ms: round(isolated.p50_ms - bare.p50_ms) },
    extract_code: { answer_mb: round(megabytes, 3), mb_per_second: round((megabytes * extractions) / seconds, 1) },
  };
}
