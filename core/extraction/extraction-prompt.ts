// The prompts extraction sends, as a pure function: the tools, the repair loop and the cost
// estimates all build exactly the same messages.
import type { ChatMessage } from '../providers/types.ts';
import type { ExtractionSpec, RejectedAnswer } from './types.ts';

export const EXTRACTION_SYSTEM_PROMPT =
  'You extract structured data from text. Reply with one JSON value and nothing else: no prose, no code fences. Use only facts stated in the text; use null where the text gives no value.';

const TASK_STATEMENTS: Record<ExtractionSpec['task'], string> = {
  json: 'Extract the data from the text below as JSON.',
  table: 'Extract the table in the text below as JSON {"headers": [column names], "rows": [[cell, ...], ...]}, one row per record, every row with one cell per header.',
  key_value_pairs: 'Extract the key-value pairs stated in the text below as JSON {"pairs": {key: value}}.',
  schema:
    'Design a JSON Schema (draft 2020-12) for the records the text below describes. Reply with JSON {"schema": the schema, "examples": up to 5 records from the text that satisfy it}.',
};

export interface ExtractionPrompt {
  system: string;
  messages: ChatMessage[];
}

export function buildExtractionPrompt(spec: ExtractionSpec, text: string, previous?: RejectedAnswer): ExtractionPrompt {
  const parts = [TASK_STATEMENTS[spec.task]];
  if (spec.instructions) parts.push(`Instructions: ${spec.instructions}`);
  if (spec.schema) parts.push(`The JSON must satisfy this JSON Schema:\n${JSON.stringify(spec.schema)}`);
  parts.push(`Text:\n"""\n${text}\n"""`);
  const messages: ChatMessage[] = [{ role: 'user', content: parts.join('\n\n') }];
  if (previous) {
    messages.push(
      { role: 'assistant', content: previous.answer },
      {
        role: 'user',
        content: `That answer was rejected:\n${previous.errors.map((error) => `- ${error}`).join('\n')}\nReply with the corrected JSON only.`,
      },
    );
  }
  return { system: EXTRACTION_SYSTEM_PROMPT, messages };
}
