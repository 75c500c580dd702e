// The Gemini API protocol for the simulator: generateContent, streamGenerateContent (SSE with
// alt=sse, else a JSON array), embedContent and batchEmbedContents, answering from the shared
// script queue in the shapes the real API uses.
import type { ServerResponse } from 'node:http';
import { embedText } from './embeddings.ts';
import type { ScriptStep } from './index.ts';
import { settleScriptedPreamble, sleep, tokensOf, writeJson, type IncomingCall, type ProtocolContext } from './protocol-context.ts';

const ROUTE = /^\/(v1|v1beta|v1alpha)\/models\/([^/:]+):(generateContent|streamGenerateContent|embedContent|batchEmbedContents)$/;

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

interface GeminiContent {
  role?: string;
  parts?: Array<{ text?: string }>;
}

function geminiError(status: number, message: string) {
  return { error: { code: status, message, status: STATUS_NAMES[status] ?? (status >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION') } };
}

function textOf(content: GeminiContent | undefined): string {
  return (content?.parts ?? []).map((part) => part.text ?? '').join('');
}

function contentsOf(body: Record<string, unknown>): GeminiContent[] {
  return (body.contents as GeminiContent[] | undefined) ?? [];
}

function lastUserText(body: Record<string, unknown>): string {
  const user = [...contentsOf(body)].reverse().find((content) => content.role === undefined || content.role === 'user');
  return textOf(user);
}

function promptText(body: Record<string, unknown>): string {
  return textOf(body.systemInstruction as GeminiContent | undefined) + contentsOf(body).map(textOf).join('');
}

/** Scripted usage is in normalised terms: output includes reasoning, input includes cached. */
function usageMetadataOf(step: ScriptStep, body: Record<string, unknown>, text: string) {
  const prompt = step.usage?.inputTokens ?? tokensOf(promptText(body));
  const thoughts = step.usage?.reasoningTokens ?? 0;
  const candidates = Math.max(0, (step.usage?.outputTokens ?? tokensOf(text) + thoughts) - thoughts);
  const cached = step.usage?.cachedInputTokens ?? 0;
  return {
    promptTokenCount: prompt,
    candidatesTokenCount: candidates,
    totalTokenCount: prompt + candidates + thoughts,
    ...(cached > 0 ? { cachedContentTokenCount: cached } : {}),
    ...(thoughts > 0 ? { thoughtsTokenCount: thoughts } : {}),
  };
}

function candidate(text: string, finishReason: string | undefined) {
  return { content: { role: 'model', parts: [{ text }] }, ...(finishReason ? { finishReason } : {}), index: 0 };
}

async function generate(call: IncomingCall, model: string, streaming: boolean, response: ServerResponse, context: ProtocolContext): Promise<void> {
  const conversation = promptText(call.body);
  const step = context.nextStep(model, { conversation });
  if (await settleScriptedPreamble(step, context, response, geminiError)) return;
  const text = step.reply?.(conversation) ?? step.text ?? `Simulated answer to: ${lastUserText(call.body).slice(0, 40)}`;
  const usageMetadata = usageMetadataOf(step, call.body, text);
  const responseId = `sim-${Date.now()}`;
  if (!streaming) {
    if (step.malformed) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"candidates": [');
      return;
    }
    writeJson(response, 200, { candidates: [candidate(text, 'STOP')], usageMetadata, modelVersion: model, responseId });
    return;
  }
  const pieces = text.match(/\S+\s*/g) ?? [text];
  const chunks = pieces.map((piece, index) => {
    const last = index === pieces.length - 1 && !step.malformed;
    return { candidates: [candidate(piece, last ? 'STOP' : undefined)], ...(last ? { usageMetadata } : {}), modelVersion: model, responseId };
  });
  if (call.query.get('alt') !== 'sse') {
    writeJson(response, 200, chunks);
    return;
  }
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const [index, chunk] of chunks.entries()) {
    if (step.cutAfterChunks !== undefined && index >= step.cutAfterChunks) {
      // Let the chunks already written reach the client before the connection drops.
      await sleep(100);
      response.destroy();
      return;
    }
    response.write(`data: ${JSON.stringify(chunk)}\r\n\r\n`);
    const delay = context.defaults().streamChunkDelayMs;
    if (delay > 0) await sleep(delay);
  }
  response.end();
}

async function embed(call: IncomingCall, model: string, batch: boolean, response: ServerResponse, context: ProtocolContext): Promise<void> {
  const step = context.nextStep(model, { namedOnly: true });
  if (await settleScriptedPreamble(step, context, response, geminiError)) return;
  if (!batch) {
    writeJson(response, 200, { embedding: { values: embedText(textOf(call.body.content as GeminiContent | undefined)) } });
    return;
  }
  const requests = (call.body.requests as Array<{ content?: GeminiContent }> | undefined) ?? [];
  if (requests.length === 0) {
    writeJson(response, 400, geminiError(400, '* BatchEmbedContentsRequest.requests: must not be empty'));
    return;
  }
  writeJson(response, 200, { embeddings: requests.map((request) => ({ values: embedText(textOf(request.content)) })) });
}

/** Handles the Gemini routes; returns false when the call is for another route. */
export function routeGemini(call: IncomingCall, response: ServerResponse, context: ProtocolContext): boolean {
  const match = call.method === 'POST' ? ROUTE.exec(call.path) : null;
  if (!match) return false;
  const model = decodeURIComponent(match[2]!);
  const action = match[3]!;
  context.record({ protocol: 'gemini', path: call.path, model, body: call.body, headers: call.headers });
  const answer =
    action === 'generateContent' || action === 'streamGenerateContent'
      ? generate(call, model, action === 'streamGenerateContent', response, context)
      : embed(call, model, action === 'batchEmbedContents', response, context);
  answer.catch(() => response.destroy());
  return true;
}
