// Gemini finish reasons to the unified set; the adapter keeps the raw value beside it.
import type { FinishReason } from '../types.ts';

const CONTENT_FILTER_REASONS: ReadonlySet<string> = new Set(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY']);

export function mapGeminiFinishReason(reason: string | null | undefined): FinishReason {
  if (reason === 'STOP') return 'stop';
  if (reason === 'MAX_TOKENS') return 'length';
  if (reason && CONTENT_FILTER_REASONS.has(reason)) return 'content_filter';
  return 'other';
}
