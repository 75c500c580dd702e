// The prompts the document tools send, as pure functions: the activities build every request from
// them, and the economics benchmark counts the tokens of exactly these prompts.
import type { ChatMessage } from '../providers/types.ts';

export const SUMMARY_FORMATS = ['paragraph', 'bullets', 'key_points'] as const;
export type SummaryFormat = (typeof SUMMARY_FORMATS)[number];

export interface DocumentPrompt {
  system: string;
  messages: ChatMessage[];
  /** Output budget the request asks for. */
  maxTokens: number;
  responseFormat?: 'json';
}

export interface SummaryOptions {
  format: SummaryFormat;
  maxWords?: number | undefined;
  focus?: string | undefined;
}

/** Words of each chunk's partial summary: enough to keep facts, short enough that reduction converges. */
export function partialSummaryWords(chunkTokens: number): number {
  return Math.max(40, Math.min(400, Math.round(chunkTokens / 8)));
}

/** Output tokens to allow for a text of `words` words (about 1.35 tokens a word, plus markup). */
export function tokensForWords(words: number): number {
  return Math.ceil(words * 1.5) + 32;
}

const FORMAT_RULES: Record<SummaryFormat, string> = {
  paragraph: 'Write flowing prose in one or more paragraphs.',
  bullets: 'Write a bulleted list, one point per line starting with "- ".',
  key_points: 'Write the key points as a numbered list, most important first.',
};

const SUMMARY_SYSTEM = 'You summarise documents faithfully. Use only facts stated in the text; never add information.';

function focusLine(focus: string | undefined): string {
  return focus ? `Focus on: ${focus}\n` : '';
}

/** One call for a document that fits. */
export function wholeSummaryPrompt(text: string, options: SummaryOptions): DocumentPrompt {
  const words = options.maxWords ?? 250;
  return {
    system: SUMMARY_SYSTEM,
    messages: [{ role: 'user', content: `Summarise the document below in at most ${words} words.\n${focusLine(options.focus)}${FORMAT_RULES[options.format]}\n\n<document>\n${text}\n</document>` }],
    maxTokens: tokensForWords(words),
  };
}

/** The map step: one chunk of a longer document. */
export function chunkSummaryPrompt(text: string, part: { index: number; count: number; tokens: number }, options: Pick<SummaryOptions, 'focus'>): DocumentPrompt {
  const words = partialSummaryWords(part.tokens);
  return {
    system: SUMMARY_SYSTEM,
    messages: [
      {
        role: 'user',
        content: `This is part ${part.index + 1} of ${part.count} of a longer document. Summarise this part in at most ${words} words, keeping names, numbers and conclusions.\n${focusLine(options.focus)}\n<document_part>\n${text}\n</document_part>`,
      },
    ],
    maxTokens: tokensForWords(words),
  };
}

/** The reduce step: partial summaries, in document order, merged into one (final or intermediate). */
export function reduceSummaryPrompt(partials: readonly string[], options: SummaryOptions & { final: boolean }): DocumentPrompt {
  const words = options.final ? (options.maxWords ?? 250) : partialSummaryWords(partials.join(' ').length / 4);
  const listing = partials.map((partial, index) => `<summary part="${index + 1}">\n${partial}\n</summary>`).join('\n');
  const rules = options.final ? FORMAT_RULES[options.format] : 'Write plain prose.';
  return {
    system: SUMMARY_SYSTEM,
    messages: [
      {
        role: 'user',
        content: `Below are summaries of consecutive parts of one document, in order. Combine them into a single summary of at most ${words} words, without repeating points.\n${focusLine(options.focus)}${rules}\n\n${listing}`,
      },
    ],
    maxTokens: tokensForWords(words),
  };
}

export function entitiesPrompt(text: string, entityTypes: readonly string[] | undefined): DocumentPrompt {
  const types = entityTypes && entityTypes.length > 0 ? entityTypes.join(', ') : 'person, organization, location, date, product, event';
  return {
    system: 'You extract named entities from text and answer with JSON only.',
    messages: [
      {
        role: 'user',
        content: `List the named entities in the text below, of these types: ${types}. Answer with one JSON object {"entities": [{"name": string, "type": string, "mentions": number}]} where mentions counts how often the entity occurs in this text. Use each entity's fullest name.\n\n<text>\n${text}\n</text>`,
      },
    ],
    maxTokens: 2000,
    responseFormat: 'json',
  };
}

export function qaPairsPrompt(text: string, count: number): DocumentPrompt {
  return {
    system: 'You write question-answer pairs that test understanding of a text, and answer with JSON only.',
    messages: [
      {
        role: 'user',
        content: `Write ${count} question-answer pairs about the text below. Each answer must be supported by the text; source_quote is a short passage copied exactly from the text. Answer with one JSON object {"qa_pairs": [{"question": string, "answer": string, "source_quote": string}]}.\n\n<text>\n${text}\n</text>`,
      },
    ],
    maxTokens: 120 * count + 200,
    responseFormat: 'json',
  };
}
