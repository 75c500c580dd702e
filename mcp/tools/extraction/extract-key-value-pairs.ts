// extract_key_value_pairs: the key-value facts a text states (all of them, or the keys asked for,
// null where the text has no value).
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { keyValueAnswerSchema } from '../../../core/extraction/extraction-tasks.ts';
import type { McpDeps } from '../../deps.ts';
import { extractionOptionsShape, extractionResultShape, runExtraction } from '../../extraction-job.ts';
import { resultOrJobHandle } from '../../schemas.ts';
import { textInputShape } from '../../text-input.ts';

const TOOL = 'extract_key_value_pairs';

export function registerExtractKeyValuePairsTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    TOOL,
    {
      title: 'Extract key-value pairs',
      description: 'Extract key-value pairs from text (e.g. form fields, specifications): all of them, or only the keys given.',
      inputSchema: {
        ...textInputShape,
        keys: z.array(z.string().min(1)).min(1).max(200).optional().describe('Keys to extract; each is returned, null when the text has no value'),
        ...extractionOptionsShape,
      },
      outputSchema: resultOrJobHandle({
        pairs: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).describe('Key to value'),
        ...extractionResultShape,
      }),
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    async (args, extra) =>
      runExtraction(deps, extra, {
        tool: TOOL,
        spec: { task: 'key_value_pairs', schema: keyValueAnswerSchema(args.keys), ...(args.keys ? { instructions: `Extract exactly these keys: ${JSON.stringify(args.keys)}` } : {}) },
        args,
        present: (result) => ({
          pairs: (result.data as { pairs: Record<string, string | number | boolean | null> }).pairs,
          document_id: result.document_id,
          job_id: result.job_id,
          attempts: result.attempts,
          provider: result.provider,
          model: result.model,
          usage: result.usage,
          cost_usd: result.cost_usd,
        }),
      }),
  );
}
