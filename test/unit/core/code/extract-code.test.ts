import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractCode } from '../../../../core/code/extract-code.ts';

describe('extractCode', () => {
  it('takes fenced blocks with their languages and picks the wanted one', () => {
    const text = 'Here is the plan:\n```bash\npip install x\n```\nAnd the code:\n```py\ndef add(a, b):\n    return a + b\n```\nDone.';
    const result = extractCode(text, 'python');
    assert.equal(result.code, 'def add(a, b):\n    return a + b');
    assert.equal(result.language, 'python');
    assert.deepEqual(result.blocks.map((block) => block.language), ['bash', 'python']);
    assert.equal(extractCode(text).code, 'pip install x');
  });

  it('reads tilde fences, longer fences containing backticks, and a fence cut off at the end', () => {
    assert.equal(extractCode('~~~js\nconst a = 1;\n~~~').code, 'const a = 1;');
    assert.equal(extractCode('````md\n```js\nx\n```\n````').code, '```js\nx\n```');
    assert.equal(extractCode('Answer:\n```typescript\nexport const a: number = 1;').code, 'export const a: number = 1;');
  });

  it('falls back to indented blocks when there is no fence', () => {
    const result = extractCode('Use this:\n\n    for i in range(3):\n        print(i)\n\nThat prints three lines.', 'python');
    assert.equal(result.code, 'for i in range(3):\n    print(i)');
    assert.deepEqual(result.blocks, [{ language: null, code: 'for i in range(3):\n    print(i)' }]);
  });

  it('answers an empty code and no blocks for plain prose', () => {
    assert.deepEqual(extractCode('No code here, just words.'), { code: '', language: null, blocks: [] });
  });
});
