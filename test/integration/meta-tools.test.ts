// The meta tools through a real MCP client, against the live catalogue: they list what is registered
// (not a kept list), tell what the profile hides, describe one tool with a usable example, and
// recommend tools for a task.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts';
import { useIntegrationSuite } from '../support/integration-suite.ts';

const suite = useIntegrationSuite('meta');
let full: TestGateway;
let minimal: TestGateway;

type GroupView = { group: string; exposed: boolean; tools: { name: string; summary: string }[] };

describe('meta tools', () => {
  before(async () => {
    const environment = { OPENAI_API_KEY: 'sk-test-key-123456', OPENAI_BASE_URL: suite.simulator.openaiBaseUrl };
    full = await startTestGateway({ temporalAddress: suite.temporal.address, environment });
    minimal = await startTestGateway({ temporalAddress: suite.temporal.address, environment: { ...environment, TOOL_PROFILE: 'minimal' } });
  });
  after(async () => {
    await full?.close();
    await minimal?.close();
  });

  it('get_tool_info lists exactly the registered tools, by group', async () => {
    const { tools } = await full.client.listTools();
    const { structured } = await full.call('get_tool_info');
    const groups = structured.groups as GroupView[];
    const listed = groups.flatMap((group) => group.tools.map((tool) => tool.name)).sort();
    assert.deepEqual(listed, tools.map((tool) => tool.name).sort());
    const text = groups.find((group) => group.group === 'text')!;
    assert.equal(text.exposed, true);
    assert.ok(text.tools.some((tool) => tool.name === 'regex_extract' && tool.summary.length > 10));
  });

  it('get_tool_info under a narrow profile still tells what exists beyond it', async () => {
    const { tools } = await minimal.client.listTools();
    assert.ok(!tools.some((tool) => tool.name === 'clean_text'));
    const { structured } = await minimal.call('get_tool_info');
    const groups = structured.groups as GroupView[];
    assert.equal(groups.find((group) => group.group === 'text')?.exposed, false);
    assert.equal(groups.find((group) => group.group === 'jobs')?.exposed, true);
    const hidden = await minimal.call('get_tool_info', { tool: 'clean_text' });
    const tool = hidden.structured.tool as { exposed: boolean; description: string };
    assert.equal(tool.exposed, false);
    assert.match(tool.description, /TOOL_PROFILE.*text group/);
  });

  it('get_tool_info describes one tool with its parameters and an example call that works', async () => {
    const { structured } = await full.call('get_tool_info', { tool: 'query_json' });
    const tool = structured.tool as { group: string; parameters: { properties: Record<string, { description: string }>; required: string[] }; example: { name: string; arguments: Record<string, unknown> } };
    assert.equal(tool.group, 'text');
    assert.deepEqual(tool.parameters.required.sort(), ['json', 'query']);
    assert.match(tool.parameters.properties.query!.description, /JMESPath/);
    assert.deepEqual(Object.keys(tool.example.arguments).sort(), ['json', 'query']);
    const example = await full.call('convert_format', (((await full.call('get_tool_info', { tool: 'convert_format' })).structured.tool as { example: { arguments: Record<string, unknown> } }).example.arguments));
    assert.equal(example.isError, true, 'a placeholder is not JSON, but the call reaches the tool');
    assert.match(example.text, /content is not valid json/);
  });

  it('get_tool_info names an unknown tool and suggests near names', async () => {
    const { isError, text } = await full.call('get_tool_info', { tool: 'regex' });
    assert.equal(isError, true);
    assert.match(text, /no tool named "regex".*regex_extract/);
  });

  it('get_llm_instructions reflects the configured providers, the job wait and hidden groups', async () => {
    const { structured } = await minimal.call('get_llm_instructions');
    assert.deepEqual(structured.configured_providers, ['openai']);
    assert.ok((structured.hidden_groups as string[]).includes('text'));
    const instructions = structured.instructions as string;
    assert.match(instructions, /Configured providers: openai/);
    assert.match(instructions, new RegExp(`after ${minimal.config.jobs.waitSeconds} s answers with job_id`));
    assert.match(instructions, /Hidden by TOOL_PROFILE.*text/);
    assert.match(instructions, /cache is off/);
    const fullInstructions = (await full.call('get_llm_instructions')).structured;
    assert.deepEqual(fullInstructions.hidden_groups, []);
    assert.match(fullInstructions.instructions as string, /regex_extract/);
  });

  it('get_tool_recommendations suggests fitting tools and an order of use', async () => {
    const convert = await full.call('get_tool_recommendations', { task: 'convert a CSV file to a Markdown table' });
    const tools = convert.structured.tools as { name: string }[];
    assert.equal(tools[0]!.name, 'convert_format');
    const summarize = await full.call('get_tool_recommendations', { task: 'extract the key-value pairs from an invoice as JSON' });
    const names = (summarize.structured.tools as { name: string }[]).map((tool) => tool.name);
    assert.ok(names.slice(0, 3).includes('extract_key_value_pairs'), names.join(', '));
    assert.match((summarize.structured.workflow as string[]).join('\n'), /get_job_result/);
  });
});
