// Extraction tools take their input as `text` or `document_id`: the same content-addressed store as
// the document tools, with errors that name these fields.
import { z } from 'zod';
import type { McpDeps } from './deps.ts';
import { documentIdSchema, resolveDocument, type ResolvedDocument } from './document-input.ts';
import { ToolInputError } from './tool-result.ts';

export const textInputShape = {
  text: z.string().optional().describe('Text to extract from (the result gives its document_id)'),
  document_id: documentIdSchema.optional(),
};

export interface TextInput {
  text?: string | undefined;
  document_id?: string | undefined;
}

export async function resolveText(deps: Pick<McpDeps, 'blobs' | 'config'>, input: TextInput): Promise<ResolvedDocument> {
  if (input.text !== undefined && input.document_id !== undefined) throw new ToolInputError('give either text or document_id, not both');
  if (input.text !== undefined) return resolveDocument(deps, { document: input.text }, 'text');
  if (input.document_id === undefined) throw new ToolInputError('give text (the text to extract from) or document_id (from an earlier call)');
  const text = await deps.blobs.get(input.document_id);
  if (text === undefined) throw new ToolInputError(`document_id "${input.document_id}" is unknown here: send the text as text instead`);
  return { documentId: input.document_id, text, bytes: Buffer.byteLength(text, 'utf8') };
}
