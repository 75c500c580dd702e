// Recorded histories of every workflow type replayed against the current workflow code: a change
// that would break jobs already running (a nondeterministic edit) fails here. The histories come
// from test/support/record-histories.ts; record them again only when a change is meant to be
// incompatible and running jobs have been drained.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import proto from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { createSilentLogger } from '../../core/logger.ts';
import { GATEWAY_WORKFLOW_TYPES } from '../../mcp/job-service.ts';
import { loadWorkflowBundle } from '../../worker/workflow-bundle.ts';

const DIRECTORY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'histories');

function recorded() {
  return readdirSync(DIRECTORY)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const { workflowId, history } = JSON.parse(readFileSync(path.join(DIRECTORY, name), 'utf8')) as { workflowId: string; history: Record<string, unknown> };
      return { name, workflowId, history: proto.temporal.api.history.v1.History.fromObject(history) };
    });
}

describe('recorded workflow histories', () => {
  it('cover every workflow type the worker runs', () => {
    const types = new Set(recorded().map((each) => each.name.split('-')[0]));
    for (const type of GATEWAY_WORKFLOW_TYPES) assert.ok(types.has(type), `no recorded history of ${type}`);
  });

  it('replay against the current workflow code without a determinism error', async () => {
    const histories = recorded();
    const workflowBundle = await loadWorkflowBundle(createSilentLogger());
    const failures: string[] = [];
    let replayed = 0;
    for await (const result of Worker.runReplayHistories({ workflowBundle }, histories)) {
      replayed += 1;
      if (result.error) failures.push(`${histories.find((each) => each.workflowId === result.workflowId)?.name}: ${result.error.message}`);
    }
    assert.equal(replayed, histories.length);
    assert.deepEqual(failures, []);
  });
});
