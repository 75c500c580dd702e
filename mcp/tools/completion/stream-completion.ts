// stream_completion: like generate_completion, but text reaches the agent while it is generated,
// as MCP progress notifications (when the request carries a progressToken). Cancelling the request
// cancels the job and the upstream provider request.
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { StreamJobInput, StreamJobResult } from '../../../core/jobs/types.ts';
import { completionOptionsShape, prepareCompletion } from '../../completion-args.ts';
import { boundedText, TEXT_LIMITS } from '../../text-limits.ts';
import type { McpDeps } from '../../deps.ts';
import { runJobTool, type ToolExtra } from '../../run-job-tool.ts';
import { completionResultShape } from '../../schemas.ts';
import { streamCompletionWorkflow } from '../../../workflows/index.ts';

const TOOL = 'stream_completion';
const FLUSH_INTERVAL_MS = 50;
/** Sent when a retried stream starts its text again; the text after it replaces the text before. */
const RESTART_MARK = '\n[the stream restarted]\n';

async function forwardProgress(deps: McpDeps, extra: ToolExtra, jobId: string, finished: Promise<StreamJobResult | undefined>, stop: AbortSignal): Promise<void> {
  const progressToken = extra._meta?.progressToken;
  if (progressToken === undefined) return;
  let offset = 0;
  let restarts = 0;
  let sent = 0;
  let ended = false;
  void finished.then(() => (ended = true));
  // Progress counts every character sent, so it keeps growing when a retried stream starts afresh.
  const send = async (text: string) => {
    sent += text.length;
    await extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress: sent, message: text } });
  };
  while (!extra.signal.aborted && !stop.aborted && !ended) {
    let read;
    try {
      read = await deps.jobs.readStream(jobId, offset, 10_000, restarts);
    } catch {
      break; // the job closed between reads; its result carries the rest
    }
    if (read.restarts !== restarts) {
      restarts = read.restarts;
      await send(RESTART_MARK);
    }
    if (read.text.length > 0) {
      offset = read.offset + read.text.length;
      await send(read.text);
    }
    if (read.done) break;
  }
  // Text that arrived after the last read (or when the job finished first) goes out before the result.
  if (stop.aborted) return;
  const final = await finished;
  if (!extra.signal.aborted && final?.text && final.text.length > offset) await send(final.text.slice(offset));
}

export function registerStreamCompletionTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    TOOL,
    {
      title: 'Stream completion',
      description: 'generate_completion streamed as progress notifications (send a progressToken); `partial` is set if the stream broke.',
      inputSchema: {
        prompt: boundedText(TEXT_LIMITS.prompt).min(1, 'prompt must not be empty').describe('The prompt text'),
        ...completionOptionsShape,
      },
      outputSchema: {
        ...completionResultShape,
        partial: z.boolean().optional().describe('true: the stream broke after its first token; text and usage are what arrived'),
        error: z.string().optional().describe('Why a partial stream stopped'),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    async (args, extra) =>
      runJobTool<StreamJobInput, StreamJobResult>(deps, extra, {
        tool: TOOL,
        background: false,
        prepare: async () => {
          const prepared = await prepareCompletion(deps, TOOL, [{ role: 'user', content: args.prompt }], args);
          const cachedText = prepared.answer?.text;
          const progressToken = extra._meta?.progressToken;
          if (cachedText && progressToken !== undefined) {
            // A cached answer arrives whole: one notification, so clients that render the stream show it too.
            await extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress: cachedText.length, message: cachedText } });
          }
          return {
            workflow: streamCompletionWorkflow,
            ...prepared,
            answer: prepared.answer ? { ...prepared.answer, partial: false } : undefined,
            input: { ...prepared.input, flushIntervalMs: FLUSH_INTERVAL_MS },
          };
        },
        whileRunning: (jobId, finished, stop) => forwardProgress(deps, extra, jobId, finished, stop),
        present: (result) => ({ ...result, status: 'completed' as const }),
      }),
  );
}
