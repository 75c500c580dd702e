// Splits a document into chunks that fit a token budget, for map-reduce jobs and vector indexes.
// Three strategies: "token" (fixed windows of tokens), "semantic" (paragraph, then sentence, then word
// boundaries; with the similarities of neighbouring sentences' embeddings, cuts at the largest drops)
// and "structural" (Markdown blocks kept whole, with the heading path of each chunk).
// Every chunk is an exact slice of the document (`text === document.slice(start, end)`), chunks
// cover the document in order, and no chunk has more than `chunkSize` tokens by the named tokenizer.
import type { ModelEntry, TokenizerName } from '../models/model-entry.ts';
import { markdownBlocks, type MarkdownBlock } from './markdown-blocks.ts';
import { CUT_STRENGTH, packChunks, type Units } from './pack-chunks.ts';
import { lineStarts, paragraphStarts, sentenceStarts, wordStarts, type SegmentFinder } from './segments.ts';
import { semanticSentenceStarts } from './sentence-similarity.ts';
import { boundaryIndexAtOrBefore, countTokensWith, tokenBoundaries, tokensBeforeOffset, type TokenBoundaries } from './token-boundaries.ts';

export const CHUNK_STRATEGIES = ['token', 'semantic', 'structural'] as const;
export type ChunkStrategy = (typeof CHUNK_STRATEGIES)[number];

/** Smallest chunk size accepted: one emoji alone can take several tokens. */
export const MIN_CHUNK_SIZE = 16;

export interface ChunkOptions {
  strategy: ChunkStrategy;
  chunkSize: number;
  chunkOverlap: number;
  /** Whose tokenizer measures the chunks; o200k_base when absent or unpublished. */
  model?: Pick<ModelEntry, 'tokenizer'> | undefined;
  /**
   * Semantic only: the similarity of each sentence of semanticSentenceStarts(text) to the next. The
   * less alike two neighbours are, the better the place to end a chunk between them.
   */
  sentenceSimilarities?: readonly number[] | undefined;
}

export interface DocumentChunk {
  index: number;
  text: string;
  start: number;
  end: number;
  tokens: number;
  heading_path?: string[];
}

export interface ChunkedDocument {
  chunks: DocumentChunk[];
  tokenizer: TokenizerName;
  total_tokens: number;
}

/** Estimates near the limit are checked exactly: the two ends of a span can tokenise differently alone. */
const ESTIMATE_SLACK = 8;

interface Finer {
  find: SegmentFinder;
  strength: number;
}

const PROSE_STEPS: Finer[] = [
  { find: sentenceStarts, strength: CUT_STRENGTH.sentence },
  { find: wordStarts, strength: CUT_STRENGTH.word },
];
const BLOCK_STEPS: Finer[] = [{ find: lineStarts, strength: CUT_STRENGTH.line }, ...PROSE_STEPS];

class UnitBuilder {
  readonly starts: number[] = [];
  readonly strengths: number[] = [];

  constructor(
    private readonly text: string,
    private readonly boundaries: TokenBoundaries,
    private readonly tokenizer: TokenizerName,
    private readonly chunkSize: number,
  ) {}

  /** Adds a span as one unit, or as finer units when it does not fit in a chunk. */
  add(start: number, end: number, strength: number, steps: readonly Finer[]): void {
    if (this.fits(start, end)) {
      this.push(start, strength);
      return;
    }
    const [step, ...rest] = steps;
    if (!step) {
      this.addTokens(start, end, strength);
      return;
    }
    const inner = step.find(this.text, start, end);
    if (inner.length === 0) {
      this.add(start, end, strength, rest);
      return;
    }
    let from = start;
    let fromStrength = strength;
    for (const at of [...inner, end]) {
      this.add(from, at, fromStrength, rest);
      from = at;
      fromStrength = step.strength;
    }
  }

  private fits(start: number, end: number): boolean {
    const estimate = tokensBeforeOffset(this.boundaries, end) - tokensBeforeOffset(this.boundaries, start);
    if (estimate > this.chunkSize + ESTIMATE_SLACK) return false;
    if (estimate <= this.chunkSize - ESTIMATE_SLACK) return true;
    return countTokensWith(this.tokenizer, this.text.slice(start, end)) <= this.chunkSize;
  }

  private addTokens(start: number, end: number, strength: number): void {
    this.push(start, strength);
    const { offsets } = this.boundaries;
    for (let index = boundaryIndexAtOrBefore(this.boundaries, start) + 1; index < offsets.length && offsets[index]! < end; index += 1) {
      this.push(offsets[index]!, CUT_STRENGTH.token);
    }
  }

  private push(start: number, strength: number): void {
    this.starts.push(start);
    this.strengths.push(strength);
  }

  units(): Units {
    const tokensBefore = new Int32Array(this.starts.length + 1);
    this.starts.forEach((start, index) => (tokensBefore[index] = tokensBeforeOffset(this.boundaries, start)));
    tokensBefore[this.starts.length] = this.boundaries.totalTokens;
    return { starts: this.starts, strengths: this.strengths, tokensBefore };
  }
}

