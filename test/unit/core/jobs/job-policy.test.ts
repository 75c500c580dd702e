// Cache and execution policy: one set of rules for the MCP layer and the activities.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { activityField, activityMode, cacheLookupPlan, callPolicy, coalescingJobId, markExactChecked, newJobId, requestCachePolicy } from '../../../../core/jobs/job-policy.ts';
import type { CompletionJobInput, RequestCachePolicy } from '../../../../core/jobs/types.ts';

const cacheSettings = { ttlSeconds: 86_400, taskTtls: { creative: 60 } };

function job(overrides: Partial<CompletionJobInput> = {}): CompletionJobInput {
  return {
    request: { messages: [{ role: 'user', content: 'hi' }], tool: 'generate_completion', cache: { ttlSeconds: 100, taskType: 'general' } },
    targets: [
      { provider: 'openai', model: 'gpt-4o-mini', policy: { maximumAttempts: 2, attemptTimeoutMs: 10_000 } },
      { provider: 'anthropic', model: 'claude-haiku-4-5', policy: { maximumAttempts: 2, attemptTimeoutMs: 10_000 } },
    ],
    ...overrides,
  };
}

describe('job policy', () => {
  it('gives each provider call its attempts and a timeout just over the provider timeout', () => {
    assert.deepEqual(callPolicy({ timeoutMs: 120_000, maxRetries: 3 }), { maximumAttempts: 4, attemptTimeoutMs: 125_000 });
  });

  it('derives the cache policy from the task type, the call and the configuration', () => {
    assert.equal(requestCachePolicy(undefined, {}, 'hi'), undefined, 'no cache configured');
    assert.equal(requestCachePolicy(cacheSettings, { cache: false }, 'hi'), undefined, 'the call opted out');
    assert.deepEqual(requestCachePolicy(cacheSettings, { task_type: 'creative' }, 'hi'), { ttlSeconds: 60, taskType: 'creative' });
    assert.deepEqual(requestCachePolicy(cacheSettings, { task_type: 'creative', cache_ttl: 5 }, 'hi'), { ttlSeconds: 5, taskType: 'creative' });
  });

  it('runs local activities only for a waiting caller of an in-process worker', () => {
    assert.equal(activityMode({ workerInProcess: true, background: false }), 'local');
    assert.equal(activityMode({ workerInProcess: true, background: true }), 'regular');
    assert.equal(activityMode({ workerInProcess: false, background: false }), 'regular');
    assert.deepEqual(activityField('local'), {});
    assert.deepEqual(activityField('regular'), { activity: 'regular' });
  });

  it('skips the exact lookup the MCP layer made and counts a miss once per request', () => {
    const policy: RequestCachePolicy = { ttlSeconds: 1, taskType: 'general' };
    assert.deepEqual(cacheLookupPlan(policy, { provider: 'openai', model: 'gpt-4o-mini' }, 1), { exact: true, countMiss: true }, 'nothing checked yet');
    markExactChecked(policy, { provider: 'openai', model: 'gpt-4o-mini' });
    assert.deepEqual(cacheLookupPlan(policy, { provider: 'openai', model: 'gpt-4o-mini' }, 1), { exact: false, countMiss: true });
    assert.deepEqual(cacheLookupPlan(policy, { provider: 'openai', model: 'gpt-4o-mini' }, 2), { exact: false, countMiss: false }, 'a retry counts nothing');
    assert.deepEqual(cacheLookupPlan(policy, { provider: 'anthropic', model: 'claude-haiku-4-5' }, 1), { exact: true, countMiss: false }, 'a fallback model is looked up, not counted');
  });

  it('gives identical requests one job id, and different chains, policies or modes their own', () => {
    const id = coalescingJobId('generate_completion', 'key', job());
    assert.match(id, /^generate-completion-[0-9a-f]{40}$/);
    assert.equal(coalescingJobId('generate_completion', 'key', job()), id);
    const checked = job();
    markExactChecked(checked.request.cache!, checked.targets[0]!);
    assert.equal(coalescingJobId('generate_completion', 'key', checked), id, 'marking the lookup does not change the job');
    assert.notEqual(coalescingJobId('generate_completion', 'other key', job()), id);
    assert.notEqual(coalescingJobId('generate_completion', 'key', job({ targets: job().targets.slice(0, 1) })), id);
    assert.notEqual(coalescingJobId('generate_completion', 'key', job({ activity: 'regular' })), id);
    assert.notEqual(coalescingJobId('generate_completion', 'key', job({ request: { ...job().request, cache: { ttlSeconds: 5, taskType: 'general' } } })), id);
  });

  it('makes unique job ids named after the tool', () => {
    const first = newJobId('multi_completion');
    assert.match(first, /^multi-completion-[0-9a-f-]{36}$/);
    assert.notEqual(newJobId('multi_completion'), first);
  });
});
