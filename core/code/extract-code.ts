// Pulls code out of a model's answer without calling a model: fenced blocks first (``` or ~~~, with
// their info string as the language), then indented blocks when the answer has no fences. Used by
// extract_code_from_response and by code tournaments before anything is checked or run.

export interface CodeBlock {
  language: string | null;
  code: string;
}

export interface ExtractedCode {
  /** The chosen block: the first in the requested language, else the first block; '' when none. */
  code: string;
  language: string | null;
  blocks: CodeBlock[];
}

const LANGUAGE_ALIASES: Record<string, string> = {
  py: 'python',
  python3: 'python',
  js: 'javascript',
  node: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  ts: 'typescript',
  sh: 'bash',
  shell: 'bash',
  yml: 'yaml',
};

export function normalizeLanguage(name: string | undefined | null): string | null {
  const cleaned = (name ?? '').trim().toLowerCase().split(/[\s{,]/)[0] ?? '';
  if (!cleaned) return null;
  return LANGUAGE_ALIASES[cleaned] ?? cleaned;
}

const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})(.*)$/;

function fencedBlocks(lines: string[]): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  let open: { marker: string; indent: number; language: string | null; body: string[] } | undefined;
  for (const line of lines) {
    if (!open) {
      const match = FENCE_OPEN.exec(line);
      // A backtick fence's info string may not contain backticks (CommonMark).
      if (match && !(match[2]!.startsWith('`') && match[3]!.includes('`'))) {
        open = { marker: match[2]!, indent: match[1]!.length, language: normalizeLanguage(match[3]), body: [] };
      }
      continue;
    }
    const trimmed = line.trim();
    if (trimmed.startsWith(open.marker[0]!.repeat(open.marker.length)) && /^(`+|~+)$/.test(trimmed) && trimmed[0] === open.marker[0]) {
      blocks.push({ language: open.language, code: open.body.join('\n') });
      open = undefined;
      continue;
    }
    open.body.push(open.indent > 0 ? line.replace(new RegExp(`^ {0,${open.indent}}`), '') : line);
  }
  // An answer cut off inside a fence still carries its code.
  if (open && open.body.some((line) => line.trim())) blocks.push({ language: open.language, code: open.body.join('\n') });
  return blocks;
}

function indentedBlocks(lines: string[]): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  let body: string[] = [];
  let previousBlank = true;
  const flush = () => {
    while (body.length > 0 && !body[body.length - 1]!.trim()) body.pop();
    if (body.some((line) => line.trim())) blocks.push({ language: null, code: body.join('\n') });
    body = [];
  };
  for (const line of lines) {
    const indented = /^( {4}|\t)/.test(line);
    if (indented && (body.length > 0 || previousBlank)) {
      body.push(line.replace(/^( {4}|\t)/, ''));
    } else if (!line.trim() && body.length > 0) {
      body.push('');
    } else {
      flush();
    }
    previousBlank = !line.trim();
  }
  flush();
  return blocks;
}

export function extractCode(text: string, language?: string): ExtractedCode {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let blocks = fencedBlocks(lines);
  if (blocks.length === 0) blocks = indentedBlocks(lines);
  const wanted = normalizeLanguage(language);
  const chosen = (wanted ? blocks.find((block) => block.language === wanted) : undefined) ?? blocks.find((block) => block.language === null && wanted !== null) ?? blocks[0];
  return { code: chosen?.code ?? '', language: chosen ? (chosen.language ?? wanted) : null, blocks };
}
