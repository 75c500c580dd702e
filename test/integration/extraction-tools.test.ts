// extract_json, extract_table, extract_key_value_pairs and infer_schema through a real MCP client, a
// real worker and the provider simulator: validated answers, the repair loop, refused schemas, whole
// nested data, RFC 4180 CSV.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts';
import { useIntegrationSuite } from '../support/integration-suite.ts';

const suite = useIntegrationSuite('extraction');
let gateway: TestGateway;


type Sent = Array<{ role: string; content: string }>;
const sentMessages = (index: number) => suite.simulator.requests().filter((request) => request.path === '/v1/chat/completions')[index]!.body.messages as Sent;

const INVOICE = 'Invoice 17 for ACME Corp, 2 Main St, Springfield. Lines: 3 widgets at $4.50; 1 gadget at $10.';
const INVOICE_SCHEMA = {
  type: 'object',
  required: ['number', 'customer', 'lines'],
  properties: {
    number: { type: 'integer' },
    customer: { type: 'object', required: ['name', 'address'], properties: { name: { type: 'string' }, address: { type: 'object', properties: { street: { type: 'string' }, city: { type: 'string' } } } } },
    lines: { type: 'array', items: { type: 'object', required: ['item', 'quantity', 'price'], properties: { item: { type: 'string' }, quantity: { type: 'integer' }, price: { type: 'number' } } } },
  },
};
const INVOICE_DATA = {
  number: 17,
  customer: { name: 'ACME Corp', address: { street: '2 Main St', city: 'Springfield' } },
  lines: [
    { item: 'widget', quantity: 3, price: 4.5 },
    { item: 'gadget', quantity: 1, price: 10 },
  ],
};

