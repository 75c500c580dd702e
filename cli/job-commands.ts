// `gateway jobs`, `gateway job <id>`, `gateway cache stats|clear` and `gateway usage`: the job, cache
// and cost tools of a running gateway, for people at a terminal. `gateway job` follows a running
// job with a progress bar until it ends.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { GatewayConfig } from '../core/config.ts';
import { connectToGateway } from './gateway-client.ts';
import { createProgressBar } from './progress-bar.ts';

export interface TerminalCommand {
  command: 'jobs' | 'job' | 'cache' | 'usage';
  rest: string[];
  status?: string | undefined;
  since?: string | undefined;
  url?: string | undefined;
  /** How often `gateway job` asks how far a running job has got. */
  pollMs?: number;
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<{ structured: Record<string, unknown>; error?: string }> {
  const result = await client.callTool({ name, arguments: args });
  if (result.isError) {
    const content = result.content as Array<{ type: string; text?: string }>;
    return { structured: {}, error: content.map((block) => block.text ?? '').join('\n') };
  }
  return { structured: (result.structuredContent ?? {}) as Record<string, unknown> };
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

interface JobRow {
  job_id: string;
  status: string;
  tool: string;
  started_at: string;
  description: string;
}

async function listJobs(client: Client, status: string | undefined): Promise<number> {
  const { structured, error } = await call(client, 'list_jobs', status ? { status } : {});
  if (error) return fail(error);
  const jobs = structured.jobs as JobRow[];
  if (jobs.length === 0) process.stdout.write(status ? `no ${status} jobs\n` : 'no jobs\n');
  for (const job of jobs) process.stdout.write(`${job.job_id.padEnd(48)} ${job.status.padEnd(10)} ${job.tool.padEnd(26)} ${job.started_at}  ${job.description}\n`);
  return 0;
}

async function followJob(client: Client, jobId: string | undefined, pollMs: number): Promise<number> {
  if (!jobId) return fail('gateway job needs a job id, e.g. gateway job <job_id> (gateway jobs lists them)');
  const bar = createProgressBar(jobId);
  const started = Date.now();
  try {
    for (;;) {
      const { structured, error } = await call(client, 'get_job_status', { job_id: jobId });
      if (error) return fail(error);
      if (structured.status !== 'running') break;
      const progress = structured.progress as { phase: string; done: number; total: number } | undefined;
      const elapsed = `${Math.round((Date.now() - started) / 1000)} s`;
      bar.update(progress ? { done: progress.done, total: progress.total, message: `${progress.phase}, ${elapsed}` } : { done: 0, total: 1, message: `running, ${elapsed}` });
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  } finally {
    bar.stop();
  }
  const { structured, error } = await call(client, 'get_job_result', { job_id: jobId });
  if (error) return fail(error);
  print(structured);
  return structured.status === 'completed' ? 0 : 1;
}

async function cache(client: Client, action: string | undefined): Promise<number> {
  if (action === 'stats') {
    const { structured, error } = await call(client, 'get_cache_stats');
    if (error) return fail(error);
    print(structured);
    return 0;
  }
  if (action === 'clear') {
    const { structured, error } = await call(client, 'clear_cache');
    if (error) return fail(error);
    process.stdout.write(`removed ${String(structured.removed)} cache entries\n`);
    return 0;
  }
  return fail(`gateway cache needs "stats" or "clear", not ${action === undefined ? 'nothing' : `"${action}"`}`);
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 1;
}

export async function runTerminalCommand(config: GatewayConfig, options: TerminalCommand): Promise<number> {
  const client = await connectToGateway(config, options.url);
  if (!client) return 1;
  try {
    switch (options.command) {
      case 'jobs':
        return await listJobs(client, options.status);
      case 'job':
        return await followJob(client, options.rest[0], options.pollMs ?? 500);
      case 'cache':
        return await cache(client, options.rest[0]);
      case 'usage': {
        const { structured, error } = await call(client, 'get_usage_report', options.since ? { since: options.since } : {});
        if (error) return fail(error);
        print(structured);
        return 0;
      }
    }
  } finally {
    await client.close();
  }
}
