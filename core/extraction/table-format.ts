// A table as text: CSV per RFC 4180 (through csv-stringify: CRLF records, fields with commas, quotes
// or line breaks quoted, quotes doubled) or a GitHub-flavoured Markdown table.
import { stringify } from 'csv-stringify/sync';

export type TableCell = string | number | boolean | null;
export type TableFormat = 'json' | 'csv' | 'markdown';

function cellText(cell: TableCell): string {
  return cell === null ? '' : String(cell);
}

export function toCsv(headers: string[], rows: TableCell[][]): string {
  return stringify([headers, ...rows.map((row) => row.map(cellText))], { record_delimiter: '\r\n', quoted_match: /[\r\n]/ });
}

function markdownCell(cell: TableCell): string {
  return cellText(cell).replaceAll('\\', '\\\\').replaceAll('|', '\\|').replace(/\r\n|\r|\n/g, '<br>');
}

export function toMarkdown(headers: string[], rows: TableCell[][]): string {
  const line = (cells: TableCell[]) => `| ${cells.map(markdownCell).join(' | ')} |`;
  return [line(headers), `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n');
}

export function formatTable(format: TableFormat, headers: string[], rows: TableCell[][]): string {
  if (format === 'csv') return toCsv(headers, rows);
  if (format === 'markdown') return toMarkdown(headers, rows);
  return JSON.stringify(rows.map((row) => Object.fromEntries(headers.map((header, index) => [header, row[index] ?? null]))));
}
