// Reads the JSON the entity and question-answer prompts ask for. Models wrap JSON in code fences or
// prose now and then; those are tolerated, anything else is reported as unreadable, never guessed.
import { z } from 'zod';

const entitySchema = z.object({
  name: z.string().trim().min(1),
  type: z.string().trim().min(1),
  mentions: z.coerce.number().int().min(0).catch(1),
});
const entitiesAnswerSchema = z.object({ entities: z.array(z.unknown()) });

const qaPairSchema = z.object({
  question: z.string().trim().min(1),
  answer: z.string().trim().min(1),
  source_quote: z.string().optional().catch(undefined),
});
const qaAnswerSchema = z.object({ qa_pairs: z.array(z.unknown()) });

export type ExtractedEntity = z.infer<typeof entitySchema>;
export type QaPair = z.infer<typeof qaPairSchema>;

export class UnreadableAnswerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableAnswerError';
  }
}

function jsonObjectIn(text: string): unknown {
  const unfenced = text.replace(/^\s*```(?:json)?\s*\n?/i, '').replace(/\n?```\s*$/, '');
  try {
    return JSON.parse(unfenced);
  } catch {
    const first = unfenced.indexOf('{');
    const last = unfenced.lastIndexOf('}');
    if (first !== -1 && last > first) {
      try {
        return JSON.parse(unfenced.slice(first, last + 1));
      } catch {
        // reported below
      }
    }
  }
  throw new UnreadableAnswerError(`the model did not answer with JSON: ${JSON.stringify(text.slice(0, 120))}`);
}

/** Entities of one answer; malformed entries are dropped, a malformed answer throws. */
export function parseEntitiesAnswer(text: string): ExtractedEntity[] {
  const answer = entitiesAnswerSchema.safeParse(jsonObjectIn(text));
  if (!answer.success) throw new UnreadableAnswerError('the model\'s JSON has no "entities" array');
  return answer.data.entities.flatMap((entry) => {
    const entity = entitySchema.safeParse(entry);
    return entity.success ? [entity.data] : [];
  });
}

/** Pairs of one answer; a source_quote that is not in `source` verbatim is dropped rather than trusted. */
export function parseQaAnswer(text: string, source: string): QaPair[] {
  const answer = qaAnswerSchema.safeParse(jsonObjectIn(text));
  if (!answer.success) throw new UnreadableAnswerError('the model\'s JSON has no "qa_pairs" array');
  return answer.data.qa_pairs.flatMap((entry) => {
    const pair = qaPairSchema.safeParse(entry);
    if (!pair.success) return [];
    const { source_quote: quote, ...rest } = pair.data;
    return [quote && quote.trim().length > 0 && source.includes(quote.trim()) ? { ...rest, source_quote: quote.trim() } : rest];
  });
}
