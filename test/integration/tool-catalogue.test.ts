// The catalogue an agent loads on every turn: what each TOOL_PROFILE exposes and what it costs in
// tokens, through a real MCP client on a real gateway. Fails when a profile outgrows its budget.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { loadConfig } from '../../core/config.ts';
import { PROVIDER_IDS } from '../../core/providers/types.ts';
import { TOOL_GROUP_NAMES } from '../../core/tool-profile.ts';
import { CATALOGUE_BUDGETS, measureCatalogue } from '../../mcp/catalogue-size.ts';
import { createServer } from '../../mcp/server.ts';
import { groupOfTool } from '../../mcp/tool-groups.ts';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts';
import { useIntegrationSuite } from '../support/integration-suite.ts';

const suite = useIntegrationSuite('catalogue');
let gateway: TestGateway;
/** Tools the gateway lists over HTTP, read once: later tests list through in-memory clients. */
let listedOverHttp: number;

/** A client of a server built from the running gateway's parts, with another TOOL_PROFILE. */
async function clientWithProfile(profile: string): Promise<Client> {
  const config = { ...gateway.config, toolGroups: loadConfig({ TOOL_PROFILE: profile }, '/nonexistent.env').toolGroups };
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await createServer({ ...gateway.gateway.mcpDeps!, config }).connect(serverTransport);
  const client = new Client({ name: 'catalogue-test', version: '1.0.0' });
  await client.connect(clientTransport);
  return client;
}

describe('tool catalogue', () => {
  before(async () => {
    gateway = await startTestGateway({
      temporalAddress: suite.temporal.address,
      environment: { OPENAI_API_KEY: 'sk-test-key-123456', OPENAI_BASE_URL: suite.simulator.openaiBaseUrl },
    });
    listedOverHttp = (await gateway.client.listTools()).tools.length;
  });
  after(async () => gateway?.close());

  it('places every registered tool in a group', async () => {
    const { tools } = await gateway.client.listTools();
    assert.deepEqual(tools.filter((tool) => groupOfTool(tool.name) === undefined).map((tool) => tool.name), []);
  });

  for (const profile of ['full', 'core', 'documents', 'rag', 'minimal']) {
    it(`keeps the ${profile} profile within its token budget`, async () => {
      const client = await clientWithProfile(profile);
      try {
        const size = measureCatalogue((await client.listTools()).tools);
        console.log(`catalogue ${profile}: ${JSON.stringify(size)}`);
        const budget = CATALOGUE_BUDGETS[profile];
        if (budget) {
          assert.ok(size.model_visible_tokens <= budget.model_visible_tokens, `${profile}: ${size.model_visible_tokens} model-visible tokens, budget ${budget.model_visible_tokens}`);
          if (budget.whole_tokens) assert.ok(size.whole_tokens <= budget.whole_tokens, `${profile}: ${size.whole_tokens} tokens in tools/list, budget ${budget.whole_tokens}`);
        }
      } finally {
        await client.close();
      }
    });

    it(`exposes only the ${profile} profile's groups`, async () => {
      const client = await clientWithProfile(profile);
      try {
        const { tools } = await client.listTools();
        const groups = new Set(tools.map((tool) => groupOfTool(tool.name)));
        const expected = loadConfig({ TOOL_PROFILE: profile }, '/nonexistent.env').toolGroups;
        for (const group of groups) assert.ok(group && expected.includes(group), `${profile} lists a tool of group ${group}`);
        if (profile === 'full') assert.equal(tools.length, listedOverHttp);
      } finally {
        await client.close();
      }
    });
  }

  it('lists a shared parameter with its description once, and get_tool_info gives every tool its whole schema', async () => {
    const client = await clientWithProfile('full');
    try {
      const { tools } = await client.listTools();
      type Field = { description?: string; enum?: string[] };
      const fieldOf = (tool: string, field: string) => (tools.find((each) => each.name === tool)!.inputSchema.properties as Record<string, Field>)[field]!;
      const shared = fieldOf('generate_completion', 'background').description;
      assert.match(String(shared), /job_id/);
      const withBackground = tools.filter((tool) => (tool.inputSchema.properties as Record<string, Field>).background !== undefined);
      assert.ok(withBackground.length > 10);
      assert.deepEqual(withBackground.filter((tool) => (tool.inputSchema.properties as Record<string, Field>).background!.description === shared).map((tool) => tool.name), ['generate_completion'], 'described at its first tool only');
      assert.equal(fieldOf('chat_completion', 'background').description, undefined);
      assert.equal(fieldOf('generate_completion', 'provider').enum, undefined, 'the provider list is not repeated in tools/list');
      const info = await client.callTool({ name: 'get_tool_info', arguments: { tool: 'chat_completion' } });
      const parameters = (info.structuredContent as { tool: { parameters: { properties: Record<string, Field> } } }).tool.parameters.properties;
      assert.match(String(parameters.background!.description), /job_id/);
      assert.deepEqual(parameters.provider!.enum, [...PROVIDER_IDS]);
      assert.ok(Object.values(parameters).every((field) => typeof field.description === 'string' && field.description.length > 0), 'every parameter is described');
    } finally {
      await client.close();
    }
  });

  it('refuses a provider the gateway does not know, naming every provider it does', async () => {
    const client = await clientWithProfile('full');
    try {
      const result = await client.callTool({ name: 'chat_completion', arguments: { messages: [{ role: 'user', content: 'hi' }], fallbacks: [{ provider: 'mistral' }] } });
      const text = JSON.stringify(result.content);
      assert.equal(result.isError, true);
      assert.match(text, /fallbacks\[0\]\.provider/);
      for (const provider of PROVIDER_IDS) assert.match(text, new RegExp(provider));
    } finally {
      await client.close();
    }
  });

  it('refuses a tool outside the profile by name', async () => {
    const client = await clientWithProfile('minimal');
    try {
      const result = await client.callTool({ name: 'list_models', arguments: {} });
      assert.equal(result.isError, true);
      assert.match(JSON.stringify(result.content), /list_models is in the providers group, which this gateway's TOOL_PROFILE does not expose/);
    } finally {
      await client.close();
    }
  });

  it('refuses an unknown profile or group at start-up, naming it and the choices', () => {
    assert.throws(() => loadConfig({ TOOL_PROFILE: 'completion,lasers' }, '/nonexistent.env'), (error: Error) => /TOOL_PROFILE/.test(error.message) && /lasers/.test(error.message) && new RegExp(TOOL_GROUP_NAMES.join('.*')).test(error.message));
    assert.deepEqual(loadConfig({ TOOL_PROFILE: 'text' }, '/nonexistent.env').toolGroups, ['text', 'meta']);
  });
});
