// The rules every tool obeys at its boundary, through a real MCP client: undeclared arguments are
// refused by name, malformed tools/call params are invalid params (-32602), each error names its
// field, and shared fields are described the same way everywhere.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CallToolResultSchema, ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts';
import { useIntegrationSuite } from '../support/integration-suite.ts';

const suite = useIntegrationSuite('arguments');
let gateway: TestGateway;


type JsonSchema = { description?: string; properties?: Record<string, JsonSchema>; items?: JsonSchema; additionalProperties?: unknown; anyOf?: JsonSchema[] };

/** A tool's whole parameter schema, as get_tool_info gives it (tools/list describes a shared field once). */
async function inputSchemaOf(tool: string): Promise<JsonSchema> {
  const { structured, isError, text } = await gateway.call('get_tool_info', { tool });
  assert.equal(isError, false, text);
  return (structured.tool as { parameters: JsonSchema }).parameters;
}

describe('unknown arguments', () => {
  before(async () => {
    gateway = await startTestGateway({
      temporalAddress: suite.temporal.address,
      environment: { OPENAI_API_KEY: 'sk-test-key-123456', OPENAI_BASE_URL: suite.simulator.openaiBaseUrl },
    });
  });
  it('refuses a misspelt argument by name and calls no provider', async () => {
    suite.simulator.reset();
    const { isError, text } = await gateway.call('generate_completion', { prompt: 'hello', temprature: 0.2 });
    assert.equal(isError, true);
    assert.match(text, /temprature/);
    assert.equal(suite.chatCalls(), 0);
  });

  it('refuses unknown keys inside nested objects too', async () => {
    const { isError, text } = await gateway.call('multi_completion', { prompt: 'hi', providers: [{ provider: 'openai', modle: 'gpt-4o-mini' }] });
    assert.equal(isError, true);
    assert.match(text, /modle/);
  });

  it('refuses unknown keys in a conversation message and in a comparison entry', async () => {
    const chat = await gateway.call('chat_completion', { messages: [{ role: 'user', content: 'hi', name: 'bob' }] });
    assert.equal(chat.isError, true);
    assert.match(chat.text, /Unrecognized key: "name"/);
    const compare = await gateway.call('compare_models', { models: [{ model: 'gpt-4o-mini' }, { model: 'gpt-4o', providr: 'openai' }] });
    assert.equal(compare.isError, true);
    assert.match(compare.text, /providr/);
  });

  it('advertises additionalProperties: false on every tool', async () => {
    const { tools } = await gateway.client.listTools();
    assert.ok(tools.length > 10);
    const open = tools.filter((tool) => (tool.inputSchema as JsonSchema).additionalProperties !== false).map((tool) => tool.name);
    assert.deepEqual(open, []);
  });
});

describe('errors name their field', () => {
  it('chat_completion refuses an empty user message as generate_completion refuses an empty prompt', async () => {
    suite.simulator.reset();
    const chat = await gateway.call('chat_completion', { messages: [{ role: 'user', content: '' }] });
    assert.equal(chat.isError, true);
    assert.match(chat.text, /content must not be empty/);
    assert.match(chat.text, /messages\[0\]\.content/);
    const prompt = await gateway.call('generate_completion', { prompt: '' });
    assert.equal(prompt.isError, true);
    assert.equal(suite.chatCalls(), 0);
  });

  it('get_usage_report names since when the look-back is out of range', async () => {
    const { isError, text } = await gateway.call('get_usage_report', { since: '99999999999d' });
    assert.equal(isError, true);
    assert.match(text, /since "99999999999d"/);
    assert.doesNotMatch(text, /Invalid time value/);
  });
});

describe('deeply nested arguments', () => {
  it('are refused past 64 levels with the path where they go too deep; 64 levels (arguments object included) are accepted', async () => {
    const nest = (depth: number): unknown => (depth === 0 ? 'leaf' : { child: nest(depth - 1) });
    const deep = await gateway.call('infer_schema', { examples: [nest(1_000)] });
    assert.equal(deep.isError, true);
    assert.match(deep.text, /^Input validation error: examples\.0\.child\.child\.[a-z.]+: arguments nest at most 64 arrays and objects deep$/);
    const limit = await gateway.call('infer_schema', { examples: [nest(62)] });
    assert.equal(limit.isError, false, limit.text);
  });
});

describe('malformed tools/call params', () => {
  it('answers -32602 with a short message naming the bad field', async () => {
    const error = await gateway.client.request({ method: 'tools/call', params: { name: 42, arguments: 'not an object' } } as never, CallToolResultSchema).then(
      () => assert.fail('the request was accepted'),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof McpError, String(error));
    assert.equal(error.code, ErrorCode.InvalidParams, error.message);
    assert.match(error.message, /params\.name/);
    assert.ok(error.message.length < 400, `short message, got ${error.message.length} characters: ${error.message}`);
    assert.doesNotMatch(error.message, /"code":/, 'no raw validation dump');
  });
});

describe('shared field descriptions', () => {
  after(async () => {
    await gateway?.close();
  });

  it('describe a fan-out entry and a required model without fallback or default wording', async () => {
    const multi = await inputSchemaOf('multi_completion');
    const entry = multi.properties!.providers!.items!;
    assert.match(String(entry.properties!.provider!.description), /Provider id/);
    assert.doesNotMatch(String(entry.properties!.provider!.description), /fallback/i);
    const estimate = await inputSchemaOf('estimate_cost');
    assert.match(String(estimate.properties!.model!.description), /Model id/);
    assert.doesNotMatch(String(estimate.properties!.model!.description), /default/i);
    const generate = await inputSchemaOf('generate_completion');
    assert.equal(generate.properties!.fallbacks!.items!.properties!.provider!.description, entry.properties!.provider!.description);
  });
});
