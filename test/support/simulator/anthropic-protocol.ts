// Anthropic Messages protocol for the provider simulator: the JSON message body, the SSE event
// sequence (message_start … message_stop) and Anthropic-shaped errors, driven by the shared script.
import type { ServerResponse } from 'node:http';
import type { ScriptStep } from './index.ts';
import { settleScriptedPreamble, sleep, tokensOf, writeJson, type ProtocolContext } from './protocol-context.ts';

const ERROR_TYPE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  409: 'conflict_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((block: { text?: unknown }) => (typeof block.text === 'string' ? block.text : '')).join('');
}

function promptText(body: Record<string, unknown>): string {
  const messages = (body.messages as Array<{ content: unknown }> | undefined) ?? [];
  return textOf(body.system) + messages.map((message) => textOf(message.content)).join('');
}

function lastUserText(body: Record<string, unknown>): string {
  const messages = (body.messages as Array<{ role: string; content: unknown }> | undefined) ?? [];
  return textOf([...messages].reverse().find((message) => message.role === 'user')?.content);
}

/** Anthropic's input_tokens excludes cache reads and writes, so the scripted total is split up. */
function usageOf(step: ScriptStep, body: Record<string, unknown>, text: string) {
  const cacheRead = step.usage?.cachedInputTokens ?? 0;
  const cacheWrite = step.usage?.cacheWriteTokens ?? 0;
  const total = step.usage?.inputTokens ?? tokensOf(promptText(body)) + cacheRead + cacheWrite;
  return {
    input_tokens: Math.max(0, total - cacheRead - cacheWrite),
    output_tokens: step.usage?.outputTokens ?? Math.max(1, tokensOf(text)),
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
  };
}

function writeEvent(response: ServerResponse, event: string, data: Record<string, unknown>): void {
  response.write(`event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`);
}

/** API version 2026-10-21 refuses sampling parameters outright, whatever their value; 2023-06-01 takes them. */
const REJECTED_FIELDS = ['temperature', 'top_p', 'top_k'];
const SAMPLING_API_VERSIONS = new Set(['2023-06-01']);

function invalidRequestReason(body: Record<string, unknown>, apiVersion: string | undefined): string | undefined {
  const rejected = SAMPLING_API_VERSIONS.has(apiVersion ?? '') ? undefined : REJECTED_FIELDS.find((field) => field in body);
  if (rejected) return `${rejected}: Extra inputs are not permitted`;
  if (typeof body.max_tokens !== 'number') return 'max_tokens: Field required';
  return undefined;
}

function errorBody(status: number, message: string) {
  const type = ERROR_TYPE_BY_STATUS[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
  return { type: 'error', error: { type, message } };
}

export async function handleAnthropicMessages(body: Record<string, unknown>, response: ServerResponse, context: ProtocolContext, headers: Record<string, string | string[] | undefined> = {}): Promise<void> {
  const version = headers['anthropic-version'];
  const invalid = invalidRequestReason(body, Array.isArray(version) ? version[0] : version);
  if (invalid) {
    writeJson(response, 400, errorBody(400, invalid));
    return;
  }
  const conversation = promptText(body);
  const step = context.nextStep(body.model as string | undefined, { conversation });
  if (await settleScriptedPreamble(step, context, response, errorBody)) return;
  const defaults = context.defaults();
  if (step.malformed && body.stream === true) {
    // An event whose data is not JSON: the SDK logs it (on its own logger) and gives up.
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    response.end('event: content_block_delta\ndata: {"type": "content_block_delta", "delta": \n\n');
    return;
  }
  if (step.malformed) {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"id": "msg_broken", "type": "message", "content": [');
    return;
  }
  const model = String(body.model ?? 'unknown');
  const text = step.reply?.(conversation) ?? step.text ?? `Simulated answer to: ${lastUserText(body).slice(0, 40)}`;
  const usage = usageOf(step, body, text);
  const id = `msg_sim_${Date.now()}`;
  if (body.stream === true) {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    writeEvent(response, 'message_start', {
      message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } },
    });
    writeEvent(response, 'content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
    const pieces = text.match(/\S+\s*/g) ?? [text];
    for (const [index, piece] of pieces.entries()) {
      if (step.cutAfterChunks !== undefined && index >= step.cutAfterChunks) {
        // Let the events already written reach the client before the connection drops.
        await sleep(100);
        response.destroy();
        return;
      }
      writeEvent(response, 'content_block_delta', { index: 0, delta: { type: 'text_delta', text: piece } });
      if (defaults.streamChunkDelayMs > 0) await sleep(defaults.streamChunkDelayMs);
    }
    if (step.cutAfterChunks !== undefined) {
      // Every delta was sent: close the stream cleanly but without message_delta and message_stop.
      response.end();
      return;
    }
    writeEvent(response, 'content_block_stop', { index: 0 });
    writeEvent(response, 'message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: usage.output_tokens } });
    writeEvent(response, 'message_stop', {});
    response.end();
    return;
  }
  writeJson(response, 200, { id, type: 'message', role: 'assistant', model, content: [{ type: 'text', text }], stop_reason: 'end_turn', stop_sequence: null, usage });
}
