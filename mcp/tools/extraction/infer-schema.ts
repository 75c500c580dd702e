// infer_schema: a JSON Schema the validator accepts. From examples it is inferred locally and
// deterministically; from text a model proposes it with records it found, and the schema is checked
// against the meta-schema and those records before it is returned.
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { inferSchemaFromExamples } from '../../../core/extraction/infer-schema.ts';
import { checkSchema, validateAgainst } from '../../../core/extraction/json-schema-validator.ts';
import type { McpDeps } from '../../deps.ts';
import { extractionOptionsShape, runExtraction } from '../../extraction-job.ts';
import { resultOrJobHandle } from '../../schemas.ts';
import { textInputShape } from '../../text-input.ts';
import { toolError, toolResult } from '../../tool-result.ts';

const TOOL = 'infer_schema';

export function registerInferSchemaTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    TOOL,
    {
      title: 'Infer JSON Schema',
      description: 'A JSON Schema (draft 2020-12) from example JSON values (locally, no model) or from text (by a model, then checked).',
      inputSchema: {
        examples: z.array(z.unknown()).min(1).max(1_000).optional().describe('Example JSON values; instead of text'),
        ...textInputShape,
        ...extractionOptionsShape,
      },
      outputSchema: resultOrJobHandle({
        schema: z.record(z.string(), z.unknown()).describe('The JSON Schema'),
        source: z.enum(['examples', 'model']).describe('examples: inferred locally; model: proposed by a model and checked'),
        examples_checked: z.number().int().describe('Examples the schema was checked against'),
        document_id: z.string().optional(),
        job_id: z.string().optional(),
        cost_usd: z.number().optional(),
      }),
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    async (args, extra) => {
      if (args.examples !== undefined) {
        if (args.text !== undefined || args.document_id !== undefined) return toolError(`${TOOL}: give examples or text / document_id, not both`);
        const schema = inferSchemaFromExamples(args.examples);
        const check = checkSchema(schema);
        const failures = args.examples.flatMap((example) => validateAgainst(schema, example));
        if (!check.ok || failures.length > 0) return toolError(`${TOOL}: the inferred schema failed its own check: ${check.ok ? failures.join('; ') : check.problem}`);
        return toolResult({ schema, source: 'examples' as const, examples_checked: args.examples.length });
      }
      if (args.text === undefined && args.document_id === undefined) return toolError(`${TOOL}: give examples (JSON values) or text / document_id to infer a schema from`);
      return runExtraction(deps, extra, {
        tool: TOOL,
        spec: { task: 'schema' },
        args,
        present: (result) => {
          const answer = result.data as { schema: Record<string, unknown>; examples: unknown[] };
          return { schema: answer.schema, source: 'model' as const, examples_checked: answer.examples.length, document_id: result.document_id, job_id: result.job_id, cost_usd: result.cost_usd };
        },
      });
    },
  );
}
