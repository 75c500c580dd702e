import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { UsageLedger } from '../../../../core/usage/usage-ledger.ts';

const directories: string[] = [];
after(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

function ledgerDirectory(): string {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'gateway-ledger-'));
  directories.push(directory);
  return directory;
}

const usage = (input: number, output: number) => ({ inputTokens: input, outputTokens: output, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 });

describe('usage ledger', () => {
  it('groups calls by provider, model, tool and day, counting failures', async () => {
    const ledger = new UsageLedger(ledgerDirectory());
    const day = Date.parse('2026-11-20T10:00:00Z');
    ledger.record({ provider: 'openai', model: 'gpt-4o-mini', tool: 'generate_completion', usage: usage(100, 10), cost_usd: 0.000021, latency_ms: 100, outcome: 'success' }, day);
    ledger.record({ provider: 'openai', model: 'gpt-4o', tool: 'chat_completion', usage: usage(10, 10), cost_usd: 0.000125, latency_ms: 300, outcome: 'success' }, day + 1);
    ledger.record({ provider: 'anthropic', model: 'claude-haiku-4-5', tool: 'generate_completion', cost_usd: 0, latency_ms: 50, outcome: 'error', error_type: 'ProviderServerError' }, day + 86_400_000);
    await ledger.flushed();

    const byProvider = ledger.report({ groupBy: 'provider' });
    assert.deepEqual(byProvider.groups.map((group) => [group.key, group.calls, group.errors, group.input_tokens, group.cost_usd, group.average_latency_ms]), [
      ['openai', 2, 0, 110, 0.000146, 200],
      ['anthropic', 1, 1, 0, 0, 50],
    ]);
    assert.equal(byProvider.totals.calls, 3);
    assert.deepEqual(ledger.report({ groupBy: 'model' }).groups.map((group) => group.key).sort(), ['anthropic/claude-haiku-4-5', 'openai/gpt-4o', 'openai/gpt-4o-mini']);
    assert.deepEqual(ledger.report({ groupBy: 'day' }).groups.map((group) => [group.key, group.calls]).sort(), [['2026-11-20', 2], ['2026-11-21', 1]]);
    const since = ledger.report({ groupBy: 'tool', since: day + 2 });
    assert.deepEqual(since.groups.map((group) => [group.key, group.calls]), [['generate_completion', 1]]);
    assert.equal(since.since, new Date(day + 2).toISOString());
    await ledger.close();
  });

  it('keeps records across reopening and lists a provider’s latest calls first', async () => {
    const directory = ledgerDirectory();
    const first = new UsageLedger(directory);
    for (let index = 0; index < 5; index += 1) {
      first.record({ provider: 'gemini', model: 'gemini-2.5-flash', tool: 'generate_completion', cost_usd: 0, latency_ms: index, outcome: 'success' }, 1_000 + index);
    }
    await first.close();
    const second = new UsageLedger(directory);
    assert.deepEqual(second.recent('gemini', 3).map((record) => record.latency_ms), [4, 3, 2]);
    assert.deepEqual(second.recent('openai', 3), []);
    assert.deepEqual(second.recent('gemini', 10, 1_003).map((record) => record.latency_ms), [4, 3]);
    await second.close();
  });

  it('reports a record it cannot keep instead of throwing at the caller', async () => {
    const problems: unknown[] = [];
    const ledger = new UsageLedger(ledgerDirectory(), (error) => problems.push(error));
    await ledger.close();
    assert.doesNotThrow(() => ledger.record({ provider: 'openai', model: 'gpt-4o-mini', tool: 'generate_completion', cost_usd: 0.1, latency_ms: 5, outcome: 'success' }));
    assert.equal(problems.length, 1);
    assert.match(String(problems[0]), /usage ledger is closed; not recorded: openai\/gpt-4o-mini success/);
  });
});
