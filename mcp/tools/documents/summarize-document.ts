// summarize_document: one call for a document that fits the model, durable map-reduce for a longer
// one (chunks summarised in parallel, partial summaries reduced in rounds), each chunk's answer cached.
import { summarizeDocumentWorkflow } from '../../../workflows/index.ts';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { SUMMARY_FORMATS, tokensForWords } from '../../../core/documents/document-prompts.ts';
import type { SummarizeJobInput, SummarizeJobResult } from '../../../core/jobs/document-types.ts';
import type { McpDeps } from '../../deps.ts';
import { documentInputShape } from '../../document-input.ts';
import { documentJobOptionsShape, documentJobResultShape, prepareDocumentJob, singleCallTokens } from '../../document-job-args.ts';
import { runDocumentJob } from '../../document-job.ts';
import { offerAsTask } from '../../tasks/offer-as-task.ts';

const TOOL = 'summarize_document';

export const summarizeOptionsShape = {
  format: z.enum(SUMMARY_FORMATS).optional().describe('paragraph (default), bullets or key_points'),
  max_words: z.number().int().min(10).max(5_000).optional().describe('Length of the summary in words (default 250)'),
  focus: z.string().max(2_000).optional().describe('What the summary should concentrate on'),
};

export type SummarizeOptions = z.infer<z.ZodObject<typeof summarizeOptionsShape>>;

/** The job input of a summary, shared with process_document_batch. */
export function summarizeJobInput(deps: McpDeps, tool: string, args: SummarizeOptions & Parameters<typeof prepareDocumentJob>[2], documentId: string): SummarizeJobInput {
  const { job, target } = prepareDocumentJob(deps, tool, args, { documentId }, 'summarization');
  const answerTokens = tokensForWords(args.max_words ?? 250);
  return {
    ...job,
    format: args.format ?? 'paragraph',
    ...(args.max_words !== undefined ? { maxWords: args.max_words } : {}),
    ...(args.focus !== undefined ? { focus: args.focus } : {}),
    singleCallTokens: args.chunk_size ?? singleCallTokens(target.model, answerTokens),
  };
}

const present = (result: SummarizeJobResult) => ({ ...result, status: 'completed' });

export function registerSummarizeDocumentTool(server: McpServer, deps: McpDeps): void {
  const registered = server.registerTool(
    TOOL,
    {
      title: 'Summarize document',
      description: 'Summarise a document of any length as a durable job: one call when it fits, else parallel chunk summaries reduced in rounds; chunks already answered are never paid twice.',
      inputSchema: { ...documentInputShape, ...summarizeOptionsShape, ...documentJobOptionsShape },
      outputSchema: {
        ...documentJobResultShape,
        summary: z.string().optional(),
        rounds: z.number().int().optional().describe('Rounds of calls: the chunk summaries, then each reduction'),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    async (args, extra) =>
      runDocumentJob(deps, extra, {
        tool: TOOL,
        args,
        workflow: summarizeDocumentWorkflow,
        input: (document) => summarizeJobInput(deps, TOOL, args, document.documentId),
        describe: (_input, document) => `summary of ${document.documentId} (${document.bytes} bytes)`,
        present,
      }),
  );
  offerAsTask(deps, TOOL, registered, present);
}
