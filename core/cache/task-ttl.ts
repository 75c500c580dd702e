// How long an answer stays useful depends on the work: an extraction or a summary of fixed text is
// as good next week, a creative draft should vary. CACHE_TASK_TTLS and a call's cache_ttl override.
import type { TaskType } from '../routing/classify-task.ts';

const HOUR = 3_600;
const DAY = 86_400;

/** Seconds; task types not listed use CACHE_TTL. */
export const DEFAULT_TASK_TTLS: Partial<Record<TaskType, number>> = {
  extraction: 7 * DAY,
  summarization: 7 * DAY,
  classification: 7 * DAY,
  translation: 7 * DAY,
  creative: HOUR,
};

export function ttlSecondsFor(options: { taskType: string | undefined; callTtlSeconds: number | undefined; defaultTtlSeconds: number; overrides: Record<string, number> }): number {
  if (options.callTtlSeconds !== undefined) return options.callTtlSeconds;
  const task = options.taskType;
  if (task !== undefined) {
    const configured = options.overrides[task] ?? DEFAULT_TASK_TTLS[task as TaskType];
    if (configured !== undefined) return configured;
  }
  return options.defaultTtlSeconds;
}
