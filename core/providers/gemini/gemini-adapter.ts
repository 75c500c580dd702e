// Google Gemini through the official @google/genai SDK, with its own retries off because Temporal
// owns retries. Request and response mappings live in the neighbouring pure files.
import { GoogleGenAI, type GenerateContentConfig, type GenerateContentResponse } from '@google/genai';
import { ProviderError } from '../provider-error.ts';
import type { CallOptions, EmbedRequest, EmbedResult, FinishReason, GenerateRequest, GenerateResult, ProviderAdapter, StreamEvent, Usage } from '../types.ts';
import { convertToGeminiContents } from './convert-to-gemini-contents.ts';
import { captureFailedResponseHeaders, toGeminiProviderError } from './gemini-error.ts';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.ts';
import { mapGeminiUsage } from './map-gemini-usage.ts';

export interface GeminiAdapterOptions {
  apiKey: string | undefined;
  baseUrl: string | undefined;
  timeoutMs: number;
}

const PROVIDER = 'gemini';

function generationConfig(request: GenerateRequest, systemInstruction: string | undefined): GenerateContentConfig {
  return {
    ...(systemInstruction !== undefined ? { systemInstruction } : {}),
    ...(request.maxTokens !== undefined ? { maxOutputTokens: request.maxTokens } : {}),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.topP !== undefined ? { topP: request.topP } : {}),
    ...(request.stop !== undefined && request.stop.length > 0 ? { stopSequences: request.stop } : {}),
    ...(request.responseFormat === 'json' ? { responseMimeType: 'application/json' } : {}),
  };
}

interface Finish {
  reason: FinishReason;
  raw: string;
}

/** A prompt blocked before generation has no candidate, only a block reason in the prompt feedback. */
function finishOf(response: GenerateContentResponse): Finish | undefined {
  const candidateReason = response.candidates?.[0]?.finishReason;
  if (candidateReason) return { reason: mapGeminiFinishReason(candidateReason), raw: candidateReason };
  const blockReason = response.promptFeedback?.blockReason;
  if (blockReason) return { reason: 'content_filter', raw: blockReason };
  return undefined;
}

function resultOf(text: string, finish: Finish | undefined, usage: Usage, model: string): GenerateResult {
  return { text, finishReason: finish?.reason ?? 'other', rawFinishReason: finish?.raw ?? null, usage, model };
}

function estimateTokens(inputs: string[]): number {
  return inputs.reduce((total, input) => total + Math.ceil(input.length / 4), 0);
}

export function createGeminiAdapter(options: GeminiAdapterOptions): ProviderAdapter {
  const client = new GoogleGenAI({
    vertexai: false,
    apiKey: options.apiKey ?? 'not-needed',
    httpOptions: {
      ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
      timeout: options.timeoutMs,
      retryOptions: { attempts: 1 },
    },
  });

  function ensureConfigured(): void {
    if (options.apiKey === undefined && options.baseUrl === undefined) {
      throw new ProviderError({ provider: PROVIDER, kind: 'not_configured', message: 'no Gemini API key configured' });
    }
  }

  return {
    id: PROVIDER,
    async generate(request: GenerateRequest, callOptions: CallOptions = {}): Promise<GenerateResult> {
      ensureConfigured();
      const capture = captureFailedResponseHeaders();
      const prompt = convertToGeminiContents(request);
      try {
        const response = await client.models.generateContent({
          model: request.model,
          contents: prompt.contents,
          config: { ...generationConfig(request, prompt.systemInstruction), abortSignal: callOptions.signal, httpOptions: { fetch: capture.fetch } },
        });
        if (!response.candidates?.length && !response.promptFeedback?.blockReason) {
          throw new ProviderError({ provider: PROVIDER, kind: 'malformed_response', message: 'response has no candidates' });
        }
        return resultOf(response.text ?? '', finishOf(response), mapGeminiUsage(response.usageMetadata), response.modelVersion ?? request.model);
      } catch (error) {
        throw toGeminiProviderError(error, { signal: callOptions.signal, retryAfterMs: capture.retryAfterMs() });
      }
    },
    async *stream(request: GenerateRequest, callOptions: CallOptions = {}): AsyncIterable<StreamEvent> {
      ensureConfigured();
      const capture = captureFailedResponseHeaders();
      const prompt = convertToGeminiContents(request);
      let text = '';
      let finish: Finish | undefined;
      let usage: Usage | undefined;
      let model = request.model;
      try {
        const stream = await client.models.generateContentStream({
          model: request.model,
          contents: prompt.contents,
          config: { ...generationConfig(request, prompt.systemInstruction), abortSignal: callOptions.signal, httpOptions: { fetch: capture.fetch } },
        });
        for await (const chunk of stream) {
          model = chunk.modelVersion ?? model;
          if (chunk.usageMetadata) {
            usage = mapGeminiUsage(chunk.usageMetadata);
            yield { type: 'usage', usage };
          }
          finish = finishOf(chunk) ?? finish;
          const delta = chunk.text;
          if (delta) {
            text += delta;
            yield { type: 'delta', text: delta };
          }
        }
      } catch (error) {
        throw toGeminiProviderError(error, { signal: callOptions.signal, retryAfterMs: capture.retryAfterMs() });
      }
      if (finish === undefined) throw new ProviderError({ provider: PROVIDER, kind: 'malformed_response', message: 'stream ended without a finish reason' });
      yield { type: 'done', result: resultOf(text, finish, usage ?? mapGeminiUsage(undefined), model) };
    },
    async embed(request: EmbedRequest, callOptions: CallOptions = {}): Promise<EmbedResult> {
      ensureConfigured();
      if (request.inputs.length === 0) return { embeddings: [], usage: { inputTokens: 0 }, model: request.model };
      const capture = captureFailedResponseHeaders();
      try {
        const response = await client.models.embedContent({
          model: request.model,
          contents: request.inputs,
          config: { abortSignal: callOptions.signal, httpOptions: { fetch: capture.fetch } },
        });
        const embeddings = (response.embeddings ?? []).map((embedding) => embedding.values ?? []);
        if (embeddings.length !== request.inputs.length) {
          throw new ProviderError({ provider: PROVIDER, kind: 'malformed_response', message: `expected ${request.inputs.length} embeddings, got ${embeddings.length}` });
        }
        const reportedTokens = (response.embeddings ?? []).reduce((total, embedding) => total + (embedding.statistics?.tokenCount ?? 0), 0);
        return { embeddings, usage: { inputTokens: reportedTokens > 0 ? reportedTokens : estimateTokens(request.inputs) }, model: request.model };
      } catch (error) {
        throw toGeminiProviderError(error, { signal: callOptions.signal, retryAfterMs: capture.retryAfterMs() });
      }
    },
  };
}
