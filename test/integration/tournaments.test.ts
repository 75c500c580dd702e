// Text tournaments through a real MCP client, worker and Temporal server, with the simulator playing
// the contestants and the judge: scoring and ranking over rounds, a judge's invalid JSON, cancelling
// mid-round, the budget stop, and results after a restart once the workflow's history is gone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { createSilentLogger } from '../../core/logger.ts';
import { loadWorkflowBundle } from '../../worker/workflow-bundle.ts';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts';
import { useIntegrationSuite } from '../support/integration-suite.ts';
import { contestant, fairJudge, judgeRequests } from '../support/tournament-script.ts';
import { waitFor } from '../support/wait-for.ts';

const suite = useIntegrationSuite('tournaments');
const environment = () => ({ OPENAI_API_KEY: 'sk-test-key-123456', OPENAI_BASE_URL: suite.simulator.openaiBaseUrl, PROVIDER_MAX_RETRIES: '0' });

interface Row {
  provider: string;
  model: string;
  score: number;
  rank: number;
  cost_usd: number;
  rounds: Array<{ round: number; score: number; breakdown: { judge?: string; quality: number | null } }>;
}
interface Entry {
  model: string;
  answer: string;
  score: number;
  feedback: string;
  cost_usd: number;
  breakdown: { judge?: string; quality: number | null; error?: string };
}
interface Results {
  status: string;
  stopped?: string;
  leaderboard: Row[];
  winner: { model: string; score: number } | null;
  rounds: Array<{ round: number; entries: Entry[]; judge_cost_usd: number }>;
  total_cost_usd: number;
}

async function finished(gateway: TestGateway, id: string, timeoutMs = 90_000): Promise<Results> {
  return waitFor(async () => {
    const { structured } = await gateway.call('get_tournament_status', { tournament_id: id });
    if (structured.status === 'running') return undefined;
    const results = await gateway.call('get_tournament_results', { tournament_id: id });
    assert.equal(results.isError, false, results.text);
    return results.structured as unknown as Results;
  }, timeoutMs, `tournament ${id} to end`);
}

async function create(gateway: TestGateway, args: Record<string, unknown>): Promise<string> {
  const created = await gateway.call('create_tournament', args);
  assert.equal(created.isError, false, created.text);
  assert.equal(created.structured.status, 'running');
  return created.structured.tournament_id as string;
}

const price = { 'gpt-4o-mini': [0.15, 0.6], 'gpt-4.1-mini': [0.4, 1.6], 'o4-mini': [1.1, 4.4] } as Record<string, [number, number]>;

