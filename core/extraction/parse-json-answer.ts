// Models wrap JSON in prose or code fences often enough that a strict JSON.parse would waste a repair
// round: take the fenced block or the outermost object/array, then parse strictly.
export type ParsedAnswer = { ok: true; value: unknown } | { ok: false; error: string };

const FENCE = /```(?:json|JSON)?[^\S\n]*\n([\s\S]*?)\n?```/;

function candidate(answer: string): string {
  const fenced = FENCE.exec(answer);
  if (fenced) return fenced[1]!.trim();
  const trimmed = answer.trim();
  const starts = [trimmed.indexOf('{'), trimmed.indexOf('[')].filter((index) => index >= 0);
  if (starts.length === 0) return trimmed;
  const start = Math.min(...starts);
  const end = Math.max(trimmed.lastIndexOf('}'), trimmed.lastIndexOf(']'));
  return end > start ? trimmed.slice(start, end + 1) : trimmed.slice(start);
}

export function parseJsonAnswer(answer: string): ParsedAnswer {
  const text = candidate(answer);
  if (text.length === 0) return { ok: false, error: 'the answer was empty: reply with a JSON value' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: `the answer is not valid JSON (${(error as Error).message})` };
  }
}
