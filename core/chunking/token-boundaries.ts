// Where a document's tokens begin, as character offsets. Chunk sizes are measured in the tokens of a
// named tokenizer, so every cut must be known in tokens; a token can end inside a character (one
// emoji or CJK character may take several byte-level tokens), so only offsets where a token ends on a
// whole character are kept as places a chunk may start or end.
import * as cl100k from 'gpt-tokenizer/encoding/cl100k_base';
import * as o200k from 'gpt-tokenizer/encoding/o200k_base';
import type { TokenizerName } from '../models/model-entry.ts';

/** Text that looks like a special token (`<|endoftext|>`) is counted as the plain text it is. */
const AS_PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

const ENCODINGS = { o200k_base: o200k, cl100k_base: cl100k } as const;

export interface TokenBoundaries {
  /** Character offsets where a token starts on a whole character, ascending; the last is text.length. */
  offsets: Int32Array;
  /** For each offset, how many tokens come before it. */
  tokensBefore: Int32Array;
  totalTokens: number;
}

export function countTokensWith(tokenizer: TokenizerName, text: string): number {
  return text.length === 0 ? 0 : ENCODINGS[tokenizer].countTokens(text, AS_PLAIN_TEXT);
}

export function tokenBoundaries(tokenizer: TokenizerName, text: string): TokenBoundaries {
  const encoding = ENCODINGS[tokenizer];
  const tokens = encoding.encode(text, AS_PLAIN_TEXT);
  const offsets = new Int32Array(tokens.length + 1);
  const tokensBefore = new Int32Array(tokens.length + 1);
  let consumed = 0;
  function* counted(): Generator<number> {
    for (const token of tokens) {
      consumed += 1;
      yield token;
    }
  }
  // decodeGenerator yields only once the bytes read so far form whole characters.
  let count = 1;
  let offset = 0;
  for (const piece of encoding.decodeGenerator(counted())) {
    offset += piece.length;
    offsets[count] = offset;
    tokensBefore[count] = consumed;
    count += 1;
  }
  if (offset !== text.length) throw new Error(`tokenizer round trip changed the text length (${offset} ≠ ${text.length})`);
  return { offsets: offsets.subarray(0, count), tokensBefore: tokensBefore.subarray(0, count), totalTokens: tokens.length };
}

/** Index of the last boundary at or before `offset`. */
export function boundaryIndexAtOrBefore(boundaries: TokenBoundaries, offset: number): number {
  const { offsets } = boundaries;
  let low = 0;
  let high = offsets.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if (offsets[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** Tokens before `offset`, counting a token that straddles it as after it. */
export function tokensBeforeOffset(boundaries: TokenBoundaries, offset: number): number {
  return boundaries.tokensBefore[boundaryIndexAtOrBefore(boundaries, offset)]!;
}