describe('text tournaments', () => {
  it('scores three models over three rounds, each round seeing the last, judged without self-judging', async () => {
    suite.simulator.reset();
    const gateway = await startTestGateway({ temporalAddress: suite.temporal.address, environment: environment() });
    try {
      // No judge given: the cheapest configured top-tier model (o4-mini) judges, and gpt-4.1 judges o4-mini's own answers.
      suite.simulator.script([
        fairJudge('o4-mini', 3),
        fairJudge('gpt-4.1', 3),
        contestant('gpt-4o-mini', [6, 7, 9]),
        contestant('gpt-4.1-mini', [8, 8, 8]),
        contestant('o4-mini', [3, 4, 5]),
      ]);
      const id = await create(gateway, {
        name: 'capitals',
        prompt: 'Name the capital of France and explain why it is the capital.',
        type: 'text',
        models: [{ provider: 'openai', model: 'gpt-4o-mini' }, { provider: 'openai', model: 'gpt-4.1-mini' }, { provider: 'openai', model: 'o4-mini' }],
      });
      const results = await finished(gateway, id);
      assert.equal(results.status, 'completed');
      assert.deepEqual(results.leaderboard.map((row) => [row.model, row.rank, row.score]), [['gpt-4o-mini', 1, 9], ['gpt-4.1-mini', 2, 8], ['o4-mini', 3, 5]]);
      assert.deepEqual(results.leaderboard[0]!.rounds.map((each) => each.score), [6, 7, 9]);
      assert.deepEqual(results.winner, { provider: 'openai', model: 'gpt-4o-mini', score: 9 });
      assert.equal(results.rounds.length, 3);
      for (const round of results.rounds) {
        for (const entry of round.entries) {
          assert.match(entry.answer, new RegExp(`^${entry.model} answer for round ${round.round} `));
          assert.equal(entry.breakdown.judge, entry.model === 'o4-mini' ? 'openai/gpt-4.1' : 'openai/o4-mini');
          assert.equal(entry.feedback, `scored ${entry.score}`);
        }
      }
      const [inPrice, outPrice] = price['gpt-4o-mini']!;
      assert.ok(Math.abs(results.leaderboard[0]!.cost_usd - (3 * (100 * inPrice + 50 * outPrice)) / 1e6) < 1e-12);
      const answersCost = results.leaderboard.reduce((sum, row) => sum + row.cost_usd, 0);
      const judgingCost = results.rounds.reduce((sum, round) => sum + round.judge_cost_usd, 0);
      assert.ok(judgingCost > 0);
      assert.ok(Math.abs(results.total_cost_usd - (answersCost + judgingCost)) < 1e-9);

      // Round 2 prompts carry the task and round 1's answers, anonymised, with scores and feedback.
      const roundTwo = suite.simulator.requests().filter((request) => JSON.stringify(request.body.messages).includes('This is round 2 of 3'));
      assert.equal(roundTwo.length, 3);
      const prompt = (roundTwo.find((request) => request.model === 'gpt-4o-mini')!.body.messages as Array<{ content: string }>)[0]!.content;
      assert.match(prompt, /^Name the capital of France/);
      assert.match(prompt, /### Answer [ABC] \(score 6\.0\/10\)\ngpt-4o-mini answer for round 1 quality=6\n\nFeedback: scored 6/);
      const own = /### Answer ([ABC]) \(score 6\.0/.exec(prompt)![1];
      assert.match(prompt, new RegExp(`Answer ${own} is yours`));
      assert.doesNotMatch(prompt.replace(/[\w.-]+ answer for round/g, ''), /gpt-4o-mini|gpt-4\.1-mini|o4-mini/, 'models are not named outside the quoted answers');
      // The judge never sees its own model's answer.
      for (const request of judgeRequests(suite.simulator, 'o4-mini')) assert.doesNotMatch(JSON.stringify(request.body.messages), /o4-mini answer/);

      const listed = await gateway.call('list_tournaments', { status: 'completed' });
      assert.ok((listed.structured.tournaments as Array<{ tournament_id: string }>).some((each) => each.tournament_id === id));

      // The recorded history replays against the workflow code: shuffles and prompts are deterministic.
      const connection = await Connection.connect({ address: suite.temporal.address });
      try {
        const history = await new Client({ connection }).workflow.getHandle(id).fetchHistory();
        await Worker.runReplayHistory({ workflowBundle: await loadWorkflowBundle(createSilentLogger()) }, history, id);
      } finally {
        await connection.close();
      }
    } finally {
      await gateway.close();
    }
  });

  it('puts models of different providers against each other, each through its own protocol', async () => {
    suite.simulator.reset();
    const gateway = await startTestGateway({
      temporalAddress: suite.temporal.address,
      environment: { ...environment(), ANTHROPIC_API_KEY: 'sk-ant-test-123456', ANTHROPIC_BASE_URL: suite.simulator.url, GEMINI_API_KEY: 'gemini-test-123456', GEMINI_BASE_URL: suite.simulator.url },
    });
    try {
      suite.simulator.script([fairJudge('gpt-4o', 1), contestant('claude-haiku-4-5', [7]), contestant('gemini-2.5-flash', [9]), contestant('gpt-4o-mini', [4])]);
      const id = await create(gateway, {
        name: 'providers',
        prompt: 'What is a monad?',
        type: 'text',
        rounds: 1,
        models: [{ provider: 'anthropic', model: 'claude-haiku-4-5' }, { provider: 'gemini', model: 'gemini-2.5-flash' }, { provider: 'openai', model: 'gpt-4o-mini' }],
        judge: { provider: 'openai', model: 'gpt-4o' },
      });
      const results = await finished(gateway, id);
      assert.deepEqual(results.leaderboard.map((row) => [row.provider, row.model, row.rank]), [['gemini', 'gemini-2.5-flash', 1], ['anthropic', 'claude-haiku-4-5', 2], ['openai', 'gpt-4o-mini', 3]]);
      assert.deepEqual(new Set(suite.simulator.requests().map((request) => request.protocol)), new Set(['anthropic', 'gemini', 'openai']));
      for (const row of results.leaderboard) assert.ok(row.cost_usd > 0, `${row.model} has a cost`);
    } finally {
      await gateway.close();
    }
  });

  it('asks the judge again when its reply is not valid JSON, and uses the second reply', async () => {
    suite.simulator.reset();
    const gateway = await startTestGateway({ temporalAddress: suite.temporal.address, environment: environment() });
    try {
      suite.simulator.script([
        { model: 'gpt-4o', whenPromptIncludes: 'Score each answer', text: 'Answer A is clearly the better one, I would give it a 9.' },
        fairJudge('gpt-4o', 1),
        contestant('gpt-4o-mini', [7]),
        contestant('gpt-4.1-mini', [4]),
      ]);
      const id = await create(gateway, {
        name: 'judge-retry',
        prompt: 'Explain recursion in one paragraph.',
        type: 'text',
        rounds: 1,
        models: [{ provider: 'openai', model: 'gpt-4o-mini' }, { provider: 'openai', model: 'gpt-4.1-mini' }],
        judge: { provider: 'openai', model: 'gpt-4o' },
      });
      const results = await finished(gateway, id);
      assert.deepEqual(results.leaderboard.map((row) => [row.model, row.score]), [['gpt-4o-mini', 7], ['gpt-4.1-mini', 4]]);
      const judged = judgeRequests(suite.simulator, 'gpt-4o');
      assert.equal(judged.length, 2);
      const retry = judged[1]!.body.messages as Array<{ role: string; content: string }>;
      assert.equal(retry.at(-2)!.role, 'assistant');
      assert.match(retry.at(-2)!.content, /clearly the better one/);
      assert.match(retry.at(-1)!.content, /cannot be used: the JSON does not match the format/);
    } finally {
      await gateway.close();
    }
  });

  it('cancels mid-round: the in-flight call is aborted and the scored round is kept', async () => {
    suite.simulator.reset();
    const gateway = await startTestGateway({ temporalAddress: suite.temporal.address, environment: environment() });
    try {
      suite.simulator.script([
        fairJudge('gpt-4o', 3),
        { model: 'gpt-4.1-mini', whenPromptIncludes: 'This is round 2', hang: true },
        contestant('gpt-4o-mini', [6, 7, 8]),
        contestant('gpt-4.1-mini', [5]),
      ]);
      const id = await create(gateway, {
        name: 'cancel-me',
        prompt: 'Write a haiku about autumn.',
        type: 'text',
        models: [{ provider: 'openai', model: 'gpt-4o-mini' }, { provider: 'openai', model: 'gpt-4.1-mini' }],
        judge: { provider: 'openai', model: 'gpt-4o' },
      });
      await waitFor(() => suite.simulator.requests().find((request) => request.model === 'gpt-4.1-mini' && JSON.stringify(request.body.messages).includes('This is round 2')), 60_000, 'the hanging round-2 call');
      const status = await gateway.call('get_tournament_status', { tournament_id: id });
      assert.deepEqual([status.structured.status, status.structured.round, status.structured.phase], ['running', 2, 'answering']);
      assert.deepEqual(status.structured.current_leader, { provider: 'openai', model: 'gpt-4o-mini', score: 6 });
      const cancelled = await gateway.call('cancel_tournament', { tournament_id: id });
      assert.equal(cancelled.isError, false, cancelled.text);
      assert.deepEqual([cancelled.structured.cancel_requested, cancelled.structured.status, cancelled.structured.rounds_completed], [true, 'cancelled', 1]);
      await waitFor(() => suite.simulator.requests().find((request) => request.model === 'gpt-4.1-mini' && request.aborted), 15_000, 'the hanging call to be aborted');
      const results = (await gateway.call('get_tournament_results', { tournament_id: id })).structured as unknown as Results;
      assert.deepEqual([results.status, results.stopped, results.rounds.length], ['cancelled', 'cancelled', 1]);
      assert.deepEqual(results.leaderboard.map((row) => [row.model, row.score]), [['gpt-4o-mini', 6], ['gpt-4.1-mini', 5]]);
      const again = await gateway.call('cancel_tournament', { tournament_id: id });
      assert.deepEqual([again.structured.cancel_requested, again.structured.status], [false, 'cancelled']);
    } finally {
      await gateway.close();
    }
  });

  it('stops before a round whose estimated cost would pass max_cost_usd', async () => {
    suite.simulator.reset();
    const gateway = await startTestGateway({ temporalAddress: suite.temporal.address, environment: environment() });
    try {
      // Round 1 is estimated at a typical answer's length, but each answer reports 20k output tokens
      // ($0.012 and $0.032): round 2, estimated from those lengths, no longer fits.
      suite.simulator.script([
        fairJudge('gpt-4o', 3),
        contestant('gpt-4o-mini', [6, 7, 8], { usage: { inputTokens: 100, outputTokens: 20_000 } }),
        contestant('gpt-4.1-mini', [5, 6, 7], { usage: { inputTokens: 100, outputTokens: 20_000 } }),
      ]);
      const id = await create(gateway, {
        name: 'budget',
        prompt: 'Summarise the plot of Hamlet.',
        type: 'text',
        models: [{ provider: 'openai', model: 'gpt-4o-mini' }, { provider: 'openai', model: 'gpt-4.1-mini' }],
        judge: { provider: 'openai', model: 'gpt-4o' },
        max_cost_usd: 0.1,
      });
      const results = await finished(gateway, id);
      assert.deepEqual([results.status, results.stopped, results.rounds.length], ['completed', 'budget', 1]);
      assert.ok(results.total_cost_usd > 0.044 && results.total_cost_usd <= 0.1, String(results.total_cost_usd));
      assert.equal(suite.simulator.requests().filter((request) => JSON.stringify(request.body.messages).includes('This is round 2')).length, 0);
      const refused = await gateway.call('create_tournament', { ...{ name: 'x', prompt: 'y', type: 'text', models: [{ provider: 'openai' }, { provider: 'openai', model: 'gpt-4o' }] }, max_cost_usd: -1 });
      assert.equal(refused.isError, true);
      assert.match(refused.text, /max_cost_usd/);
    } finally {
      await gateway.close();
    }
  });

  it('answers get_tournament_results after a restart, once the workflow history is deleted', async () => {
    suite.simulator.reset();
    const dataDir = suite.temporaryDirectory();
    let gateway = await startTestGateway({ temporalAddress: suite.temporal.address, dataDir, environment: environment() });
    let id: string;
    let before: Results;
    try {
      suite.simulator.script([fairJudge('gpt-4o', 1), contestant('gpt-4o-mini', [3]), contestant('gpt-4.1-mini', [9])]);
      id = await create(gateway, { name: 'durable', prompt: 'Define entropy.', type: 'text', rounds: 1, models: [{ provider: 'openai', model: 'gpt-4o-mini' }, { provider: 'openai', model: 'gpt-4.1-mini' }], judge: { provider: 'openai', model: 'gpt-4o' } });
      before = await finished(gateway, id);
    } finally {
      await gateway.close();
    }
    const connection = await Connection.connect({ address: suite.temporal.address });
    try {
      await connection.workflowService.deleteWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId: id } });
    } finally {
      await connection.close();
    }
    gateway = await startTestGateway({ temporalAddress: suite.temporal.address, dataDir, environment: environment() });
    try {
      await waitFor(async () => {
        const job = await gateway.call('get_job_status', { job_id: id });
        return job.isError ? true : undefined;
      }, 60_000, 'the history to be deleted');
      const after = await gateway.call('get_tournament_results', { tournament_id: id });
      assert.equal(after.isError, false, after.text);
      assert.deepEqual(after.structured, before as unknown as Record<string, unknown>);
      assert.equal((after.structured as unknown as Results).winner?.model, 'gpt-4.1-mini');
      const unknown = await gateway.call('get_tournament_results', { tournament_id: 'tournament-00000000-0000-0000-0000-000000000000' });
      assert.equal(unknown.isError, true);
      assert.match(unknown.text, /tournament_id: no tournament/);
    } finally {
      await gateway.close();
    }
  });
});
