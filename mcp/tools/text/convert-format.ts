// convert_format: JSON, YAML, CSV and Markdown tables into one another, locally. Tables (CSV,
// Markdown) are arrays of flat objects, one per row, keyed by the header.
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { Parser as YamlParser, parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { pathBeyondDepth } from '../../../core/nesting-depth.ts';
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { toolError, toolResult, ToolInputError } from '../../tool-result.ts';
import { parseMarkdownTable, toMarkdownTable } from './markdown-table.ts';
import { LOCAL_TOOL_ANNOTATIONS, localTextSchema } from './text-shapes.ts';

const FORMATS = ['json', 'yaml', 'csv', 'markdown'] as const;
type Format = (typeof FORMATS)[number];
type Row = Record<string, unknown>;

/** The YAML parser and writer recurse once per level: deeper content is refused rather than left to exhaust the stack. */
const MAX_NESTING = 256;
const YAML_COLLECTIONS = new Set(['block-seq', 'block-map', 'flow-collection']);

/** Measured on yaml's own syntax tree, which it builds without recursing, before the recursive parse runs. */
function yamlNestsDeeperThan(text: string, limit: number): boolean {
  for (const document of new YamlParser().parse(text)) {
    const pending: Array<[unknown, number]> = [[document, 0]];
    while (pending.length > 0) {
      const [node, depth] = pending.pop()!;
      const level = YAML_COLLECTIONS.has((node as { type?: string }).type ?? '') ? depth + 1 : depth;
      if (level > limit) return true;
      for (const child of Object.values(node as object)) if (child !== null && typeof child === 'object') pending.push([child, level]);
    }
  }
  return false;
}

function read(content: string, from: Format): unknown {
  if (from === 'yaml' && yamlNestsDeeperThan(content, MAX_NESTING)) throw new ToolInputError(`content nests more than ${MAX_NESTING} arrays and objects deep`);
  try {
    if (from === 'json') return JSON.parse(content);
    if (from === 'yaml') return parseYaml(content, { maxAliasCount: 100 });
    if (from === 'csv') return parseCsv(content, { columns: true, skip_empty_lines: true, trim: true }) as Row[];
    return parseMarkdownTable(content);
  } catch (error) {
    throw new ToolInputError(`content is not valid ${from}: ${(error as Error).message}`);
  }
}

function rowsOf(value: unknown, to: Format): Row[] {
  const rows = Array.isArray(value) ? value : value !== null && typeof value === 'object' ? [value] : undefined;
  if (!rows || !rows.every((row) => row !== null && typeof row === 'object' && !Array.isArray(row))) {
    throw new ToolInputError(`${to} needs a table: an array of objects, one per row`);
  }
  return rows as Row[];
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function write(value: unknown, to: Format): string {
  if (to === 'json') return JSON.stringify(value, null, 2);
  if (to === 'yaml') return stringifyYaml(value);
  const rows = rowsOf(value, to);
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const table = rows.map((row) => columns.map((column) => cell(row[column])));
  if (to === 'csv') return stringifyCsv([columns, ...table]);
  return toMarkdownTable(columns, table);
}

export function convertFormat(content: string, from: Format, to: Format): string {
  const value = read(content, from);
  if (pathBeyondDepth(value, MAX_NESTING)) throw new ToolInputError(`content nests more than ${MAX_NESTING} arrays and objects deep`);
  return write(value, to);
}

export function registerConvertFormatTool(server: McpServer): void {
  server.registerTool(
    'convert_format',
    {
      title: 'Convert format',
      description: 'Convert between JSON, YAML, CSV and Markdown tables locally; CSV and Markdown are tables (arrays of objects).',
      inputSchema: {
        content: localTextSchema.describe('Text to convert'),
        from: z.enum(FORMATS).describe('Format of content'),
        to: z.enum(FORMATS).describe('Format wanted'),
      },
      outputSchema: { content: z.string(), format: z.enum(FORMATS) },
      annotations: LOCAL_TOOL_ANNOTATIONS,
    },
    ({ content, from, to }) => {
      try {
        return toolResult({ content: convertFormat(content, from, to), format: to });
      } catch (error) {
        if (error instanceof ToolInputError) return toolError(`convert_format: ${error.message}`);
        throw error;
      }
    },
  );
}
