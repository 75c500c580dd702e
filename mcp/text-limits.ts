// How much text each field may carry, measured the way it travels: UTF-8 bytes of its JSON form (a
// job's input goes to Temporal as JSON, under its 2 MB payload limit). A field's advertised
// maxLength is the same number, so any text a schema admits also fits the job it starts.
import { z } from 'zod';

/** Temporal refuses payloads over 2 MB; this leaves room for the memo and the envelope. */
export const MAX_JOB_INPUT_BYTES = 1_900_000;

export const TEXT_LIMITS = {
  /** A prompt for a completion job (with the system prompt, well within a job's input). */
  prompt: 1_000_000,
  system: 200_000,
  /** compare_and_synthesize carries its prompt twice: to the models and to the synthesizer. */
  synthesisPrompt: 800_000,
  /** All messages of a conversation together, so that they and a system prompt fit one job. */
  conversation: 1_600_000,
  /** delegate_task: task and input together stay under a job's input. */
  task: 200_000,
  taskInput: 1_500_000,
  /** Tools that only count tokens (no job): bounded by what counting and an HTTP body allow. */
  countedPrompt: 5_000_000,
} as const;

/** UTF-8 bytes of a text once JSON-encoded (quotes excluded): what it adds to a request or a job. */
export function jsonTextBytes(text: string): number {
  return Buffer.byteLength(JSON.stringify(text), 'utf8') - 2;
}

function tooLong(bytes: number, limit: number): string {
  return `must be at most ${limit} bytes (UTF-8, JSON-escaped); this one is ${bytes}`;
}

/** A string of at most `limit` characters and `limit` bytes (UTF-8, JSON-escaped). */
export function boundedText(limit: number) {
  return z
    .string()
    .max(limit, { abort: true, message: `must be at most ${limit} characters (and ${limit} bytes as UTF-8 JSON)` })
    .superRefine((text, context) => {
      const bytes = jsonTextBytes(text);
      if (bytes > limit) context.addIssue({ code: 'custom', message: tooLong(bytes, limit) });
    });
}

/** Checks the sum of the messages' contents, for a `messages` array. */
export function withinConversationLimit(limit: number) {
  return (messages: ReadonlyArray<{ content: string }>, context: z.RefinementCtx) => {
    const bytes = messages.reduce((sum, message) => sum + jsonTextBytes(message.content), 0);
    if (bytes > limit) context.addIssue({ code: 'custom', message: `the messages' contents together ${tooLong(bytes, limit)}` });
  };
}
