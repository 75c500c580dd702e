import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { countTokens as countCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { chunkDocument, CHUNK_STRATEGIES, type ChunkedDocument } from '../../../../core/chunking/chunk-document.ts';
import { semanticSentenceStarts } from '../../../../core/chunking/sentence-similarity.ts';

const fixture = (name: string): string => readFileSync(new URL(`../../../fixtures/documents/${name}`, import.meta.url), 'utf8');
const DOCUMENTS = {
  markdown: fixture('markdown-ioredis.md'),
  cjk: fixture('cjk-ordered-map.zh-CN.md'),
  emoji: fixture('emoji-json-pack.md'),
  prose: fixture('prose-apache-license.txt'),
};
const SIZES = [
  { chunkSize: 64, chunkOverlap: 0 },
  { chunkSize: 200, chunkOverlap: 40 },
  { chunkSize: 1000, chunkOverlap: 100 },
];
const plain = { disallowedSpecial: new Set<string>() };
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function assertInvariants(text: string, result: ChunkedDocument, chunkSize: number, count: (text: string) => number): void {
  const { chunks } = result;
  assert.ok(chunks.length > 0);
  assert.equal(chunks[0]!.start, 0, 'the first chunk starts the document');
  assert.equal(chunks.at(-1)!.end, text.length, 'the last chunk ends the document');
  chunks.forEach((chunk, index) => {
    assert.equal(chunk.index, index);
    assert.equal(text.slice(chunk.start, chunk.end), chunk.text, `chunk ${index} is the slice it names`);
    assert.doesNotMatch(chunk.text, LONE_SURROGATE, `chunk ${index} cuts a character in half`);
    assert.equal(chunk.tokens, count(chunk.text), `chunk ${index} reports its exact token count`);
    assert.ok(chunk.tokens <= chunkSize, `chunk ${index} has ${chunk.tokens} tokens, over ${chunkSize}`);
    const next = chunks[index + 1];
    if (next) {
      assert.ok(next.start > chunk.start, `chunk ${index + 1} starts after chunk ${index}`);
      assert.ok(next.start <= chunk.end, `no gap between chunk ${index} and ${index + 1}`);
      assert.ok(next.end > chunk.end, `chunk ${index + 1} goes further than chunk ${index}`);
    }
  });
  assert.equal(result.total_tokens, count(text));
}

describe('chunkDocument invariants on real documents', () => {
  for (const [name, text] of Object.entries(DOCUMENTS)) {
    for (const strategy of CHUNK_STRATEGIES) {
      for (const { chunkSize, chunkOverlap } of SIZES) {
        it(`${name}, ${strategy}, ${chunkSize}/${chunkOverlap}: exact slices, within the size, in order, covering everything`, () => {
          const result = chunkDocument(text, { strategy, chunkSize, chunkOverlap });
          assert.equal(result.tokenizer, 'o200k_base');
          assertInvariants(text, result, chunkSize, (slice) => countO200k(slice, plain));
        });
      }
    }
  }

  it('measures with the model’s own tokenizer', () => {
    const result = chunkDocument(DOCUMENTS.markdown, { strategy: 'structural', chunkSize: 300, chunkOverlap: 30, model: { tokenizer: 'cl100k_base' } });
    assert.equal(result.tokenizer, 'cl100k_base');
    assertInvariants(DOCUMENTS.markdown, result, 300, (slice) => countCl100k(slice, plain));
  });
});

describe('semantic strategy with sentence similarities', () => {
  /** Deterministic similarities in [-1, 1], different for every neighbouring pair. */
  const similaritiesOf = (text: string): number[] => semanticSentenceStarts(text).slice(1).map((_, index) => Math.sin(index * 12.9898) * 0.999);

  for (const [name, text] of Object.entries(DOCUMENTS)) {
    for (const { chunkSize, chunkOverlap } of SIZES) {
      it(`${name}, ${chunkSize}/${chunkOverlap}: the invariants hold`, () => {
        const result = chunkDocument(text, { strategy: 'semantic', chunkSize, chunkOverlap, sentenceSimilarities: similaritiesOf(text) });
        assertInvariants(text, result, chunkSize, (slice) => countO200k(slice, plain));
      });
    }
  }

  it('ends a chunk at the least similar pair of sentences, not at the last one that fits', () => {
    const text = Array.from({ length: 12 }, (_, index) => `Sentence number ${index} says a little.`).join(' ');
    const starts = semanticSentenceStarts(text);
    assert.equal(starts.length, 12);
    const similarities = starts.slice(1).map((_, index) => (index === 6 ? 0.1 : 0.9));
    const plainCut = chunkDocument(text, { strategy: 'semantic', chunkSize: 80, chunkOverlap: 0 }).chunks[0]!;
    assert.equal(plainCut.end, starts[9], 'sentence boundaries alone: the last sentence that fits');
    const { chunks } = chunkDocument(text, { strategy: 'semantic', chunkSize: 80, chunkOverlap: 0, sentenceSimilarities: similarities });
    assert.equal(chunks[0]!.end, starts[7], 'the cut falls between sentences 6 and 7');
  });

  it('refuses similarities that do not match the sentences', () => {
    assert.throws(() => chunkDocument('One. Two. Three.', { strategy: 'semantic', chunkSize: 64, chunkOverlap: 0, sentenceSimilarities: [0.5] }), /3 sentences, so 2 are needed/);
  });
});

describe('token strategy', () => {
  it('fills each window and overlaps the next by about chunk_overlap tokens', () => {
    const { chunks } = chunkDocument(DOCUMENTS.prose, { strategy: 'token', chunkSize: 128, chunkOverlap: 32 });
    for (const [index, chunk] of chunks.slice(0, -1).entries()) {
      assert.ok(chunk.tokens >= 124, `chunk ${index} holds ${chunk.tokens} of 128 tokens`);
      const shared = countO200k(DOCUMENTS.prose.slice(chunks[index + 1]!.start, chunk.end), plain);
      assert.ok(shared >= 28 && shared <= 33, `chunks ${index} and ${index + 1} share ${shared} tokens`);
    }
  });

  it('never cuts an emoji or a CJK character into its byte tokens', () => {
    const text = '🚀👨‍👩‍👧 文档分块测试。'.repeat(300);
    const { chunks } = chunkDocument(text, { strategy: 'token', chunkSize: 16, chunkOverlap: 0 });
    assert.ok(chunks.length > 50);
    for (const chunk of chunks) assert.ok(!LONE_SURROGATE.test(chunk.text) && !chunk.text.includes('\uFFFD'));
  });
});

describe('semantic strategy', () => {
  it('ends chunks at sentence or paragraph ends when sentences fit', () => {
    const text = DOCUMENTS.prose;
    const { chunks } = chunkDocument(text, { strategy: 'semantic', chunkSize: 400, chunkOverlap: 0 });
    assert.ok(chunks.length > 5);
    for (const chunk of chunks.slice(0, -1)) {
      assert.match(chunk.text, /(?:[.!?;:]["')\]]*\s+|\n[ \t]*\n\s*)$/, `chunk ends mid-sentence: …${JSON.stringify(chunk.text.slice(-60))}`);
    }
  });

  it('splits Chinese at 。！？ when a paragraph is too long', () => {
    const sentence = '这是一个用于测试语义分块的中文句子，它应该在句号处被切开。';
    const text = sentence.repeat(40);
    const { chunks } = chunkDocument(text, { strategy: 'semantic', chunkSize: 100, chunkOverlap: 0 });
    assert.ok(chunks.length > 3);
    for (const chunk of chunks) assert.ok(chunk.text.endsWith('。'), chunk.text.slice(-10));
  });
});

describe('structural strategy', () => {
  const guide = [
    '# Guide\n\nIntro paragraph that explains the guide.\n\n',
    '## Install\n\nRun the installer.\n\n```sh\nnpm install example\nnpm test\n```\n\n',
    '## Use\n\n| option | meaning |\n|---|---|\n| a | first |\n| b | second |\n\n',
    '### Details\n\n- first item with text\n  continued on a second line\n- second item\n\n',
    '# Appendix\n\nThe end.\n',
  ].join('');

  it('records the heading path of each chunk', () => {
    const { chunks } = chunkDocument(guide, { strategy: 'structural', chunkSize: 16, chunkOverlap: 0 });
    const pathOf = (opening: string): string[] | undefined => chunks.find((chunk) => chunk.text.startsWith(opening))?.heading_path;
    assert.deepEqual(pathOf('# Guide'), ['Guide']);
    assert.deepEqual(pathOf('```sh'), ['Guide', 'Install']);
    assert.deepEqual(pathOf('| a | first'), ['Guide', 'Use']);
    assert.deepEqual(pathOf('### Details'), ['Guide', 'Use', 'Details']);
    const longer = chunkDocument(guide.replace('The end.\n', 'The end. '.repeat(30)), { strategy: 'structural', chunkSize: 40, chunkOverlap: 0 });
    assert.deepEqual(longer.chunks.find((chunk) => chunk.text.startsWith('# Appendix'))?.heading_path, ['Appendix']);
  });

  it('keeps code fences, tables and list items whole, and starts chunks at headings', () => {
    const { chunks } = chunkDocument(guide, { strategy: 'structural', chunkSize: 40, chunkOverlap: 0 });
    const texts = chunks.map((chunk) => chunk.text);
    assert.ok(texts.some((text) => text.includes('```sh\nnpm install example\nnpm test\n```')));
    assert.ok(texts.some((text) => text.includes('| a | first |\n| b | second |')));
    assert.ok(texts.some((text) => text.includes('- first item with text\n  continued on a second line')));
    for (const text of texts) assert.match(text, /^#/, `a chunk starts outside a heading: ${JSON.stringify(text.slice(0, 40))}`);
  });

  it('never leaves a code fence open in a real README unless the fence alone is too long', () => {
    const text = DOCUMENTS.markdown;
    for (const chunkSize of [120, 400]) {
      const { chunks } = chunkDocument(text, { strategy: 'structural', chunkSize, chunkOverlap: 20 });
      const oversized = [...text.matchAll(/^```[\s\S]*?^```$/gm)].filter((fence) => countO200k(fence[0], plain) > chunkSize);
      for (const chunk of chunks) {
        const fences = chunk.text.match(/^```/gm)?.length ?? 0;
        const insideOversized = oversized.some((fence) => chunk.start < fence.index + fence[0].length && chunk.end > fence.index);
        if (!insideOversized) assert.equal(fences % 2, 0, `chunk ${chunk.index} at ${chunk.start} splits a code fence`);
      }
    }
  });

  it('splits a fence that alone exceeds the size at line ends', () => {
    const code = '```js\n' + Array.from({ length: 200 }, (_, line) => `const value${line} = compute(${line});\n`).join('') + '```\n';
    const { chunks } = chunkDocument(code, { strategy: 'structural', chunkSize: 100, chunkOverlap: 0 });
    assert.ok(chunks.length > 5);
    for (const chunk of chunks.slice(0, -1)) assert.ok(chunk.text.endsWith('\n'));
  });
});

describe('bad options', () => {
  it('refuses a chunk size below 16 and an overlap over half the size', () => {
    assert.throws(() => chunkDocument('text', { strategy: 'token', chunkSize: 4, chunkOverlap: 0 }), /chunkSize must be an integer of at least 16/);
    assert.throws(() => chunkDocument('text', { strategy: 'token', chunkSize: 100, chunkOverlap: 60 }), /chunkOverlap must be an integer from 0 to half/);
  });

  it('answers no chunks for an empty text', () => {
    assert.deepEqual(chunkDocument('', { strategy: 'semantic', chunkSize: 100, chunkOverlap: 10 }).chunks, []);
  });
});
