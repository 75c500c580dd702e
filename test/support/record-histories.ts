// Records the histories the workflow replay test checks: runs every workflow type through a real
// gateway (local and regular activities, retries, fallbacks, streams read while they run, fan-outs,
// shared jobs joined and left, a handle after JOB_WAIT_SECONDS, a cancellation) and writes each
// finished job's history to test/fixtures/histories/. Run it after changing a workflow on purpose:
//   PATH=/work/shared-tools/path:$PATH node --import tsx test/support/record-histories.ts
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import proto from '@temporalio/proto';
import { startTestGateway } from './gateway-harness.ts';
import { contestant, fairJudge } from './tournament-script.ts';
import { startSimulator } from './simulator/index.ts';
import { useTemporalTestServer } from './temporal-test-server.ts';

export const HISTORIES_DIRECTORY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'histories');

const temporalServer = await useTemporalTestServer();
const simulator = await startSimulator();
const gateway = await startTestGateway({
  temporalAddress: temporalServer.address,
  environment: {
    OPENAI_API_KEY: 'sk-record-123456',
    OPENAI_BASE_URL: simulator.openaiBaseUrl,
    PROVIDER_MAX_RETRIES: '1',
    CACHE_ENABLED: 'true',
    CACHE_TYPE: 'memory',
    SEMANTIC_CACHE_ENABLED: 'false',
    JOB_WAIT_SECONDS: '1',
    // Descriptions carry the prompt, which names each recorded history.
    JOB_MEMO_PROMPTS: 'true',
  },
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Calls a tool and, when it answers with a handle after JOB_WAIT_SECONDS, waits for the job's end. */
const finish = async (name: string, args: Record<string, unknown>) => {
  const answer = await gateway.call(name, args);
  if (answer.structured.status === 'running') await gateway.call('get_job_result', { job_id: answer.structured.job_id, wait: true });
  return answer;
};
try {
  simulator.script({ text: 'a plain answer' });
  await gateway.call('generate_completion', { prompt: 'record: local activity' });

  simulator.script({ text: 'in the background', latencyMs: 200 });
  const background = await gateway.call('generate_completion', { prompt: 'record: regular activity', background: true });
  await gateway.call('get_job_result', { job_id: background.structured.job_id, wait: true });

  simulator.script([{ error: { status: 503, message: 'busy' } }, { error: { status: 503, message: 'busy' } }, { model: 'gpt-4o', text: 'the fallback answered' }]);
  await gateway.call('generate_completion', { prompt: 'record: retries then fallback', fallbacks: [{ provider: 'openai', model: 'gpt-4o' }] });

  simulator.setDefaults({ streamChunkDelayMs: 30 });
  simulator.script({ text: 'streamed word by word to a reader' });
  await gateway.client.callTool({ name: 'stream_completion', arguments: { prompt: 'record: stream' } }, undefined, { onprogress: () => undefined });
  simulator.setDefaults({ streamChunkDelayMs: 0 });

  simulator.script([{ model: 'gpt-4o', error: { status: 400, message: 'too long' } }]);
  await gateway.call('multi_completion', { prompt: 'record: fan-out', providers: [{ provider: 'openai', model: 'gpt-4o-mini' }, { provider: 'openai', model: 'gpt-4o' }] });
  await gateway.call('compare_and_synthesize', { prompt: 'record: synthesis', providers: [{ provider: 'openai', model: 'gpt-4o-mini' }, { provider: 'openai', model: 'gpt-4o' }] });

  // A shared job: a second caller joins, the first gives up, the second is handed the job after
  // JOB_WAIT_SECONDS; slow enough that the workflow task heartbeat lets the job take the updates.
  simulator.script({ text: 'shared and slow', latencyMs: 9_500 });
  const giver = await gateway.connectClient();
  const controller = new AbortController();
  const given = giver.callTool({ name: 'generate_completion', arguments: { prompt: 'record: shared' } }, undefined, { signal: controller.signal }).catch(() => undefined);
  await sleep(300);
  const joined = gateway.call('generate_completion', { prompt: 'record: shared' });
  await sleep(300);
  controller.abort('stop');
  await given;
  const handle = await joined;
  await gateway.call('get_job_result', { job_id: handle.structured.job_id, wait: true });

  simulator.script([{ whenPromptIncludes: 'record: broken', error: { status: 400, message: 'invalid' } }]);
  await finish('execute_optimized_workflow', {
    budget_usd: 0.05,
    inputs: { items: ['a', 'b'] },
    steps: [
      { id: 'first', tool: 'generate_completion', args: { prompt: 'record: workflow' } },
      { id: 'each', tool: 'generate_completion', args: { prompt: '${item} ${steps.first.text}' }, depends_on: ['first'], iterate_on: '${inputs.items}' },
      { id: 'code', tool: 'extract_code_from_response', args: { text: '${steps.first.text}' }, depends_on: ['first'] },
      { id: 'broken', tool: 'generate_completion', args: { prompt: 'record: broken' } },
      { id: 'after', tool: 'generate_completion', args: { prompt: '${steps.broken.text}' }, depends_on: ['broken'] },
      { id: 'costly', tool: 'generate_completion', args: { prompt: 'record: costly', max_tokens: 1_000_000 } },
    ],
  });

  simulator.script({ text: 'never finished', latencyMs: 20_000 });
  const doomed = await gateway.call('generate_completion', { prompt: 'record: cancelled', background: true });
  await sleep(500);
  await gateway.call('cancel_job', { job_id: doomed.structured.job_id });
  await sleep(1_000);

  // The document, extraction, knowledge and tournament workflows, each through its tool.
  const document = Array.from({ length: 12 }, (_, index) => `Paragraph ${index}: the gateway records workflow histories for replay, item ${index}.`).join('\n\n');
  const summary = await finish('summarize_document', { document, chunk_size: 64, max_concurrency: 2 });
  if (summary.isError) throw new Error(summary.text);
  simulator.script({ text: '{"entities":[{"name":"gateway","type":"product","mentions":2}]}' });
  await finish('extract_entities', { document: 'record: entities. The gateway talks to Temporal.' });
  simulator.script({ text: '{"qa_pairs":[{"question":"What replays?","answer":"Histories."}]}' });
  await finish('generate_qa_pairs', { document: 'record: qa. Histories replay.', num_pairs: 1 });
  await finish('process_document_batch', { documents: [{ document: 'record: batch one.' }, { document: '   ' }], operation: 'chunk', background: false });
  await finish('chunk_document', { document: 'record: semantic chunks. Cats nap on warm sills. Bond yields rose today.', strategy: 'semantic', chunk_size: 16, chunk_overlap: 0 });
  simulator.script([{ text: 'not json' }, { text: '{"total": 3}' }]);
  await finish('extract_json', { text: 'record: extraction. The total is 3.', schema: { type: 'object', properties: { total: { type: 'number' } }, required: ['total'] } });
  await gateway.call('create_knowledge_base', { name: 'recorded' });
  await finish('add_documents', { knowledge_base: 'recorded', documents: [{ text: 'Replay fixtures keep running jobs safe.', id: 'fixtures' }] });
  await finish('semantic_search', { knowledge_base: 'recorded', query: 'record: search' });
  simulator.script({ text: 'Fixtures keep jobs safe [fixtures#0].' });
  await finish('generate_with_rag', { knowledge_base: 'recorded', query: 'record: rag' });
  await finish('execute_optimized_workflow', {
    steps: [
      { id: 'split', tool: 'chunk_document', args: { document: 'record: steps. Replays keep workflows honest.\n\nFixtures hold histories.', chunk_size: 16, chunk_overlap: 0 } },
      { id: 'summaries', tool: 'summarize_document', args: { document: '${item.text}', max_words: 20 }, depends_on: ['split'], iterate_on: '${steps.split.chunks}' },
      { id: 'context', tool: 'retrieve_context', args: { knowledge_base: 'recorded', query: 'fixtures', max_tokens: 200 } },
      { id: 'sizes', tool: 'query_json', args: { json: '${steps.split.chunks}', query: 'length(@)' }, depends_on: ['split'] },
    ],
  });
  simulator.script([contestant('gpt-4o-mini', [6]), contestant('gpt-4o', [8]), fairJudge('gpt-4.1', 4)]);
  const tournament = await gateway.call('create_tournament', {
    name: 'recorded',
    prompt: 'record: tournament',
    type: 'text',
    rounds: 1,
    models: [{ provider: 'openai', model: 'gpt-4o-mini' }, { provider: 'openai', model: 'gpt-4o' }],
    judge: { provider: 'openai', model: 'gpt-4.1' },
  });
  for (let waited = 0; waited < 60 && (await gateway.call('get_tournament_status', { tournament_id: tournament.structured.tournament_id })).structured.status === 'running'; waited += 1) await sleep(500);

  const listed = (await gateway.call('list_jobs', { limit: 100 })).structured.jobs as Array<{ job_id: string; status: string; workflow_type: string; description: string }>;
  rmSync(HISTORIES_DIRECTORY, { recursive: true, force: true });
  mkdirSync(HISTORIES_DIRECTORY, { recursive: true });
  for (const job of listed.filter((each) => each.status !== 'running')) {
    const history = await gateway.gateway.temporalClient.workflow.getHandle(job.job_id).fetchHistory();
    const name = `${job.workflow_type}-${job.description.replace(/^.*record: /, '').replace(/[^a-z]+/gi, '-').replace(/^-+|-+$/g, '').slice(0, 40)}.json`;
    writeFileSync(path.join(HISTORIES_DIRECTORY, name), `${JSON.stringify({ workflowId: job.job_id, history: proto.temporal.api.history.v1.History.toObject(proto.temporal.api.history.v1.History.fromObject(history), { longs: String, enums: String, bytes: String }) })}\n`);
    console.log(`${name} (${job.status})`);
  }
} finally {
  await gateway.close();
  await simulator.close();
  await temporalServer.stop();
}
