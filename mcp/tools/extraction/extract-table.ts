// extract_table: a table from a text, as headers and rows plus CSV (RFC 4180) or Markdown text.
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { tableAnswerSchema } from '../../../core/extraction/extraction-tasks.ts';
import { formatTable, type TableCell } from '../../../core/extraction/table-format.ts';
import type { McpDeps } from '../../deps.ts';
import { extractionOptionsShape, extractionResultShape, runExtraction } from '../../extraction-job.ts';
import { resultOrJobHandle } from '../../schemas.ts';
import { textInputShape } from '../../text-input.ts';

const TOOL = 'extract_table';
const cellSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export function registerExtractTableTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    TOOL,
    {
      title: 'Extract table',
      description: 'Extract a table from text as headers and rows, plus the table as CSV (RFC 4180) or Markdown text.',
      inputSchema: {
        ...textInputShape,
        headers: z.array(z.string().min(1)).min(1).max(100).optional().describe('Columns to extract, in order; default: the columns the text has'),
        format: z.enum(['json', 'csv', 'markdown']).optional().describe('json (default): headers and rows only; csv or markdown: also the table as text'),
        ...extractionOptionsShape,
      },
      outputSchema: resultOrJobHandle({
        headers: z.array(z.string()),
        rows: z.array(z.array(cellSchema)).describe('One array of cells per row, in header order'),
        table: z.string().optional().describe('The table as CSV or Markdown text'),
        ...extractionResultShape,
      }),
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    async (args, extra) =>
      runExtraction(deps, extra, {
        tool: TOOL,
        spec: { task: 'table', schema: tableAnswerSchema(args.headers), ...(args.headers ? { instructions: `Use exactly these columns, in this order: ${JSON.stringify(args.headers)}` } : {}) },
        args,
        present: (result) => {
          const { headers, rows } = result.data as { headers: string[]; rows: TableCell[][] };
          const format = args.format ?? 'json';
          return {
            headers,
            rows,
            ...(format === 'json' ? {} : { table: formatTable(format, headers, rows) }),
            document_id: result.document_id,
            job_id: result.job_id,
            attempts: result.attempts,
            provider: result.provider,
            model: result.model,
            usage: result.usage,
            cost_usd: result.cost_usd,
          };
        },
      }),
  );
}
