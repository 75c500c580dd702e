// The local text tools through a real MCP client: each one's answer on ordinary input, and a clear
// error naming the problem on bad input, including a pattern that would backtrack for minutes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts';
import { useIntegrationSuite } from '../support/integration-suite.ts';

const suite = useIntegrationSuite('text');
let gateway: TestGateway;

describe('local text tools', () => {
  before(async () => {
    gateway = await startTestGateway({ temporalAddress: suite.temporal.address, environment: { OPENAI_API_KEY: 'sk-test-key-123456', OPENAI_BASE_URL: suite.simulator.openaiBaseUrl } });
  });
  after(async () => gateway?.close());

  it('clean_text turns HTML into tidy plain text', async () => {
    const { structured, isError } = await gateway.call('clean_text', { text: '<p>Hello&nbsp;<b>world</b></p>\u200B\u0007   <p>ﬁne   day</p>' });
    assert.equal(isError, false);
    assert.equal(structured.text, 'Hello world\n\nfine day');
  });

  it('clean_text applies only the steps asked for', async () => {
    const { structured } = await gateway.call('clean_text', { text: '  a \t b  <i>x</i>', operations: ['whitespace'] });
    assert.equal(structured.text, 'a b <i>x</i>');
  });

  it('text_stats counts words, sentences, paragraphs and tokens', async () => {
    const { structured, isError } = await gateway.call('text_stats', { text: 'One two three. Four five!\n\nSix seven eight nine ten?', model: 'gpt-4o-mini' });
    assert.equal(isError, false);
    assert.equal(structured.words, 10);
    assert.equal(structured.sentences, 3);
    assert.equal(structured.paragraphs, 2);
    assert.equal(structured.token_count_method, 'exact');
    assert.ok((structured.tokens as number) >= 10 && (structured.tokens as number) <= 20);
  });

  it('text_stats counts with o200k_base when no model is named', async () => {
    const { structured } = await gateway.call('text_stats', { text: 'hello world' });
    assert.equal(structured.model, 'o200k_base');
    assert.equal(structured.tokens, 2);
  });

  it('text_stats names an unknown model', async () => {
    const { isError, text } = await gateway.call('text_stats', { text: 'hi', model: 'no-such-model-xyz' });
    assert.equal(isError, true);
    assert.match(text, /no-such-model-xyz/);
  });

  it('regex_extract returns matches with groups, and respects max_matches', async () => {
    const { structured } = await gateway.call('regex_extract', { text: 'a=1, b=22, c=333', pattern: '(?<key>\\w)=(\\d+)', max_matches: 2 });
    assert.equal(structured.count, 2);
    assert.equal(structured.truncated, true);
    assert.deepEqual(structured.matches, [
      { match: 'a=1', index: 0, groups: ['a', '1'], named_groups: { key: 'a' } },
      { match: 'b=22', index: 5, groups: ['b', '22'], named_groups: { key: 'b' } },
    ]);
  });

  it('regex_extract names an invalid pattern and bad flags', async () => {
    const bad = await gateway.call('regex_extract', { text: 'x', pattern: '(unclosed' });
    assert.equal(bad.isError, true);
    assert.match(bad.text, /pattern: .*(Unterminated group|unclosed)/i);
    const flags = await gateway.call('regex_extract', { text: 'x', pattern: 'x', flags: 'ix' });
    assert.equal(flags.isError, true);
    assert.match(flags.text, /flags/);
  });

  it('regex_extract stops a catastrophically backtracking pattern within its bound, and the gateway stays responsive', async () => {
    const started = Date.now();
    const { isError, text } = await gateway.call('regex_extract', { text: `${'a'.repeat(40)}!`, pattern: '^(a+)+$' });
    const elapsed = Date.now() - started;
    assert.equal(isError, true);
    assert.match(text, /longer than 2 s .*backtrack/);
    assert.ok(elapsed < 20_000, `answered after ${elapsed} ms`);
    const after = await gateway.call('regex_extract', { text: 'still here', pattern: 'here' });
    assert.equal(after.structured.count, 1);
  });

  it('diff_text gives a unified line diff and marked words', async () => {
    const lines = await gateway.call('diff_text', { original: 'one\ntwo\nthree\n', modified: 'one\n2\nthree\n' });
    assert.equal(lines.structured.identical, false);
    assert.match(lines.structured.diff as string, /--- original\n\+\+\+ modified\n@@ -1,3 \+1,3 @@\n one\n-two\n\+2\n three/);
    const words = await gateway.call('diff_text', { original: 'the quick fox', modified: 'the slow fox', level: 'word' });
    assert.equal(words.structured.diff, 'the [-quick-]{+slow+} fox');
    const same = await gateway.call('diff_text', { original: 'a', modified: 'a' });
    assert.deepEqual(same.structured, { diff: '', identical: true, added: 0, removed: 0 });
  });

  it('query_json evaluates JMESPath and names bad JSON or a bad query', async () => {
    const json = JSON.stringify({ items: [{ name: 'pen', price: 2 }, { name: 'lamp', price: 30 }] });
    const { structured } = await gateway.call('query_json', { json, query: 'items[?price > `10`].name' });
    assert.deepEqual(structured.result, ['lamp']);
    const badJson = await gateway.call('query_json', { json: '{"a":', query: 'a' });
    assert.equal(badJson.isError, true);
    assert.match(badJson.text, /json is not valid JSON/);
    const badQuery = await gateway.call('query_json', { json, query: 'items[?' });
    assert.equal(badQuery.isError, true);
    assert.match(badQuery.text, /query is not a valid JMESPath/);
  });

  it('convert_format goes CSV → Markdown → YAML → JSON and back without loss', async () => {
    const csv = 'name,qty\npen,2\n"lamp, desk",1\n';
    const markdown = await gateway.call('convert_format', { content: csv, from: 'csv', to: 'markdown' });
    assert.equal(markdown.structured.content, '| name | qty |\n| --- | --- |\n| pen | 2 |\n| lamp, desk | 1 |\n');
    const yaml = await gateway.call('convert_format', { content: markdown.structured.content, from: 'markdown', to: 'yaml' });
    assert.match(yaml.structured.content as string, /- name: pen\n {2}qty: "2"\n- name: lamp, desk/);
    const json = await gateway.call('convert_format', { content: yaml.structured.content, from: 'yaml', to: 'json' });
    assert.deepEqual(JSON.parse(json.structured.content as string), [{ name: 'pen', qty: '2' }, { name: 'lamp, desk', qty: '1' }]);
    const back = await gateway.call('convert_format', { content: json.structured.content, from: 'json', to: 'csv' });
    assert.equal(back.structured.content, 'name,qty\npen,2\n"lamp, desk",1\n');
  });

  it('convert_format names malformed content and a value that is not a table', async () => {
    const bad = await gateway.call('convert_format', { content: 'a: [1, 2', from: 'yaml', to: 'json' });
    assert.equal(bad.isError, true);
    assert.match(bad.text, /content is not valid yaml/);
    const scalar = await gateway.call('convert_format', { content: '42', from: 'json', to: 'csv' });
    assert.equal(scalar.isError, true);
    assert.match(scalar.text, /csv needs a table/);
    const format = await gateway.call('convert_format', { content: 'x', from: 'xml', to: 'json' });
    assert.equal(format.isError, true);
    assert.match(format.text, /from/);
  });

  it('convert_format and query_json refuse content nested too deep to parse, and the gateway carries on', async () => {
    // A YAML parser recursing 2,000 levels can exhaust the stack inside the engine and end the process.
    for (const [content, from] of [[`${'- '.repeat(2_000)}x`, 'yaml'], [`${'['.repeat(5_000)}${']'.repeat(5_000)}`, 'yaml'], [`${'['.repeat(5_000)}${']'.repeat(5_000)}`, 'json']]) {
      const deep = await gateway.call('convert_format', { content, from, to: from === 'json' ? 'yaml' : 'json' });
      assert.equal(deep.isError, true);
      assert.equal(deep.text, 'convert_format: content nests more than 256 arrays and objects deep');
    }
    const nested = await gateway.call('convert_format', { content: `${'- '.repeat(100)}x`, from: 'yaml', to: 'json' });
    assert.equal(nested.isError, false, nested.text);
    const query = await gateway.call('query_json', { json: `${'['.repeat(5_000)}${']'.repeat(5_000)}`, query: '[0]' });
    assert.equal(query.isError, true);
    assert.match(query.text, /^query_json: json nests more than 256 arrays and objects deep/);
    const deepQuery = await gateway.call('query_json', { json: '{"a": 1}', query: `a${'.a'.repeat(4_000)}` });
    assert.equal(deepQuery.isError, true);
    assert.match(deepQuery.text, /query nests too deeply/);
    assert.deepEqual((await gateway.call('query_json', { json: '{"a": [1, 2]}', query: 'a[1]' })).structured.result, 2);
  });

  it('refuses text over the local bound, naming the field', async () => {
    const { isError, text } = await gateway.call('clean_text', { text: 'x'.repeat(2_000_001) });
    assert.equal(isError, true);
    assert.match(text, /text/);
    assert.match(text, /2000000/);
  });
});
