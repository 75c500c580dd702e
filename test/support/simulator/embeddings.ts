// Deterministic, meaningful embeddings for the simulator, and the OpenAI embeddings route.
// Vectors come from hashed character trigrams, so texts sharing wording land close together and
// similarity-based features (semantic cache, dedup) can be tested without a real model.
import type { ServerResponse } from 'node:http';
import { settleScriptedPreamble, tokensOf, writeJson, type IncomingCall, type ProtocolContext } from './protocol-context.ts';

export const EMBEDDING_DIMENSIONS = 256;

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** FNV-1a, 32 bits. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193) >>> 0;
  }
  return value;
}

/**
 * A 256-dimension, L2-normalised vector of signed trigram counts. The sign bit keeps unrelated
 * texts near orthogonal instead of sharing a positive bias from hash collisions.
 */
export function embedText(text: string): number[] {
  const vector = new Array<number>(EMBEDDING_DIMENSIONS).fill(0);
  const normalised = normalise(text);
  if (normalised.length === 0) return vector;
  const padded = ` ${normalised} `;
  for (let index = 0; index + 3 <= padded.length; index += 1) {
    const bucket = hash(padded.slice(index, index + 3));
    const position = bucket % EMBEDDING_DIMENSIONS;
    vector[position] = (vector[position] ?? 0) + ((bucket >>> 31) === 1 ? -1 : 1);
  }
  const length = Math.sqrt(vector.reduce((total, value) => total + value * value, 0));
  return length === 0 ? vector : vector.map((value) => value / length);
}

function inputsOf(input: unknown): string[] {
  if (typeof input === 'string') return [input];
  if (Array.isArray(input)) return input.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
  return [];
}

function base64Float32(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}

async function answerOpenAIEmbeddings(call: IncomingCall, response: ServerResponse, context: ProtocolContext): Promise<void> {
  const model = String(call.body.model ?? 'unknown');
  const step = context.nextStep(model, { namedOnly: true });
  const settled = await settleScriptedPreamble(step, context, response, (_status, message) => ({ error: { message, type: 'simulated_error', code: null } }));
  if (settled) return;
  const inputs = inputsOf(call.body.input);
  if (inputs.length === 0) {
    writeJson(response, 400, { error: { message: "'input' must be a non-empty string or array of strings", type: 'invalid_request_error', code: null } });
    return;
  }
  const base64 = call.body.encoding_format === 'base64';
  const promptTokens = step.usage?.inputTokens ?? inputs.reduce((total, input) => total + tokensOf(input), 0);
  writeJson(response, 200, {
    object: 'list',
    data: inputs.map((input, index) => {
      const embedding = embedText(input);
      return { object: 'embedding', index, embedding: base64 ? base64Float32(embedding) : embedding };
    }),
    model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  });
}

/** Handles `POST /v1/embeddings`; returns false when the call is for another route. */
export function routeOpenAIEmbeddings(call: IncomingCall, response: ServerResponse, context: ProtocolContext): boolean {
  if (call.method !== 'POST' || call.path !== '/v1/embeddings') return false;
  context.record({ protocol: 'openai-embeddings', path: call.path, model: call.body.model as string | undefined, body: call.body, headers: call.headers });
  answerOpenAIEmbeddings(call, response, context).catch(() => response.destroy());
  return true;
}
