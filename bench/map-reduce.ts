// Fan-out efficiency of summarize_document: a 64-chunk (or 500-chunk) document through map-reduce at
// 500 ms of simulated provider latency and max_concurrency 16, against the ideal wall time (for each
// round of calls, the waves of 16 it needs, times the latency). The measured jobs follow the
// gateway's first; the first, which also warms the worker up, is reported on its own.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Client as TemporalClient } from '@temporalio/client';
import { chunkDocument } from '../core/chunking/chunk-document.ts';
import { percentile, processCpuMs, round, startBenchGateway } from './support.ts';

export interface MapReduceFigures {
  chunks: number;
  /** Measured jobs; wall_ms and ratio are their median. */
  runs: number;
  wall_ms_each: number[];
  rounds: number;
  calls_per_round: number[];
  latency_ms: number;
  max_concurrency: number;
  wall_ms: number;
  ideal_ms: number;
  ratio: number;
  /** Where the time beyond the ideal goes, read from the job's workflow history. */
  overhead: JobTimeline;
  /** CPU the measured jobs took, per job: load-independent where wall times on a busy machine are not. */
  cpu_ms_per_job: { gateway: number; temporal_server: number | undefined };
  /** The same job as the first one after start-up. */
  first_job: { wall_ms: number; ratio: number; first_call_ms: number };
}

export interface JobTimeline {
  /** From the tool call to the first provider-call activity starting. */
  first_call_ms: number;
  /** From a call's completion to the start of a call the workflow scheduled in answer to it. */
  handoff_ms_p50: number;
  handoff_ms_max: number;
  /** Between two answers of one lane (a call's latency plus what the lane spends between calls). */
  lane_call_ms_p50: number;
  lane_call_ms_max: number;
  workflow_tasks: number;
  workflow_task_ms_p50: number;
  /** From the last call's completion to the job's completion. */
  finish_ms: number;
}

/** Reads the job's history: the first call, each completion-to-next-call handoff, and the workflow tasks between. */
async function jobTimeline(temporal: TemporalClient, jobId: string, calledAt: number, lanes: number): Promise<JobTimeline> {
  const events = (await temporal.workflow.getHandle(jobId).fetchHistory()).events ?? [];
  const answersByLane = new Map<number, number[]>();
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
    } else if (event.workflowExecutionSignaledEventAttributes?.signalName === 'documentCallDone') {
      const data = event.workflowExecutionSignaledEventAttributes.input?.payloads?.[0]?.data;
      const answer = JSON.parse(Buffer.from(data ?? []).toString('utf8')) as { fanOut: number; slot: number };
      if (answer.fanOut === 1) answersByLane.set(answer.slot % lanes, [...(answersByLane.get(answer.slot % lanes) ?? []), at]);
    }
  }
  const laneCalls = [...answersByLane.values()].flatMap((times) => times.slice(1).map((time, index) => time - times[index]!)).sort((a, b) => a - b);
  handoffs.sort((a, b) => a - b);
  taskDurations.sort((a, b) => a - b);
  return {
    first_call_ms: Math.round(firstStart - calledAt),
    handoff_ms_p50: Math.round(percentile(handoffs, 0.5)),
    handoff_ms_max: Math.round(handoffs.at(-1) ?? Number.NaN),
    lane_call_ms_p50: Math.round(percentile(laneCalls, 0.5)),
    lane_call_ms_max: Math.round(laneCalls.at(-1) ?? Number.NaN),
    workflow_tasks: taskDurations.length,
    workflow_task_ms_p50: Math.round(percentile(taskDurations, 0.5)),
    finish_ms: Math.round(completedAt - lastCompletion),
  };
}

const LATENCY_MS = 500;
const MAX_CONCURRENCY = 16;
const CHUNK_SIZE = 400;

/** `sections` paragraphs of about 300 tokens: each is one chunk at a chunk size of 400. */
function document(sections: number): string {
  const sentence = 'The quarterly report describes revenue, costs, staffing and the risks the company expects in the coming year. ';
  return Array.from({ length: sections }, (_, index) => `Section ${index + 1}. ${sentence.repeat(14)}`).join('\n\n');
}

export async function benchMapReduce(options: { sections?: number; runs?: number } = {}): Promise<MapReduceFigures> {
  const sections = options.sections ?? 64;
  const runs = options.runs ?? 1;
  const bench = await startBenchGateway({ CACHE_ENABLED: 'false' }, { latencyMs: LATENCY_MS });
  try {
    const text = document(sections);
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
    const lanes = Math.min(MAX_CONCURRENCY, chunks);
    const coldTimeline = await jobTimeline(bench.gateway.temporalClient, cold.structured.job_id, cold.calledAt, lanes);
    const measured: Array<Awaited<ReturnType<typeof summarize>>> = [];
    const cpuBefore = { gateway: process.cpuUsage(), temporal: processCpuMs(bench.temporal.pid) };
    for (let run = 0; run < runs; run += 1) measured.push(await summarize());
    const gatewayCpu = process.cpuUsage(cpuBefore.gateway);
    const temporalCpu = processCpuMs(bench.temporal.pid);
    await client.close();
    const walls = measured.map((job) => job.wall);
    const { notes, calledAt, wall, structured } = [...measured].sort((a, b) => a.wall - b.wall)[Math.floor((runs - 1) / 2)]!;
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
      runs,
      wall_ms_each: walls.map((each) => Math.round(each)),
      rounds: structured.rounds,
      calls_per_round: callsPerRound,
      latency_ms: LATENCY_MS,
      max_concurrency: MAX_CONCURRENCY,
      wall_ms: Math.round(wall),
      ideal_ms: ideal,
      ratio: round(wall / ideal, 3),
      overhead: await jobTimeline(bench.gateway.temporalClient, structured.job_id, calledAt, lanes),
      cpu_ms_per_job: {
        gateway: Math.round((gatewayCpu.user + gatewayCpu.system) / 1000 / runs),
        temporal_server: temporalCpu === undefined || cpuBefore.temporal === undefined ? undefined : Math.round((temporalCpu - cpuBefore.temporal) / runs),
      },
      first_job: { wall_ms: Math.round(cold.wall), ratio: round(cold.wall / ideal, 3), first_call_ms: coldTimeline.first_call_ms },
    };
  } finally {
    await bench.stop();
  }
}
