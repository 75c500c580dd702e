// What a client reads in a lean tools/list, through the real MCP SDK (server, zod conversion and an
// in-memory client): what is left out, what stays, and that calls are validated as strictly as before.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { serveLeanToolList, valuesOnRequest } from '../../../mcp/lean-tool-list.ts';
import { toolResult } from '../../../mcp/tool-result.ts';

type Schema = { type?: string; description?: string; enum?: string[]; properties?: Record<string, Schema>; items?: Schema; required?: string[]; additionalProperties?: unknown } & Record<string, unknown>;

const colourSchema = valuesOnRequest(z.enum(['red', 'green', 'blue'])).describe('Colour, e.g. red');
const backgroundSchema = z.boolean().optional().describe('true: return a job_id at once');

let client: Client;
let tools: Tool[];

function tool(name: string): Tool & { inputSchema: Schema; outputSchema?: Schema } {
  const found = tools.find((each) => each.name === name);
  assert.ok(found, `${name} is listed`);
  return found as Tool & { inputSchema: Schema; outputSchema?: Schema };
}

describe('lean tools/list', () => {
  before(async () => {
    const server = new McpServer({ name: 'lean-test', version: '1.0.0' });
    server.registerTool(
      'paint',
      {
        description: 'Paint a wall.',
        inputSchema: z.strictObject({
          wall: z.string().min(1).max(200).regex(/^\S+$/).describe('Wall id, no spaces'),
          note: z.string().min(1).max(100_000).optional().describe('Note for the painter'),
          coats: z.number().int().min(1).max(5).optional().describe('Coats, default 2'),
          litres: z.number().int().positive().max(1_000_000).optional().describe('Most paint to use'),
          colour: colourSchema,
          finish: z.enum(['matt', 'gloss']).optional().describe('Finish'),
          background: backgroundSchema,
        }),
        outputSchema: {
          job_id: z.string().describe('The job'),
          receipt: z.object({ total: z.number().describe('Dollars'), lines: z.array(z.object({ item: z.string(), price: z.number() })) }),
        },
        annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
      },
      ({ colour }) => toolResult({ job_id: `paint-${colour}`, receipt: { total: 12.5, lines: [{ item: 'paint', price: 12.5 }] } }),
    );
    server.registerTool(
      'inspect',
      {
        description: 'Inspect a wall.',
        inputSchema: z.strictObject({ colour: colourSchema.optional(), background: backgroundSchema, wall: z.string().describe('Wall to inspect') }),
        annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
      },
      () => toolResult({}),
    );
    serveLeanToolList(server);
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    await server.connect(serverTransport);
    client = new Client({ name: 'lean-test', version: '1.0.0' });
    await client.connect(clientTransport);
    tools = (await client.listTools()).tools;
  });

  after(async () => client?.close());

  it('keeps fields, types, required lists, small enums, real limits and the refusal of unknown keys', () => {
    const input = tool('paint').inputSchema;
    assert.deepEqual(Object.keys(input.properties!), ['wall', 'note', 'coats', 'litres', 'colour', 'finish', 'background']);
    assert.deepEqual(input.required, ['wall', 'colour']);
    assert.equal(input.additionalProperties, false);
    assert.deepEqual(input.properties!.finish!.enum, ['matt', 'gloss']);
    assert.equal(input.properties!.note!.maxLength, 100_000);
    assert.equal(input.properties!.coats!.maximum, 5);
    assert.equal(input.properties!.wall!.description, 'Wall id, no spaces');
  });

  it('leaves out trivial floors, patterns, sanity ceilings, id lengths and a marked value list', () => {
    const fields = tool('paint').inputSchema.properties!;
    assert.deepEqual(fields.wall, { type: 'string', description: 'Wall id, no spaces' });
    assert.deepEqual(fields.litres, { type: 'integer', description: 'Most paint to use' });
    assert.deepEqual(fields.coats, { type: 'integer', maximum: 5, description: 'Coats, default 2' });
    assert.deepEqual(fields.colour, { type: 'string', description: 'Colour, e.g. red' });
  });

  it('describes a shared field at its first tool only, and a same-named field with other words again', () => {
    const inspect = tool('inspect').inputSchema.properties!;
    assert.equal(tool('paint').inputSchema.properties!.background!.description, 'true: return a job_id at once');
    assert.deepEqual(inspect.background, { type: 'boolean' });
    assert.deepEqual(inspect.colour, { type: 'string' });
    assert.equal(inspect.wall!.description, 'Wall to inspect');
  });

  it('still refuses a value outside the hidden list, naming every allowed one', async () => {
    const result = await client.callTool({ name: 'paint', arguments: { wall: 'north', colour: 'purple' } });
    assert.equal(result.isError, true);
    const text = JSON.stringify(result.content);
    for (const colour of ['red', 'green', 'blue']) assert.match(text, new RegExp(colour));
    const spaced = await client.callTool({ name: 'paint', arguments: { wall: 'north wall', colour: 'red' } });
    assert.equal(spaced.isError, true, 'the pattern the list leaves out is still enforced');
  });

  it('lists result schemas two levels deep without prose, and answers still validate against them', async () => {
    assert.deepEqual(tool('paint').outputSchema, {
      type: 'object',
      properties: { job_id: { type: 'string' }, receipt: { type: 'object', properties: { total: { type: 'number' }, lines: { type: 'array', items: { type: 'object' } } } } },
    });
    const result = await client.callTool({ name: 'paint', arguments: { wall: 'north', colour: 'red' } });
    assert.equal(result.isError, undefined);
    assert.deepEqual(result.structuredContent, { job_id: 'paint-red', receipt: { total: 12.5, lines: [{ item: 'paint', price: 12.5 }] } });
  });

  it('keeps only annotation hints that differ from what the specification assumes', () => {
    assert.deepEqual(tool('paint').annotations, { destructiveHint: false });
    assert.deepEqual(tool('inspect').annotations, { readOnlyHint: true, openWorldHint: false });
    assert.equal(tool('paint').execution, undefined);
  });
});
