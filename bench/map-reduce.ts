// Fan-out efficiency of summarize_document: a 64-chunk document through map-reduce at 500 ms of
// simulated provider latency and max_concurrency 16, against the ideal wall time (for each round of
// calls, the waves of 16 it needs, times the latency). The measured job is the gateway's second; the
// first, which also warms the worker up, is reported on its own.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Client as TemporalClient } from '@temporalio/client';
import { chunkDocument } from '../core/chunking/chunk-document.ts';
import { percentile, round, startBenchGateway } from './support.ts';

export interface MapReduceFigures {
  chunks: number;
  rounds: number;
  calls_per_round: number[];
  latency_ms: number;
  max_concurrency: number;
  wall_ms: number;
  ideal_ms: number;
  ratio: number;
  /** Where the time beyond the ideal goes, read from the job's workflow history. */
  overhead: JobTimeline;
  /** The same job as the first one after start-up. */
  first_job: { wall_ms: number; ratio: number; first_call_ms: number };
}

export interface JobTimeline {
  /** From the tool call to the first provider-call activity starting. */
  first_call_ms: number;
  /** From a call's completion to the start of a call the workflow scheduled in answer to it. */
  handoff_ms_p50: number;
  handoff_ms_max: number;
  workflow_tasks: number;
  workflow_task_ms_p50: number;
  /** From the last call's completion to the job's completion. */
  finish_ms: number;
}

/** Reads the job's history: the first call, each completion-to-next-call handoff, and the workflow tasks between. */
async function jobTimeline(temporal: TemporalClient, jobId: string, calledAt: number): Promise<JobTimeline> {
  const events = (await temporal.workflow.getHandle(jobId).fetchHistory()).events ?? [];
  const triggerOf = new Map<number, number | undefined>();
  const handoffs: number[] = [];
  const taskDurations: number[] = [];
  let firstStart = Number.POSITIVE_INFINITY;
  let lastCompletion = 0;
  let completedAt = 0;
  let pendingSince: number | undefined;
  let batchTrigger: number | undefined;
  let taskStartedAt = 0;
  for (const event of events) {
    const at = Number(event.eventTime?.seconds ?? 0) * 1000 + (event.eventTime?.nanos ?? 0) / 1e6;
    if (event.activityTaskCompletedEventAttributes) {
      pendingSince ??= at;
      lastCompletion = Math.max(lastCompletion, at);
    } else if (event.workflowTaskStartedEventAttributes) {
      batchTrigger = pendingSince;
      pendingSince = undefined;
      taskStartedAt = at;
    } else if (event.workflowTaskCompletedEventAttributes) {
      taskDurations.push(at - taskStartedAt);
    } else if (event.activityTaskScheduledEventAttributes) {
      triggerOf.set(Number(event.eventId), batchTrigger);
    } else if (event.activityTaskStartedEventAttributes) {
      firstStart = Math.min(firstStart, at);
      const trigger = triggerOf.get(Number(event.activityTaskStartedEventAttributes.scheduledEventId));
      if (trigger !== undefined) handoffs.push(at - trigger);
    } else if (event.workflowExecutionCompletedEventAttributes) {
      completedAt = at;
    }
  }
  handoffs.sort((a, b) => a - b);
  taskDurations.sort((a, b) => a - b);
  return {
    first_call_ms: Math.round(firstStart - calledAt),
    handoff_ms_p50: Math.round(percentile(handoffs, 0.5)),
    handoff_ms_max: Math.round(handoffs.at(-1) ?? Number.NaN),
    workflow_tasks: taskDurations.length,
    workflow_task_ms_p50: Math.round(percentile(taskDurations, 0.5)),
    finish_ms: Math.round(completedAt - lastCompletion),
  };
}

const LATENCY_MS = 500;
const MAX_CONCURRENCY = 16;
const CHUNK_SIZE = 400;

/** 64 paragraphs of about 300 tokens: each is one chunk at a chunk size of 400. */
function document(): string {
  const sentence = 'The quarterly report describes revenue, costs, staffing and the risks the company expects in the coming year. ';
  return Array.from({ length: 64 }, (_, index) => `Section ${index + 1}. ${sentence.repeat(14)}`).join('\n\n');
}

export async function benchMapReduce(): Promise<MapReduceFigures> {
  const bench = await startBenchGateway({ CACHE_ENABLED: 'false' }, { latencyMs: LATENCY_MS });
  try {
    const text = document();
    const chunks = chunkDocument(text, { strategy: 'structural', chunkSize: CHUNK_SIZE, chunkOverlap: 0 }).chunks.length;
    const client = new Client({ name: 'bench', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(bench.gateway.http!.mcpUrl)));
    const summarize = async () => {
      const notes: string[] = [];
      const calledAt = Date.now();
      const started = performance.now();
      const result = await client.callTool(
        { name: 'summarize_document', arguments: { document: text, chunk_size: CHUNK_SIZE, max_concurrency: MAX_CONCURRENCY, model: 'gpt-4o-mini' } },
        undefined,
        { timeout: 300_000, onprogress: (progress) => notes.push(String(progress.message)) },
      );
      const wall = performance.now() - started;
      const structured = result.structuredContent as { chunks: number; rounds: number; job_id: string };
      if (result.isError || structured.chunks !== chunks) throw new Error(`summarize_document failed: ${JSON.stringify(result.content)}`);
      return { notes, calledAt, wall, structured };
    };
    // The first job after start-up also pays for the worker's first workflow task; it is reported apart.
    const cold = await summarize();
    const coldTimeline = await jobTimeline(bench.gateway.temporalClient, cold.structured.job_id, cold.calledAt);
    const { notes, calledAt, wall, structured } = await summarize();
    await client.close();
    // Each round's size from the progress phases ("chunk 64/64", "reduce round 1 3/3", …).
    const callsPerRound: number[] = [];
    for (const note of notes) {
      const match = /^(chunk|reduce round (\d+)) \d+\/(\d+)$/.exec(note);
      if (!match) continue;
      const roundIndex = match[2] ? Number(match[2]) : 0;
      callsPerRound[roundIndex] = Number(match[3]);
    }
    const ideal = callsPerRound.reduce((sum, calls) => sum + Math.ceil(calls / MAX_CONCURRENCY) * LATENCY_MS, 0);
    return {
      chunks,
      rounds: structured.rounds,
      calls_per_round: callsPerRound,
      latency_ms: LATENCY_MS,
      max_concurrency: MAX_CONCURRENCY,
      wall_ms: Math.round(wall),
      ideal_ms: ideal,
      ratio: round(wall / ideal, 3),
      overhead: await jobTimeline(bench.gateway.temporalClient, structured.job_id, calledAt),
      first_job: { wall_ms: Math.round(cold.wall), ratio: round(cold.wall / ideal, 3), first_call_ms: coldTimeline.first_call_ms },
    };
  } finally {
    await bench.stop();
  }
}