function tokenUnits(boundaries: TokenBoundaries): Units {
  const count = boundaries.offsets.length - 1;
  return {
    starts: boundaries.offsets.subarray(0, count),
    strengths: new Uint8Array(count).fill(CUT_STRENGTH.token),
    tokensBefore: boundaries.tokensBefore,
  };
}

function semanticUnits(builder: UnitBuilder, text: string): void {
  let from = 0;
  for (const at of [...paragraphStarts(text, 0, text.length), text.length]) {
    builder.add(from, at, CUT_STRENGTH.block, PROSE_STEPS);
    from = at;
  }
}

/** Every sentence is a unit; the cut before it is as strong as its neighbours are unlike. */
function similarityUnits(builder: UnitBuilder, text: string, similarities: readonly number[]): void {
  const starts = semanticSentenceStarts(text);
  if (similarities.length !== starts.length - 1) throw new RangeError(`sentenceSimilarities has ${similarities.length} entries; the text has ${starts.length} sentences, so ${starts.length - 1} are needed`);
  starts.forEach((start, index) => {
    const similarity = index === 0 ? -1 : Math.min(1, Math.max(-1, similarities[index - 1]!));
    builder.add(start, starts[index + 1] ?? text.length, CUT_STRENGTH.block + (1 + similarity) / 2, PROSE_STEPS.slice(1));
  });
}

function structuralUnits(builder: UnitBuilder, text: string, blocks: readonly MarkdownBlock[]): void {
  let previous: MarkdownBlock | undefined;
  for (const block of blocks) {
    const strength = block.kind === 'heading' ? CUT_STRENGTH.heading : previous?.kind === 'heading' ? CUT_STRENGTH.word : CUT_STRENGTH.block;
    const contentEnd = block.start + text.slice(block.start, block.end).trimEnd().length;
    builder.add(block.start, Math.max(contentEnd, block.start + 1), strength, block.kind === 'paragraph' ? PROSE_STEPS : BLOCK_STEPS);
    if (contentEnd > block.start && contentEnd < block.end) builder.add(contentEnd, block.end, CUT_STRENGTH.token, []);
    previous = block;
  }
}

/** The titles of the headings in force at each offset, for offsets given in ascending order. */
function headingPaths(blocks: readonly MarkdownBlock[]): (offset: number) => string[] {
  const headings = blocks.filter((block) => block.kind === 'heading');
  const stack: { level: number; title: string }[] = [];
  let next = 0;
  return (offset) => {
    while (next < headings.length && headings[next]!.start <= offset) {
      const heading = headings[next]!;
      while (stack.length > 0 && stack[stack.length - 1]!.level >= heading.headingLevel!) stack.pop();
      stack.push({ level: heading.headingLevel!, title: heading.title! });
      next += 1;
    }
    return stack.map((entry) => entry.title);
  };
}

export function chunkDocument(text: string, options: ChunkOptions): ChunkedDocument {
  const { strategy, chunkSize, chunkOverlap } = options;
  if (!Number.isInteger(chunkSize) || chunkSize < MIN_CHUNK_SIZE) throw new RangeError(`chunkSize must be an integer of at least ${MIN_CHUNK_SIZE} tokens`);
  if (!Number.isInteger(chunkOverlap) || chunkOverlap < 0 || chunkOverlap > chunkSize / 2) {
    throw new RangeError('chunkOverlap must be an integer from 0 to half of chunkSize');
  }
  const tokenizer: TokenizerName = options.model?.tokenizer ?? 'o200k_base';
  if (text.length === 0) return { chunks: [], tokenizer, total_tokens: 0 };
  const boundaries = tokenBoundaries(tokenizer, text);
  const blocks = strategy === 'structural' ? markdownBlocks(text) : [];
  let units: Units;
  if (strategy === 'token') {
    units = tokenUnits(boundaries);
  } else {
    const builder = new UnitBuilder(text, boundaries, tokenizer, chunkSize);
    if (strategy === 'semantic' && options.sentenceSimilarities) similarityUnits(builder, text, options.sentenceSimilarities);
    else if (strategy === 'semantic') semanticUnits(builder, text);
    else structuralUnits(builder, text, blocks);
    units = builder.units();
  }
  const packed = packChunks(text, units, { chunkSize, chunkOverlap, countTokens: (slice) => countTokensWith(tokenizer, slice) });
  const pathAt = strategy === 'structural' ? headingPaths(blocks) : undefined;
  const chunks = packed.map((chunk, index): DocumentChunk => {
    const headingPath = pathAt?.(chunk.start);
    return { index, text: text.slice(chunk.start, chunk.end), start: chunk.start, end: chunk.end, tokens: chunk.tokens, ...(headingPath && headingPath.length > 0 ? { heading_path: headingPath } : {}) };
  });
  return { chunks, tokenizer, total_tokens: boundaries.totalTokens };
}
