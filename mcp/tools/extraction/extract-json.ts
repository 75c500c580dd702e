// extract_json: structured data from a text as JSON, validated against a JSON Schema when one is
// given; invalid answers go back to the model with the validator's errors.
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { checkSchema } from '../../../core/extraction/json-schema-validator.ts';
import type { ExtractionJobResult } from '../../../core/extraction/types.ts';
import type { McpDeps } from '../../deps.ts';
import { DEFAULT_MAX_ATTEMPTS, extractionOptionsShape, extractionResultShape, runExtraction } from '../../extraction-job.ts';
import { offerAsTask } from '../../tasks/offer-as-task.ts';
import { textInputShape } from '../../text-input.ts';
import { toolError } from '../../tool-result.ts';

const TOOL = 'extract_json';

/** Also what process_document_batch takes for its extract_json operation. */
export const extractJsonOptionsShape = {
  schema: z.record(z.string(), z.unknown()).optional().describe('JSON Schema the data must satisfy'),
  instructions: z.string().max(20_000).optional().describe('What to extract, in words'),
  max_attempts: z.number().int().min(1).max(10).optional().describe(`Model calls allowed, repairs included (default ${DEFAULT_MAX_ATTEMPTS})`),
};

export const presentExtractJson = ({ data, valid, attempts, document_id, job_id, provider, model, usage, cost_usd }: ExtractionJobResult) => ({
  data,
  valid,
  attempts,
  document_id,
  job_id,
  provider,
  model,
  usage,
  cost_usd,
});

export function registerExtractJsonTool(server: McpServer, deps: McpDeps): void {
  const registered = server.registerTool(
    TOOL,
    {
      title: 'Extract JSON',
      description: 'Extract structured data from text as JSON; with a JSON Schema (draft 2020-12 or 07) the answer is validated and repaired until it conforms.',
      inputSchema: {
        ...textInputShape,
        ...extractJsonOptionsShape,
        ...extractionOptionsShape,
      },
      outputSchema: {
        data: z.unknown().describe('The extracted JSON, whole'),
        valid: z.boolean().describe('true: satisfies the schema (always true when one was given and the call succeeded)'),
        ...extractionResultShape,
      },
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    async (args, extra) => {
      if (args.schema !== undefined) {
        const check = checkSchema(args.schema);
        if (!check.ok) return toolError(`${TOOL}: schema is refused: ${check.problem}`);
      }
      return runExtraction(deps, extra, {
        tool: TOOL,
        spec: { task: 'json', schema: args.schema, instructions: args.instructions },
        args,
        maxAttempts: args.max_attempts,
        present: presentExtractJson,
      });
    },
  );
  offerAsTask(deps, TOOL, registered, presentExtractJson);
}
