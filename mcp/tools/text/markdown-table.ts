// GitHub-flavoured Markdown pipe tables, read and written: the one format of convert_format without
// a library of its own here (a Markdown parser would bring a whole AST for one construct).

function splitRow(line: string): string[] {
  const body = line.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  return body.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

const DELIMITER_CELL = /^:?-{3,}:?$|^:?-+:?$/;

/** The first pipe table in the text, as rows keyed by its header. */
export function parseMarkdownTable(text: string): Record<string, string>[] {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((line, index) => line.includes('|') && index + 1 < lines.length && splitRow(lines[index + 1]!).every((cell) => DELIMITER_CELL.test(cell)));
  if (start < 0) throw new Error('no table found: expected a header row, then a delimiter row such as | --- | --- |');
  const header = splitRow(lines[start]!);
  if (header.some((name) => name.length === 0)) throw new Error('every header cell needs a name');
  const rows: Record<string, string>[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.includes('|')) break;
    const cells = splitRow(line);
    rows.push(Object.fromEntries(header.map((name, index) => [name, cells[index] ?? ''])));
  }
  return rows;
}

function escapeCell(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

export function toMarkdownTable(columns: readonly string[], rows: readonly string[][]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  return [line(columns), line(columns.map(() => '---')), ...rows.map(line)].join('\n') + '\n';
}
