// A code tournament through a real MCP client, worker and Temporal server: answers are extracted,
// parsed and run against the tests in the sandbox, and ranked: passes, fails, syntax error, loops.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { startTestGateway } from '../support/gateway-harness.ts';
import { useIntegrationSuite } from '../support/integration-suite.ts';
import { fairJudge } from '../support/tournament-script.ts';
import { waitFor } from '../support/wait-for.ts';

const suite = useIntegrationSuite('code-tournament');

const ANSWERS: Record<string, string> = {
  'gpt-4o-mini': 'Here you go:\n```python\ndef add(a, b):\n    return a + b\n```',
  'gpt-4.1-mini': '```python\ndef add(a, b):\n    return a - b\n```',
  'gpt-4.1-nano': '```python\ndef add(a, b)\n    return a + b\n```',
  'gpt-4o': '```python\ndef add(a, b):\n    while True:\n        pass\n```',
};

/** Processes running a sandboxed program whose source contains `marker`. */
function sandboxedProcesses(marker: string): number[] {
  const found: number[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const file = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').find((part) => /gateway-sandbox-.*main\.py$/.test(part));
      if (file && readFileSync(file, 'utf8').includes(marker)) found.push(Number(pid));
    } catch {
      // The process or its file went away while looking.
    }
  }
  return found;
}

interface Breakdown {
  syntax_ok: boolean;
  syntax_error?: string;
  tests_passed: number;
  tests_failed: number;
  tests_timed_out: number;
  tests_total: number;
  quality: number;
  isolation: { kind: string; network_cut: boolean; resource_limits: boolean };
  tests: Array<{ name: string; passed: boolean; timed_out: boolean; error?: string }>;
}

