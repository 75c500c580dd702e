// Reads a judge's reply: the JSON object (inside a code fence or prose if need be), repaired when it is
// malformed (jsonrepair), then validated; every labelled answer must be scored exactly once.
import { jsonrepair } from 'jsonrepair';
import { z } from 'zod';
import type { JudgementParse } from './types.ts';

export const judgeReplySchema = z.object({
  scores: z
    .array(
      z.object({
        answer: z.string().trim().min(1).describe('Label of the answer, such as "A"'),
        score: z.number().min(0).max(10),
        feedback: z.string().default(''),
      }),
    )
    .min(1),
});

/** What the judge is asked to reply with, shown in its prompt. */
export const JUDGE_REPLY_FORMAT = '{"scores": [{"answer": "A", "score": 0-10, "feedback": "one or two sentences"}, ...]}';

function candidateJson(text: string): string {
  const fenced = /```(?:json)?\s*\n([\s\S]*?)```/.exec(text);
  if (fenced) return fenced[1]!;
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  return start >= 0 && end > start ? text.slice(start, end + 1) : text;
}

function parseJson(text: string): { value?: unknown; repaired: boolean } {
  try {
    return { value: JSON.parse(text), repaired: false };
  } catch {
    try {
      return { value: JSON.parse(jsonrepair(text)), repaired: true };
    } catch {
      return { repaired: false };
    }
  }
}

export function parseJudgeReply(text: string, labels: string[]): JudgementParse {
  const candidate = candidateJson(text);
  const parsed = parseJson(candidate);
  if (parsed.value === undefined) return { ok: false, error: 'the reply is not JSON and could not be repaired into JSON' };
  const checked = judgeReplySchema.safeParse(parsed.value);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    return { ok: false, error: `the JSON does not match the format: ${issue.path.join('.') || 'reply'}: ${issue.message}` };
  }
  const byLabel = new Map<string, { score: number; feedback: string }>();
  for (const entry of checked.data.scores) {
    const label = entry.answer.replace(/^answer\s+/i, '').toUpperCase();
    if (!labels.includes(label)) return { ok: false, error: `scores names answer "${entry.answer}", but the answers are ${labels.join(', ')}` };
    if (byLabel.has(label)) return { ok: false, error: `answer ${label} is scored twice` };
    byLabel.set(label, { score: entry.score, feedback: entry.feedback });
  }
  const missing = labels.filter((label) => !byLabel.has(label));
  if (missing.length > 0) return { ok: false, error: `answers ${missing.join(', ')} have no score` };
  return { ok: true, repaired: parsed.repaired, verdicts: labels.map((label) => ({ label, ...byLabel.get(label)! })) };
}
