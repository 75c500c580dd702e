// extract_entities: named entities of a document of any length, found chunk by chunk in parallel and
// merged across chunks (one entry per entity, mentions added up).
import { documentExtractionWorkflow } from '../../../workflows/index.ts';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { EntitiesJobResult, ExtractionJobInput, QaJobResult } from '../../../core/jobs/document-types.ts';
import type { McpDeps } from '../../deps.ts';
import { documentInputShape } from '../../document-input.ts';
import { documentJobOptionsShape, documentJobResultShape, prepareDocumentJob } from '../../document-job-args.ts';
import { runDocumentJob } from '../../document-job.ts';
import { offerAsTask } from '../../tasks/offer-as-task.ts';

const TOOL = 'extract_entities';

export const entitiesOptionsShape = {
  entity_types: z.array(z.string().min(1).max(100)).max(50).optional().describe('Types to find, e.g. person; default: people, organisations, places, dates, products, events'),
};

export function entitiesJobInput(deps: McpDeps, tool: string, args: { entity_types?: string[] | undefined } & Parameters<typeof prepareDocumentJob>[2], documentId: string): ExtractionJobInput {
  const { job } = prepareDocumentJob(deps, tool, args, { documentId }, 'extraction');
  return { ...job, kind: 'entities', ...(args.entity_types ? { entityTypes: args.entity_types } : {}) };
}

const present = (result: EntitiesJobResult | QaJobResult) => ({ ...result, status: 'completed' });

export function registerExtractEntitiesTool(server: McpServer, deps: McpDeps): void {
  const registered = server.registerTool(
    TOOL,
    {
      title: 'Extract entities',
      description: 'Find named entities (people, organisations, places…) in a document of any length, merged and de-duplicated across chunks with mention counts.',
      inputSchema: { ...documentInputShape, ...entitiesOptionsShape, ...documentJobOptionsShape },
      outputSchema: {
        ...documentJobResultShape,
        entities: z.array(z.object({ name: z.string(), type: z.string(), mentions: z.number().int() })).optional().describe('Most mentioned first'),
        unreadable_chunks: z.number().int().optional().describe('Chunks whose answer was not the requested JSON'),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    async (args, extra) =>
      runDocumentJob(deps, extra, {
        tool: TOOL,
        args,
        workflow: documentExtractionWorkflow,
        input: (document) => entitiesJobInput(deps, TOOL, args, document.documentId),
        describe: (_input, document) => `entities of ${document.documentId}`,
        present,
      }),
  );
  offerAsTask(deps, TOOL, registered, present);
}