describe('code tournaments', () => {
  it('runs each answer against the tests in the sandbox and ranks pass, fail, syntax error, endless loop', async () => {
    suite.simulator.reset();
    const gateway = await startTestGateway({
      temporalAddress: suite.temporal.address,
      environment: { OPENAI_API_KEY: 'sk-test-key-123456', OPENAI_BASE_URL: suite.simulator.openaiBaseUrl, PROVIDER_MAX_RETRIES: '0', SANDBOX_TIMEOUT_SECONDS: '2' },
    });
    try {
      // The judge gives every answer the same quality: the ranking comes from the checks alone.
      suite.simulator.script([fairJudge('o4-mini', 1, 5), ...Object.entries(ANSWERS).map(([model, text]) => ({ model, text }))]);
      const created = await gateway.call('create_tournament', {
        name: 'add',
        prompt: 'Write a Python function add(a, b) that returns the sum of a and b.',
        type: 'code',
        language: 'python',
        rounds: 1,
        models: Object.keys(ANSWERS).map((model) => ({ provider: 'openai', model })),
        judge: { provider: 'openai', model: 'o4-mini' },
        tests: [
          { name: 'small numbers', code: 'assert add(2, 3) == 5' },
          { name: 'negatives', code: 'assert add(-1, 1) == 0', weight: 2 },
        ],
      });
      assert.equal(created.isError, false, created.text);
      const id = created.structured.tournament_id as string;
      const results = await waitFor(async () => {
        const { structured } = await gateway.call('get_tournament_results', { tournament_id: id });
        return structured.status === 'running' ? undefined : structured;
      }, 120_000, 'the code tournament');
      assert.equal(results.status, 'completed');
      const leaderboard = results.leaderboard as Array<{ model: string; rank: number; score: number; rounds: Array<{ breakdown: Breakdown }> }>;
      assert.deepEqual(leaderboard.map((row) => row.model), ['gpt-4o-mini', 'gpt-4.1-mini', 'gpt-4.1-nano', 'gpt-4o']);
      const scores = leaderboard.map((row) => row.score);
      assert.ok(scores[0]! > scores[1]! && scores[1]! > scores[2]! && scores[2]! > scores[3]!, `strictly ordered: ${scores.join(', ')}`);
      const breakdown = (model: string) => leaderboard.find((row) => row.model === model)!.rounds[0]!.breakdown;

      assert.deepEqual([breakdown('gpt-4o-mini').tests_passed, breakdown('gpt-4o-mini').tests_total], [2, 2]);
      assert.deepEqual([breakdown('gpt-4.1-mini').syntax_ok, breakdown('gpt-4.1-mini').tests_failed], [true, 2]);
      assert.match(breakdown('gpt-4.1-mini').tests[0]!.error ?? '', /AssertionError/);
      assert.equal(breakdown('gpt-4.1-nano').syntax_ok, false);
      assert.match(breakdown('gpt-4.1-nano').syntax_error ?? '', /SyntaxError/);
      assert.deepEqual([breakdown('gpt-4.1-nano').tests.length, breakdown('gpt-4.1-nano').tests_failed], [0, 2], 'code that does not parse is never run, and fails every test');
      assert.deepEqual([breakdown('gpt-4o').tests_timed_out, breakdown('gpt-4o').tests_passed], [2, 0]);
      assert.match(breakdown('gpt-4o').tests[0]!.error ?? '', /killed after the 2000 ms time limit/);
      for (const row of leaderboard) assert.equal(row.rounds[0]!.breakdown.quality, 5);
      const isolation = breakdown('gpt-4o-mini').isolation;
      assert.ok(['bwrap', 'unshare', 'process'].includes(isolation.kind));
      assert.equal(isolation.network_cut, isolation.kind !== 'process');

      // The judge saw each answer's code with the organiser's checks.
      const judgePrompt = JSON.stringify(suite.simulator.requests().find((request) => request.model === 'o4-mini')!.body.messages);
      assert.match(judgePrompt, /the code does not parse/);
      assert.match(judgePrompt, /tests passed 0\/2\. Failures: small numbers: killed at the time limit/);

      const extracted = await gateway.call('extract_code_from_response', { text: ANSWERS['gpt-4o-mini']!, language: 'py' });
      assert.deepEqual(extracted.structured, { code: 'def add(a, b):\n    return a + b', language: 'python', blocks: [{ language: 'python', code: 'def add(a, b):\n    return a + b' }] });
      const empty = await gateway.call('extract_code_from_response', { text: '' });
      assert.equal(empty.isError, true);
      assert.match(empty.text, /text must not be empty/);

      const refused = await gateway.call('create_tournament', { name: 'x', prompt: 'y', type: 'code', models: [{ provider: 'openai' }, { provider: 'openai', model: 'gpt-4o' }] });
      assert.equal(refused.isError, true);
      assert.match(refused.text, /language: a code tournament needs language/);
      const twice = await gateway.call('create_tournament', { name: 'x', prompt: 'y', type: 'text', models: [{ provider: 'openai', model: 'gpt-4o' }, { provider: 'openai', model: 'gpt-4o' }] });
      assert.match(twice.text, /models\[1\]: openai\/gpt-4o is already a contestant/);
    } finally {
      await gateway.close();
    }
  });

  it('cancel_tournament kills code still running in the sandbox', async () => {
    suite.simulator.reset();
    const gateway = await startTestGateway({
      temporalAddress: suite.temporal.address,
      environment: { OPENAI_API_KEY: 'sk-test-key-123456', OPENAI_BASE_URL: suite.simulator.openaiBaseUrl, PROVIDER_MAX_RETRIES: '0', SANDBOX_TIMEOUT_SECONDS: '120' },
    });
    try {
      const marker = `marker_${randomUUID().replaceAll('-', '')}`;
      const loop = `\`\`\`python\n${marker} = 1\ndef add(a, b):\n    while True:\n        pass\n\`\`\``;
      suite.simulator.script([fairJudge('o4-mini', 1, 5), { model: 'gpt-4o-mini', text: loop }, { model: 'gpt-4.1-mini', text: loop }]);
      const created = await gateway.call('create_tournament', {
        name: 'cancel-code',
        prompt: 'Write add(a, b).',
        type: 'code',
        language: 'python',
        rounds: 1,
        models: [{ provider: 'openai', model: 'gpt-4o-mini' }, { provider: 'openai', model: 'gpt-4.1-mini' }],
        judge: { provider: 'openai', model: 'o4-mini' },
        tests: [{ name: 'adds', code: 'assert add(2, 3) == 5' }],
      });
      const id = created.structured.tournament_id as string;
      await waitFor(() => (sandboxedProcesses(marker).length > 0 ? true : undefined), 60_000, 'the looping test to start');
      const cancelled = await gateway.call('cancel_tournament', { tournament_id: id });
      assert.deepEqual([cancelled.structured.cancel_requested, cancelled.structured.status], [true, 'cancelled']);
      await waitFor(() => (sandboxedProcesses(marker).length === 0 ? true : undefined), 20_000, 'the sandboxed processes to be killed');
    } finally {
      await gateway.close();
    }
  });
});
