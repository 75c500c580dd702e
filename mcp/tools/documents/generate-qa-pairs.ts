// generate_qa_pairs: question-answer pairs spread over a document of any length, each with a quote
// from the document when the model gave one that is really there.
import { documentExtractionWorkflow } from '../../../workflows/index.ts';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { EntitiesJobResult, ExtractionJobInput, QaJobResult } from '../../../core/jobs/document-types.ts';
import type { McpDeps } from '../../deps.ts';
import { documentInputShape, resolveDocument } from '../../document-input.ts';
import { documentJobId, documentJobOptionsShape, documentJobResultShape, forwardJobProgress, prepareDocumentJob } from '../../document-job-args.ts';
import { runJobTool } from '../../run-job-tool.ts';
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
      runJobTool<ExtractionJobInput, EntitiesJobResult | QaJobResult>(deps, extra, {
        tool: TOOL,
        background: args.background ?? false,
        prepare: async () => {
          const document = await resolveDocument(deps, args);
          const input = qaJobInput(deps, TOOL, args, document.documentId);
          return {
            workflow: documentExtractionWorkflow,
            description: `${input.targets[0]!.provider}/${input.targets[0]!.model}: ${input.numPairs} QA pairs on ${document.documentId}`,
            input,
            jobId: documentJobId(TOOL, document.documentId),
            memo: { document_id: document.documentId },
            handle: { document_id: document.documentId },
          };
        },
        present,
        whileRunning: (jobId, finished) => forwardJobProgress(deps, extra, jobId, finished),
      }),
  );
  offerAsTask(deps, TOOL, registered, present);
}
