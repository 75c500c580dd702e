// generate_qa_pairs: question-answer pairs spread over a document of any length, each with a quote
// from the document when the model gave one that is really there.
import { documentExtractionWorkflow } from '../../../workflows/index.ts';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { EntitiesJobResult, ExtractionJobInput, QaJobResult } from '../../../core/jobs/document-types.ts';
import type { McpDeps } from '../../deps.ts';
import { documentInputShape } from '../../document-input.ts';
import { documentJobOptionsShape, documentJobResultShape, prepareDocumentJob } from '../../document-job-args.ts';
import { runDocumentJob } from '../../document-job.ts';
import { offerAsTask } from '../../tasks/offer-as-task.ts';

const TOOL = 'generate_qa_pairs';

export const qaOptionsShape = {
  num_pairs: z.number().int().min(1).max(200).optional().describe('How many pairs (default 5)'),
};

export function qaJobInput(deps: McpDeps, tool: string, args: { num_pairs?: number | undefined } & Parameters<typeof prepareDocumentJob>[2], documentId: string): ExtractionJobInput {
  const { job } = prepareDocumentJob(deps, tool, args, { documentId }, 'extraction');
  return { ...job, kind: 'qa_pairs', numPairs: args.num_pairs ?? 5 };
}

const present = (result: EntitiesJobResult | QaJobResult) => ({ ...result, status: 'completed' });

export function registerGenerateQaPairsTool(server: McpServer, deps: McpDeps): void {
  const registered = server.registerTool(
    TOOL,
    {
      title: 'Generate QA pairs',
      description: 'Write question-answer pairs about a document of any length, spread over its chunks; source_quote is kept only when it appears verbatim in the document.',
      inputSchema: { ...documentInputShape, ...qaOptionsShape, ...documentJobOptionsShape },
      outputSchema: {
        ...documentJobResultShape,
        qa_pairs: z.array(z.object({ question: z.string(), answer: z.string(), source_quote: z.string().optional() })).optional(),
        unreadable_chunks: z.number().int().optional().describe('Chunks whose answer was not the requested JSON'),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    async (args, extra) =>
      runDocumentJob(deps, extra, {
        tool: TOOL,
        args,
        workflow: documentExtractionWorkflow,
        input: (document) => qaJobInput(deps, TOOL, args, document.documentId),
        describe: (input, document) => `${input.numPairs} QA pairs on ${document.documentId}`,
        present,
      }),
  );
  offerAsTask(deps, TOOL, registered, present);
}
