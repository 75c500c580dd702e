import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { open } from 'lmdb';
import { UsageLedger, USAGE_GROUPS, type CallRecord } from '../../../../core/usage/usage-ledger.ts';

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

  it('answers from daily rollups exactly what the calls add up to, for any since and grouping', async () => {
    const ledger = new UsageLedger(ledgerDirectory());
    const start = Date.parse('2026-10-01T00:00:00Z');
    const calls: Array<CallRecord & { at: number }> = [];
    for (let index = 0; index < 600; index += 1) {
      const call: CallRecord & { at: number } = {
        provider: index % 3 === 0 ? 'anthropic' : 'openai',
        model: index % 2 === 0 ? 'model-a' : 'model-b',
        tool: index % 5 === 0 ? 'delegate_task' : 'generate_completion',
        usage: usage(index, index % 7),
        cost_usd: index * 1e-6,
        latency_ms: index % 50,
        outcome: index % 11 === 0 ? 'error' : 'success',
        at: start + index * 3_600_000 + 17,
      };
      calls.push(call);
      ledger.record(call, call.at);
    }
    await ledger.flushed();
    for (const since of [undefined, start + 5 * 86_400_000, start + 5 * 86_400_000 + 3_600_000 * 7 + 5]) {
      for (const groupBy of USAGE_GROUPS) {
        const expected = new Map<string, { calls: number; errors: number; input: number; cost: number }>();
        for (const call of calls.filter((each) => since === undefined || each.at >= since)) {
          const key = groupBy === 'day' ? new Date(call.at).toISOString().slice(0, 10) : groupBy === 'model' ? `${call.provider}/${call.model}` : call[groupBy];
          const sum = expected.get(key) ?? { calls: 0, errors: 0, input: 0, cost: 0 };
          expected.set(key, { calls: sum.calls + 1, errors: sum.errors + (call.outcome === 'error' ? 1 : 0), input: sum.input + call.usage!.inputTokens, cost: sum.cost + call.cost_usd });
        }
        const report = ledger.report({ since, groupBy });
        const actual = Object.fromEntries(report.groups.map((group) => [group.key, { calls: group.calls, errors: group.errors, input: group.input_tokens, cost: Math.round(group.cost_usd * 1e9) }]));
        const wanted = Object.fromEntries([...expected].map(([key, sum]) => [key, { ...sum, cost: Math.round(sum.cost * 1e9) }]));
        assert.deepEqual(actual, wanted, `since ${String(since)}, by ${groupBy}`);
      }
    }
    await ledger.close();
  });

  it('prunes calls older than the retention period and keeps their day totals', async () => {
    const directory = ledgerDirectory();
    const now = Date.now();
    const writer = new UsageLedger(directory);
    for (const daysAgo of [40, 40, 20, 1]) {
      writer.record({ provider: 'openai', model: 'gpt-4o-mini', tool: 'generate_completion', usage: usage(10, 1), cost_usd: 0.01, latency_ms: 10, outcome: 'success' }, now - daysAgo * 86_400_000);
    }
    await writer.close();
    const ledger = new UsageLedger(directory, undefined, { retentionDays: 30 });
    await ledger.flushed();
    assert.equal([...ledger.entries()].length, 2, 'the two calls of 40 days ago are gone');
    const report = ledger.report({ groupBy: 'day' });
    assert.equal(report.totals.calls, 4);
    assert.equal(report.groups.length, 3);
    const partOfAPrunedDay = ledger.report({ groupBy: 'provider', since: now - 40 * 86_400_000 + 1 });
    assert.equal(partOfAPrunedDay.totals.calls, 4, 'a since inside a pruned day counts that whole day');
    assert.ok(Date.parse(partOfAPrunedDay.since!) <= now - 40 * 86_400_000);
    await ledger.close();
  });

  it('builds rollups once for a ledger written before they existed', async () => {
    const directory = ledgerDirectory();
    const legacy = open<object, [number, string]>({ path: directory, name: 'calls', encoding: 'msgpack' });
    const at = Date.parse('2026-03-04T05:06:07Z');
    await legacy.put([at, 'x'], { provider: 'gemini', model: 'gemini-2.5-flash', tool: 'estimate', cost_usd: 0.5, latency_ms: 3, outcome: 'success', at });
    await legacy.close();
    const ledger = new UsageLedger(directory);
    assert.deepEqual(ledger.report({ groupBy: 'day' }).groups.map((group) => [group.key, group.calls, group.cost_usd]), [['2026-03-04', 1, 0.5]]);
    await ledger.close();
    const reopened = new UsageLedger(directory);
    assert.equal(reopened.report({ groupBy: 'day' }).totals.calls, 1, 'built once, not again on reopening');
    await reopened.close();
  });
});