describe('extraction tools', () => {
  before(async () => {
    gateway = await startTestGateway({
      temporalAddress: suite.temporal.address,
      environment: { OPENAI_API_KEY: 'sk-test-key-123456', OPENAI_BASE_URL: suite.simulator.openaiBaseUrl, PROVIDER_MAX_RETRIES: '1' },
    });
  });

  after(async () => {
    await gateway?.close();
  });

  describe('extract_json', () => {
    it('returns nested objects and arrays whole, validated, with the document_id to reuse', async () => {
      suite.simulator.reset();
      suite.simulator.script({ text: JSON.stringify(INVOICE_DATA), usage: { inputTokens: 200, outputTokens: 60 } });
      const { structured, isError, text } = await gateway.call('extract_json', { text: INVOICE, schema: INVOICE_SCHEMA });
      assert.equal(isError, false, text);
      assert.deepEqual(structured.data, INVOICE_DATA);
      assert.equal(structured.valid, true);
      assert.equal(structured.attempts, 1);
      assert.match(String(structured.document_id), /^doc_[0-9a-f]{32}$/);
      assert.ok(Math.abs((structured.cost_usd as number) - (200 * 0.15 + 60 * 0.6) / 1e6) < 1e-12);
      const prompt = sentMessages(0).at(-1)!.content;
      assert.ok(prompt.includes(INVOICE), 'the model saw the text');
      assert.ok(prompt.includes('"required":["number","customer","lines"]'), 'the model saw the schema');
      assert.deepEqual(suite.simulator.requests()[0]!.body.response_format, { type: 'json_object' });

      suite.simulator.script({ text: JSON.stringify(INVOICE_DATA) });
      const again = await gateway.call('extract_json', { document_id: structured.document_id, schema: INVOICE_SCHEMA, instructions: 'prices in dollars' });
      assert.equal(again.isError, false, again.text);
      assert.ok(sentMessages(1).at(-1)!.content.includes(INVOICE), 'the stored text was used for the document_id');
    });

    it('sends an invalid answer back with the validator errors and returns the repaired one', async () => {
      suite.simulator.reset();
      const missingLines = { number: '17', customer: { name: 'ACME Corp', address: {} } };
      suite.simulator.script([{ text: JSON.stringify(missingLines), usage: { inputTokens: 100, outputTokens: 20 } }, { text: `Here it is:\n\`\`\`json\n${JSON.stringify(INVOICE_DATA)}\n\`\`\``, usage: { inputTokens: 150, outputTokens: 40 } }]);
      const { structured, isError, text } = await gateway.call('extract_json', { text: INVOICE, schema: INVOICE_SCHEMA });
      assert.equal(isError, false, text);
      assert.equal(structured.attempts, 2);
      assert.deepEqual(structured.data, INVOICE_DATA);
      assert.equal((structured.usage as { input_tokens: number }).input_tokens, 250, 'usage covers every attempt');
      const repair = sentMessages(1);
      assert.equal(repair.at(-2)!.role, 'assistant');
      assert.equal(repair.at(-2)!.content, JSON.stringify(missingLines), 'the rejected answer is shown back');
      assert.match(repair.at(-1)!.content, /must have required property 'lines'/);
      assert.match(repair.at(-1)!.content, /\/number: must be integer/);
    });

    it('repairs an answer that is not JSON at all', async () => {
      suite.simulator.reset();
      suite.simulator.script([{ text: 'The invoice number is 17.' }, { text: '{"number": 17}' }]);
      const { structured, isError, text } = await gateway.call('extract_json', { text: INVOICE, max_attempts: 2 });
      assert.equal(isError, false, text);
      assert.deepEqual(structured.data, { number: 17 });
      assert.equal(structured.attempts, 2);
      assert.match(sentMessages(1).at(-1)!.content, /not valid JSON/);
    });

    it('fails with the last errors after max_attempts invalid answers', async () => {
      suite.simulator.reset();
      suite.simulator.script({ text: '{"number": "seventeen"}', times: 3 });
      const { isError, text } = await gateway.call('extract_json', { text: INVOICE, schema: INVOICE_SCHEMA, max_attempts: 3 });
      assert.equal(isError, true);
      assert.match(text, /still invalid after 3 attempts/);
      assert.match(text, /\/number: must be integer/);
      assert.match(text, /must have required property 'customer'/);
      assert.equal(suite.chatCalls(), 3);
    });

    it('refuses an invalid schema before calling any model, naming the problem', async () => {
      suite.simulator.reset();
      const bad = await gateway.call('extract_json', { text: INVOICE, schema: { type: 'object', properties: { number: { type: 'integr' } } } });
      assert.equal(bad.isError, true);
      assert.match(bad.text, /schema is refused: it is not a valid JSON Schema: \/properties\/number\/type/);
      const draft = await gateway.call('extract_json', { text: INVOICE, schema: { $schema: 'http://json-schema.org/draft-03/schema#', type: 'object' } });
      assert.equal(draft.isError, true);
      assert.match(draft.text, /\$schema "http:\/\/json-schema.org\/draft-03\/schema#" is not supported/);
      assert.equal(suite.chatCalls(), 0);
    });

    it('validates against draft-07 schemas too', async () => {
      suite.simulator.reset();
      suite.simulator.script([{ text: '{"when": "yesterday"}' }, { text: '{"when": "2026-11-28"}' }]);
      const schema = { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', required: ['when'], properties: { when: { type: 'string', format: 'date' } } };
      const { structured, isError, text } = await gateway.call('extract_json', { text: 'It happened on 28 November 2026.', schema });
      assert.equal(isError, false, text);
      assert.deepEqual(structured.data, { when: '2026-11-28' });
      assert.match(sentMessages(1).at(-1)!.content, /\/when: must match format "date"/);
    });

    it('names the field when the input is missing, doubled, unknown or too long for one call', async () => {
      suite.simulator.reset();
      assert.match((await gateway.call('extract_json', {})).text, /give text \(the text to extract from\) or document_id/);
      assert.match((await gateway.call('extract_json', { text: 'a', document_id: 'doc_0123456789abcdef0123456789abcdef' })).text, /either text or document_id, not both/);
      assert.match((await gateway.call('extract_json', { document_id: 'doc_ffffffffffffffffffffffffffffffff' })).text, /document_id "doc_f+" is unknown here/);
      assert.match((await gateway.call('extract_json', { text: '   ' })).text, /text is empty or only whitespace/);
      const long = await gateway.call('extract_json', { text: 'word '.repeat(450_000) });
      assert.equal(long.isError, true);
      assert.match(long.text, /takes at most \d+ in one call: split it/);
      assert.equal(suite.chatCalls(), 0);
    });
  });

  describe('extract_table', () => {
    const answer = { headers: ['name', 'note', 'price'], rows: [['Widget, large', 'says "hi"', 4.5], ['Gadget', 'two\nlines', null]] };

    it('renders CSV per RFC 4180: quoted commas, doubled quotes, quoted line breaks, CRLF records', async () => {
      suite.simulator.reset();
      suite.simulator.script({ text: JSON.stringify(answer) });
      const { structured, isError, text } = await gateway.call('extract_table', { text: 'Widget, large ... Gadget ...', format: 'csv' });
      assert.equal(isError, false, text);
      assert.deepEqual(structured.headers, answer.headers);
      assert.deepEqual(structured.rows, answer.rows);
      assert.equal(structured.table, 'name,note,price\r\n"Widget, large","says ""hi""",4.5\r\nGadget,"two\nlines",\r\n');
    });

    it('renders Markdown and enforces the requested headers and row widths', async () => {
      suite.simulator.reset();
      suite.simulator.script([{ text: JSON.stringify({ headers: ['name'], rows: [['a|b']] }) }, { text: JSON.stringify({ headers: ['name', 'price'], rows: [['a|b', 1], ['c']] }) }, { text: JSON.stringify({ headers: ['name', 'price'], rows: [['a|b', 1]] }) }]);
      const { structured, isError, text } = await gateway.call('extract_table', { text: 'a|b costs 1', headers: ['name', 'price'], format: 'markdown' });
      assert.equal(isError, false, text);
      assert.equal(structured.attempts, 3);
      assert.equal(structured.table, '| name | price |\n| --- | --- |\n| a\\|b | 1 |');
      assert.match(sentMessages(1).at(-1)!.content, /\/headers: must be equal to constant/);
      assert.match(sentMessages(2).at(-1)!.content, /\/rows\/1: must NOT have fewer than 2 items/);
    });
  });

  describe('extract_key_value_pairs', () => {
    it('returns every requested key, null where the text has none', async () => {
      suite.simulator.reset();
      suite.simulator.script([{ text: '{"pairs": {"name": "Ada"}}' }, { text: '{"pairs": {"name": "Ada", "age": 36, "email": null}}' }]);
      const { structured, isError, text } = await gateway.call('extract_key_value_pairs', { text: 'Name: Ada. Age: 36.', keys: ['name', 'age', 'email'] });
      assert.equal(isError, false, text);
      assert.deepEqual(structured.pairs, { name: 'Ada', age: 36, email: null });
      assert.match(sentMessages(1).at(-1)!.content, /must have required property 'age'/);
    });
  });

  describe('infer_schema', () => {
    it('infers a schema from examples without a model, one every example satisfies', async () => {
      suite.simulator.reset();
      const examples = [
        { id: 1, name: 'a', tags: ['x'], address: { city: 'Paris' } },
        { id: 2.5, name: 'b', tags: [], address: { city: 'Oslo', zip: '0150' }, note: null },
      ];
      const { structured, isError, text } = await gateway.call('infer_schema', { examples });
      assert.equal(isError, false, text);
      assert.equal(structured.source, 'examples');
      assert.deepEqual(structured.schema, {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: {
          address: { type: 'object', properties: { city: { type: 'string' }, zip: { type: 'string' } }, required: ['city'] },
          id: { type: 'number' },
          name: { type: 'string' },
          note: { type: 'null' },
          tags: { type: 'array', items: { type: 'string' } },
        },
        required: ['address', 'id', 'name', 'tags'],
      });
      assert.equal(suite.chatCalls(), 0);
      assert.match((await gateway.call('infer_schema', {})).text, /give examples \(JSON values\) or text \/ document_id/);
      assert.match((await gateway.call('infer_schema', { examples: [1], text: 'x' })).text, /examples or text \/ document_id, not both/);
    });

    it('from text: a schema the model proposes is checked against the meta-schema and its examples', async () => {
      suite.simulator.reset();
      const wrong = { schema: { type: 'object', properties: { age: { type: 'int' } } }, examples: [{ age: 3 }] };
      const unmet = { schema: { type: 'object', required: ['age'], properties: { age: { type: 'integer' } } }, examples: [{ age: 'three' }] };
      const good = { schema: { type: 'object', required: ['name', 'age'], properties: { name: { type: 'string' }, age: { type: 'integer' } } }, examples: [{ name: 'Rex', age: 3 }] };
      suite.simulator.script([{ text: JSON.stringify(wrong) }, { text: JSON.stringify(unmet) }, { text: JSON.stringify(good) }]);
      const { structured, isError, text } = await gateway.call('infer_schema', { text: 'Rex is a dog aged 3.' });
      assert.equal(isError, false, text);
      assert.equal(structured.source, 'model');
      assert.deepEqual(structured.schema, good.schema);
      assert.match(sentMessages(1).at(-1)!.content, /\/schema: it is not a valid JSON Schema/);
      assert.match(sentMessages(2).at(-1)!.content, /\/examples\/0 does not satisfy \/schema: \/age: must be integer/);
    });
  });
});
