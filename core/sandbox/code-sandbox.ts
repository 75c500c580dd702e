// Checks and tests generated code in python, javascript or typescript. JavaScript and TypeScript are
// parsed and compiled to CommonJS by esbuild (parsing runs nothing); Python is parsed by the
// interpreter inside the sandbox. Each test runs after the answer's code in its own isolated process
// and passes when that process exits 0 within the time limit.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { transformSync } from 'esbuild';
import { detectIsolation, type Isolation, type IsolationPlan } from './isolation.ts';
import { runIsolated, type RunOutcome } from './run-isolated.ts';

export const CODE_LANGUAGES = ['python', 'javascript', 'typescript'] as const;
export type CodeLanguage = (typeof CODE_LANGUAGES)[number];

export interface CodeTest {
  name: string;
  code: string;
  weight?: number | undefined;
}

export interface SyntaxCheck {
  ok: boolean;
  error?: string;
}

export interface TestOutcome {
  name: string;
  weight: number;
  passed: boolean;
  timed_out: boolean;
  exit_code: number | null;
  duration_ms: number;
  /** The end of stderr, to say why a test failed. */
  error?: string;
}

export interface SandboxOptions {
  timeoutMs: number;
  memoryBytes: number;
}

export interface CodeSandbox {
  isolation(): Isolation;
  checkSyntax(language: CodeLanguage, code: string): Promise<SyntaxCheck>;
  runTests(language: CodeLanguage, code: string, tests: CodeTest[], signal?: AbortSignal): Promise<TestOutcome[]>;
  /** Runs a program as it is (one isolated process), for callers that need the raw outcome. */
  run(language: CodeLanguage, code: string, signal?: AbortSignal): Promise<RunOutcome>;
}

const V8_CODE_SPACE_BYTES = 1024 * 1024 * 1024;
const PYTHON_PARSE = 'import ast,sys; ast.parse(open(sys.argv[1], encoding="utf-8").read(), "answer.py")';

function findPython(): string {
  const probe = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8', timeout: 10_000 });
  return probe.status === 0 && probe.stdout.trim() ? probe.stdout.trim() : '/usr/bin/python3';
}

function tail(text: string, length = 600): string {
  const trimmed = text.trim();
  return trimmed.length > length ? `…${trimmed.slice(-length)}` : trimmed;
}

function compileScript(language: 'javascript' | 'typescript', code: string): { ok: true; code: string } | { ok: false; error: string } {
  try {
    return { ok: true, code: transformSync(code, { loader: language === 'typescript' ? 'ts' : 'js', format: 'cjs', target: 'node20' }).code };
  } catch (error) {
    const failure = error as { errors?: Array<{ text: string; location?: { line: number; column: number } | null }> };
    const first = failure.errors?.[0];
    if (!first) return { ok: false, error: (error as Error).message };
    return { ok: false, error: first.location ? `line ${first.location.line}, column ${first.location.column}: ${first.text}` : first.text };
  }
}

export function createCodeSandbox(options: SandboxOptions): CodeSandbox {
  let plan: IsolationPlan | undefined;
  let python: string | undefined;
  const planned = () => (plan ??= detectIsolation());

  async function inDirectory<T>(work: (directory: string) => Promise<T>): Promise<T> {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'gateway-sandbox-'));
    try {
      return await work(directory);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }

  function commandFor(language: CodeLanguage, file: string): { command: string[]; extraAddressSpaceBytes: number } {
    if (language === 'python') return { command: [(python ??= findPython()), '-I', file], extraAddressSpaceBytes: 0 };
    const heapMb = Math.max(32, Math.floor(options.memoryBytes / 1024 / 1024));
    return { command: [process.execPath, `--max-old-space-size=${heapMb}`, file], extraAddressSpaceBytes: V8_CODE_SPACE_BYTES };
  }

  async function runProgram(language: CodeLanguage, code: string, signal?: AbortSignal): Promise<RunOutcome | { compile_error: string }> {
    let source = code;
    if (language !== 'python') {
      const compiled = compileScript(language, code);
      if (!compiled.ok) return { compile_error: compiled.error };
      source = compiled.code;
    }
    return inDirectory(async (directory) => {
      const file = path.join(directory, language === 'python' ? 'main.py' : 'main.cjs');
      writeFileSync(file, source, 'utf8');
      const { command, extraAddressSpaceBytes } = commandFor(language, file);
      return runIsolated(planned(), command, directory, { timeoutMs: options.timeoutMs, memoryBytes: options.memoryBytes, extraAddressSpaceBytes }, signal);
    });
  }

  return {
    isolation() {
      const { kind, network_cut, resource_limits } = planned();
      return { kind, network_cut, resource_limits };
    },
    async checkSyntax(language, code) {
      if (!code.trim()) return { ok: false, error: 'no code found in the answer' };
      if (language !== 'python') {
        const compiled = compileScript(language, code);
        return compiled.ok ? { ok: true } : { ok: false, error: compiled.error };
      }
      return inDirectory(async (directory) => {
        const file = path.join(directory, 'answer.py');
        writeFileSync(file, code, 'utf8');
        const outcome = await runIsolated(planned(), [(python ??= findPython()), '-I', '-c', PYTHON_PARSE, file], directory, { timeoutMs: options.timeoutMs, memoryBytes: options.memoryBytes });
        if (outcome.exit_code === 0) return { ok: true };
        return { ok: false, error: outcome.timed_out ? 'parsing timed out' : tail(outcome.stderr.split('\n').slice(-4).join('\n')) };
      });
    },
    async runTests(language, code, tests, signal) {
      const outcomes: TestOutcome[] = [];
      for (const test of tests) {
        if (signal?.aborted) break;
        const weight = test.weight ?? 1;
        const outcome = await runProgram(language, `${code}\n\n${test.code}\n`, signal);
        if ('compile_error' in outcome) {
          outcomes.push({ name: test.name, weight, passed: false, timed_out: false, exit_code: null, duration_ms: 0, error: outcome.compile_error });
          continue;
        }
        const passed = outcome.exit_code === 0 && !outcome.timed_out;
        outcomes.push({
          name: test.name,
          weight,
          passed,
          timed_out: outcome.timed_out,
          exit_code: outcome.exit_code,
          duration_ms: outcome.duration_ms,
          ...(passed ? {} : { error: outcome.timed_out ? `killed after the ${options.timeoutMs} ms time limit` : tail(outcome.stderr) || `exit code ${outcome.exit_code ?? outcome.signal}` }),
        });
      }
      return outcomes;
    },
    async run(language, code, signal) {
      const outcome = await runProgram(language, code, signal);
      if ('compile_error' in outcome) return { exit_code: null, signal: null, timed_out: false, stdout: '', stderr: outcome.compile_error, duration_ms: 0 };
      return outcome;
    },
  };
}
