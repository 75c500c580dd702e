// The one way document tools take a document: its text (stored once, content-addressed) or the
// document_id an earlier call returned, so an agent never has to send the same text twice.
import { z } from 'zod';
import { DOCUMENT_ID_PATTERN } from '../core/documents/blob-store.ts';
import type { McpDeps } from './deps.ts';
import { ToolInputError } from './tool-result.ts';

export const documentIdSchema = z.string().regex(DOCUMENT_ID_PATTERN, 'expected a document_id such as doc_0123456789abcdef0123456789abcdef').describe('From an earlier result, instead of the text');

export const documentInputShape = {
  document: z.string().optional().describe('Document text (the result gives its document_id)'),
  document_id: documentIdSchema.optional(),
};

export interface DocumentInput {
  document?: string | undefined;
  document_id?: string | undefined;
}

export interface ResolvedDocument {
  documentId: string;
  /** The text; kept in the MCP layer, never sent to a workflow (which gets documentId). */
  text: string;
  bytes: number;
}

/** Stores a new text or loads a stored one, with errors that name the field and the rule. */
export async function resolveDocument(deps: Pick<McpDeps, 'blobs' | 'config'>, input: DocumentInput, field = 'document'): Promise<ResolvedDocument> {
  const limit = deps.config.documents.maxDocumentBytes;
  if (input.document !== undefined && input.document_id !== undefined) {
    throw new ToolInputError(`give either ${field} or ${field}_id, not both`);
  }
  if (input.document !== undefined) {
    const bytes = Buffer.byteLength(input.document, 'utf8');
    if (bytes > limit) throw new ToolInputError(`${field} is ${bytes} bytes; the limit is MAX_DOCUMENT_BYTES (${limit} bytes): split it`);
    if (input.document.trim().length === 0) throw new ToolInputError(`${field} is empty or only whitespace: send the text to work on`);
    const stored = await deps.blobs.put(input.document);
    return { documentId: stored.id, text: input.document, bytes: stored.bytes };
  }
  if (input.document_id !== undefined) {
    const text = await deps.blobs.get(input.document_id);
    if (text === undefined) throw new ToolInputError(`${field}_id "${input.document_id}" is unknown here: send the text as ${field} instead`);
    return { documentId: input.document_id, text, bytes: Buffer.byteLength(text, 'utf8') };
  }
  throw new ToolInputError(`give ${field} (the text) or ${field}_id (from an earlier call)`);
}
