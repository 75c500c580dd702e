// Anthropic's Messages API differs from the chat shape the gateway speaks: the system prompt is a
// top-level field, turns must alternate starting with a user turn, and max_tokens is required.
// temperature and top_p are sent only where the API version accepts them (see sampling-support.ts):
// 2026-10-21, which the SDK sends, answers 400 to any sampling parameter, even at its default value.
import type Anthropic from '@anthropic-ai/sdk';
import { ANTHROPIC_API_VERSION, acceptsSamplingParameter } from '../sampling-support.ts';
import type { GenerateRequest } from '../types.ts';

export const DEFAULT_MAX_TOKENS = 4096;

export const JSON_RESPONSE_INSTRUCTION = 'Respond with a single valid JSON object only: no prose before or after it and no Markdown code fences.';

/** Stands in for the missing user turn when a conversation opens with the assistant. */
export const OPENING_USER_TURN = '(The conversation continues below.)';

type AnthropicTurn = { role: 'user' | 'assistant'; content: string };

function systemPrompt(request: GenerateRequest): string | undefined {
  const parts = [request.system, ...request.messages.filter((message) => message.role === 'system').map((message) => message.content)];
  if (request.responseFormat === 'json') parts.push(JSON_RESPONSE_INSTRUCTION);
  const text = parts.filter((part): part is string => typeof part === 'string' && part.trim().length > 0).join('\n\n');
  return text.length > 0 ? text : undefined;
}

function alternatingTurns(request: GenerateRequest): AnthropicTurn[] {
  const turns: AnthropicTurn[] = [];
  for (const message of request.messages) {
    if (message.role === 'system') continue;
    const previous = turns.at(-1);
    if (previous && previous.role === message.role) previous.content = `${previous.content}\n\n${message.content}`;
    else turns.push({ role: message.role, content: message.content });
  }
  if (turns[0]?.role !== 'user') turns.unshift({ role: 'user', content: OPENING_USER_TURN });
  return turns;
}

/** The SDK's types follow its own API version, which has no sampling parameters. */
export type AnthropicMessageParams = Anthropic.MessageCreateParamsNonStreaming & { temperature?: number; top_p?: number };

export function convertToAnthropicMessages(request: GenerateRequest, apiVersion = ANTHROPIC_API_VERSION): AnthropicMessageParams {
  const system = systemPrompt(request);
  const accepts = (parameter: 'temperature' | 'top_p') => acceptsSamplingParameter('anthropic', parameter, apiVersion);
  return {
    model: request.model,
    max_tokens: request.maxTokens ?? DEFAULT_MAX_TOKENS,
    messages: alternatingTurns(request),
    ...(system !== undefined ? { system } : {}),
    ...(request.stop !== undefined && request.stop.length > 0 ? { stop_sequences: request.stop } : {}),
    ...(request.temperature !== undefined && accepts('temperature') ? { temperature: request.temperature } : {}),
    ...(request.topP !== undefined && accepts('top_p') ? { top_p: request.topP } : {}),
  };
}
