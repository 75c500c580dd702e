// The OpenAI chat-completions protocol of the simulator: JSON answers, and SSE streams whose last
// chunk carries the usage when stream_options.include_usage is set (as the real API does).
import type { ServerResponse } from 'node:http';
import type { ScriptStep } from './index.ts';
import { settleScriptedPreamble, sleep, tokensOf, type ProtocolContext } from './protocol-context.ts';

function lastUserText(body: Record<string, unknown>): string {
  const messages = (body.messages as Array<{ role: string; content: unknown }> | undefined) ?? [];
  const user = [...messages].reverse().find((message) => message.role === 'user');
  return typeof user?.content === 'string' ? user.content : '';
}

function allText(body: Record<string, unknown>): string {
  const messages = (body.messages as Array<{ content: unknown }> | undefined) ?? [];
  return messages.map((message) => (typeof message.content === 'string' ? message.content : '')).join('');
}

function usageOf(step: ScriptStep, body: Record<string, unknown>, text: string) {
  const input = step.usage?.inputTokens ?? tokensOf(allText(body));
  const output = step.usage?.outputTokens ?? tokensOf(text);
  return {
    prompt_tokens: input,
    completion_tokens: output,
    total_tokens: input + output,
    prompt_tokens_details: { cached_tokens: step.usage?.cachedInputTokens ?? 0 },
    completion_tokens_details: { reasoning_tokens: step.usage?.reasoningTokens ?? 0 },
  };
}

const errorBody = (_status: number, message: string) => ({ error: { message, type: 'simulated_error', code: null } });

export async function handleOpenAIChat(body: Record<string, unknown>, response: ServerResponse, context: ProtocolContext): Promise<void> {
  const step = context.nextStep(body.model as string | undefined, { conversation: allText(body) });
  if (await settleScriptedPreamble(step, context, response, errorBody)) return;
  if (step.malformed) {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"id": "chatcmpl-broken", "choices": [');
    return;
  }
  const model = String(body.model ?? 'unknown');
  const text = step.reply?.(allText(body)) ?? step.text ?? step.answer?.(lastUserText(body)) ?? `Simulated answer to: ${lastUserText(body).slice(0, 40)}`;
  const usage = usageOf(step, body, text);
  const id = `chatcmpl-${Date.now()}`;
  const created = Math.floor(Date.now() / 1000);
  if (body.stream === true) {
    const chunkDelayMs = context.defaults().streamChunkDelayMs;
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const pieces = text.match(/\S+\s*/g) ?? [text];
    for (const [index, piece] of pieces.entries()) {
      if (step.cutAfterChunks !== undefined && index >= step.cutAfterChunks) {
        // Let the chunks already written reach the client before the connection drops.
        await sleep(100);
        response.destroy();
        return;
      }
      response.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] })}\n\n`);
      if (chunkDelayMs > 0) await sleep(chunkDelayMs);
    }
    response.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`);
    const streamOptions = body.stream_options as { include_usage?: boolean } | undefined;
    if (streamOptions?.include_usage) response.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage })}\n\n`);
    response.end('data: [DONE]\n\n');
    return;
  }
  const payload = JSON.stringify({
    id,
    object: 'chat.completion',
    created,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    usage,
  });
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  response.end(payload);
}
