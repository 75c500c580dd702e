// The blocks of a Markdown document that the structural strategy keeps whole: headings, fenced code,
// tables, list items and paragraphs. Blank lines belong to the block before them, so every block
// starts where its content starts and the blocks tile the text without gaps.

export type BlockKind = 'heading' | 'code' | 'table' | 'list_item' | 'paragraph';

export interface MarkdownBlock {
  start: number;
  end: number;
  kind: BlockKind;
  /** For headings: 1–6 and the heading's text. */
  headingLevel?: number;
  title?: string;
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t#]*$/;
const TABLE_ROW = /^ {0,3}\|/;
const LIST_ITEM = /^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;
const BLANK = /^[ \t]*$/;
const INDENTED = /^(?: {2,}|\t)/;

interface Line {
  start: number;
  /** Offset after the line's newline (or the text's end). */
  next: number;
  content: string;
}

function* linesOf(text: string): Generator<Line> {
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const next = newline === -1 ? text.length : newline + 1;
    const contentEnd = newline === -1 ? text.length : newline > start && text[newline - 1] === '\r' ? newline - 1 : newline;
    yield { start, next, content: text.slice(start, contentEnd) };
    start = next;
  }
}

function closesFence(content: string, fence: string): boolean {
  const trimmed = content.trim();
  return trimmed[0] === fence[0] && /^(`+|~+)$/.test(trimmed) && trimmed.length >= fence.length;
}

export function markdownBlocks(text: string): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  let current: MarkdownBlock | undefined;
  let fence: string | undefined;
  let afterBlank = false;
  const open = (block: MarkdownBlock): void => {
    if (current) blocks.push(current);
    current = block;
  };
  for (const line of linesOf(text)) {
    if (fence !== undefined) {
      current!.end = line.next;
      if (closesFence(line.content, fence)) fence = undefined;
      continue;
    }
    if (BLANK.test(line.content)) {
      if (current) current.end = line.next;
      else open({ start: line.start, end: line.next, kind: 'paragraph' });
      afterBlank = true;
      continue;
    }
    const fenceMatch = FENCE_OPEN.exec(line.content);
    const heading = fenceMatch ? null : HEADING.exec(line.content);
    if (fenceMatch) {
      fence = fenceMatch[1]!;
      open({ start: line.start, end: line.next, kind: 'code' });
    } else if (heading) {
      open({ start: line.start, end: line.next, kind: 'heading', headingLevel: heading[1]!.length, title: (heading[2] ?? '').trim() });
    } else if (TABLE_ROW.test(line.content)) {
      if (current?.kind === 'table' && !afterBlank) current.end = line.next;
      else open({ start: line.start, end: line.next, kind: 'table' });
    } else if (LIST_ITEM.test(line.content)) {
      open({ start: line.start, end: line.next, kind: 'list_item' });
    } else if (current?.kind === 'list_item' && (!afterBlank || INDENTED.test(line.content))) {
      current.end = line.next;
    } else if (current?.kind === 'paragraph' && !afterBlank) {
      current.end = line.next;
    } else {
      open({ start: line.start, end: line.next, kind: 'paragraph' });
    }
    afterBlank = false;
  }
  if (current) blocks.push(current);
  return blocks;
}
