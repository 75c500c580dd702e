// process_document_batch: one operation over many documents as one background job; each document is
// its own child job, and one that fails is reported in its slot without failing the others.
import { processDocumentBatchWorkflow } from '../../../workflows/index.ts';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { BATCH_OPERATIONS, type BatchItem, type BatchJobInput, type BatchJobResult } from '../../../core/jobs/document-types.ts';
import type { McpDeps } from '../../deps.ts';
import { documentInputShape, resolveDocument } from '../../document-input.ts';
import { documentJobOptionsShape, forwardJobProgress, maxConcurrencySchema } from '../../document-job-args.ts';
import { resolveModel, resolveTarget } from '../../resolve-target.ts';
import { checkSchema } from '../../../core/extraction/json-schema-validator.ts';
import type { ExtractionSpec } from '../../../core/extraction/types.ts';
import { requestCachePolicy } from '../../cache-policy.ts';
import { checkFits, DEFAULT_MAX_ATTEMPTS } from '../../extraction-job.ts';
import { buildTargets } from '../../fallback-chain.ts';
import { runJobTool } from '../../run-job-tool.ts';
import { offerAsTask } from '../../tasks/offer-as-task.ts';
import { backgroundSchema } from '../../schemas.ts';
import { ToolInputError } from '../../tool-result.ts';
import { extractJsonOptionsShape } from '../extraction/extract-json.ts';
import { chunkOptionsShape } from './chunk-document.ts';
import { entitiesJobInput, entitiesOptionsShape } from './extract-entities.ts';
import { qaJobInput, qaOptionsShape } from './generate-qa-pairs.ts';
import { summarizeJobInput, summarizeOptionsShape } from './summarize-document.ts';

const TOOL = 'process_document_batch';
const { background: _background, ...perDocumentJobShape } = documentJobOptionsShape;

const batchOptionsSchema = z
  .object({
    ...summarizeOptionsShape,
    ...entitiesOptionsShape,
    ...qaOptionsShape,
    ...perDocumentJobShape,
    ...chunkOptionsShape,
    ...extractJsonOptionsShape,
  })
  .describe("The operation's own parameters, as its tool takes them");

const present = (result: BatchJobResult) => ({ ...result, status: 'completed' });

export function registerProcessDocumentBatchTool(server: McpServer, deps: McpDeps): void {
  const registered = server.registerTool(
    TOOL,
    {
      title: 'Process document batch',
      description: 'Run one operation over many documents as one background job; each document reports ok with its result, or its error.',
      inputSchema: {
        documents: z
          .array(z.object({ ...documentInputShape, id: z.string().min(1).max(200).optional().describe('Your name for it (default: its position)') }))
          .min(1)
          .max(500)
          .describe('Documents to process'),
        operation: z.enum(BATCH_OPERATIONS).describe('What to do with each document'),
        options: batchOptionsSchema.optional(),
        max_concurrency: maxConcurrencySchema.optional().describe('Documents in progress at once (default 4)'),
        background: backgroundSchema.optional().describe('Default true (return a job_id at once); false: wait for the batch'),
      },
      outputSchema: {
        job_id: z.string().describe('Durable job id (Temporal workflow id)'),
        status: z.string().describe('running (background) or completed'),
        operation: z.enum(BATCH_OPERATIONS).optional(),
        succeeded: z.number().int().optional(),
        failed: z.number().int().optional(),
        results: z
          .array(
            z.object({
              id: z.string(),
              document_id: z.string().optional(),
              ok: z.boolean(),
              result: z.record(z.string(), z.unknown()).optional().describe("The operation's result for this document"),
              error: z.string().optional(),
            }),
          )
          .optional()
          .describe('One entry per document, in the order given'),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    async (args, extra) =>
      runJobTool<BatchJobInput, BatchJobResult>(deps, extra, {
        tool: TOOL,
        background: args.background ?? true,
        prepare: async () => {
          const operation = args.operation;
          if (operation === 'extract_json' && args.options?.schema !== undefined) {
            const check = checkSchema(args.options.schema);
            if (!check.ok) throw new ToolInputError(`options.schema is refused: ${check.problem}`);
          }
          const options = args.options ?? {};
          const chunkSize = options.chunk_size ?? 1000;
          const chunkOverlap = options.chunk_overlap ?? Math.min(100, Math.floor(chunkSize / 2));
          if (operation === 'chunk' && chunkOverlap > chunkSize / 2) throw new ToolInputError(`options.chunk_overlap (${chunkOverlap}) must be at most half of options.chunk_size (${chunkSize})`);
          const items: BatchItem[] = [];
          const jsonTarget = operation === 'extract_json' ? resolveTarget(deps, options.provider, options.model) : undefined;
          const jsonSpec: ExtractionSpec = { task: 'json', schema: options.schema, instructions: options.instructions };
          for (const [index, entry] of args.documents.entries()) {
            const id = entry.id ?? String(index);
            try {
              const document = await resolveDocument(deps, entry);
              if (jsonTarget) checkFits(jsonSpec, document.text, jsonTarget);
              items.push({ id, documentId: document.documentId });
            } catch (error) {
              if (!(error instanceof ToolInputError)) throw error;
              items.push({ id, error: `documents[${index}]: ${error.message}` });
            }
          }
          const input: BatchJobInput = { operation, items, maxConcurrency: args.max_concurrency ?? 4 };
          if (operation === 'summarize') input.summarize = withoutDocument(summarizeJobInput(deps, 'summarize_document', options, ''));
          if (operation === 'extract_entities') input.extraction = withoutDocument(entitiesJobInput(deps, 'extract_entities', options, ''));
          if (operation === 'generate_qa_pairs') input.extraction = withoutDocument(qaJobInput(deps, 'generate_qa_pairs', options, ''));
          if (jsonTarget) {
            const cache = requestCachePolicy(deps, { task_type: 'extraction' }, '');
            input.extractJson = {
              ...jsonSpec,
              targets: buildTargets(deps, jsonTarget, {}),
              maxAttempts: options.max_attempts ?? DEFAULT_MAX_ATTEMPTS,
              tool: 'extract_json',
              temperature: 0,
              activity: 'regular',
              ...(cache ? { cache } : {}),
            };
          }
          if (operation === 'chunk') {
            const tokenizer = options.model ? resolveModel(deps, options.provider, options.model).tokenizer : null;
            input.chunking = { strategy: options.strategy ?? 'structural', chunkSize, chunkOverlap, tokenizer };
          }
          return { workflow: processDocumentBatchWorkflow, description: `${operation} over ${items.length} documents`, input };
        },
        present,
        whileRunning: (jobId, finished) => forwardJobProgress(deps, extra, jobId, finished),
      }),
  );
  offerAsTask(deps, TOOL, registered, present);
}

function withoutDocument<Input extends { documentId: string }>(input: Input): Omit<Input, 'documentId'> {
  const { documentId: _documentId, ...rest } = input;
  return rest;
}
