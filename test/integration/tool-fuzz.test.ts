// Every tool of the full profile, as listed live by tools/list, called through a real MCP client with
// generated arguments: single-rule mutations of valid arguments (wrong types, missing fields, bounds,
// unknown keys, deep nesting, path-like ids) must be refused naming the field, and schema-valid edge
// cases (unicode, control characters, boundaries) must answer with a proper result or a clear error.
// No reply may carry a stack trace or a JavaScript internal error, and the gateway stays healthy.
// Reproduce a failure with FUZZ_SEED=<seed printed>; FUZZ_RUNS scales the runs per tool.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import fc from 'fast-check';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts';
import { useIntegrationSuite } from '../support/integration-suite.ts';
import { invalidArbitrary, validArbitrary, type JsonSchema, type Mutation } from '../support/schema-arbitraries.ts';

const suite = useIntegrationSuite('fuzz');
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_128);
const SCALE = Number(process.env.FUZZ_RUNS ?? 1);
const INVALID_RUNS = Math.max(1, Math.round(8 * SCALE));
const VALID_RUNS = Math.max(1, Math.round(3 * SCALE));
const CALL_TIMEOUT_MS = 60_000;

interface Reply {
  kind: 'result' | 'tool error' | 'protocol error';
  text: string;
  structured?: unknown;
}

/** What no reply may contain: a stack frame, a source position, or a JavaScript internal error. */
const LEAKS: Array<[string, RegExp]> = [
  ['a stack frame', /^\s*at \S.*(:\d+:\d+\)?|\(native\)|<anonymous>)$/m],
  ['a source path', /node_modules\/|\/[\w.-]+\.(ts|js|mjs|cjs):\d+/],
  ['a JavaScript internal error', /Cannot read propert|is not a function|is not iterable|is not defined|Maximum call stack|\[object Object\]|Cannot convert|undefined \(reading|Invalid time value|Invalid array length/],
  ['an output that breaks its own schema', /output schema|Output validation error/i],
];

let gateway: TestGateway;
let tools: Tool[] = [];

async function call(name: string, args: Record<string, unknown>): Promise<Reply> {
  try {
    const result = await gateway.client.callTool({ name, arguments: args }, undefined, { timeout: CALL_TIMEOUT_MS });
    const content = (result.content ?? []) as Array<{ type: string; text?: string }>;
    const text = content.map((block) => block.text ?? '').join('\n');
    return { kind: result.isError === true ? 'tool error' : 'result', text, structured: result.structuredContent };
  } catch (error) {
    if (error instanceof McpError) return { kind: 'protocol error', text: error.message };
    throw error;
  }
}

function describeCall(name: string, args: unknown): string {
  const shown = JSON.stringify(args, (_key, value: unknown) => (typeof value === 'string' && value.length > 120 ? `${value.slice(0, 120)}…(${value.length})` : value));
  return `${name}(${shown.length > 600 ? `${shown.slice(0, 600)}…` : shown})`;
}

function assertNoLeak(name: string, args: unknown, reply: Reply): void {
  for (const [what, pattern] of LEAKS) {
    assert.doesNotMatch(reply.text, pattern, `${describeCall(name, args)} answered with ${what}: ${reply.text.slice(0, 1500)}`);
  }
}

async function assertHealthy(): Promise<void> {
  const response = await fetch(`${gateway.gateway.http!.url}/healthz`);
  assert.equal(response.status, 200, `the gateway is unhealthy: ${await response.text()}`);
}

/** Runs a property with the fixed seed; a failure says how to reproduce it. */
async function check<T>(tool: string, arbitrary: fc.Arbitrary<T>, runs: number, predicate: (value: T) => Promise<void>): Promise<void> {
  const outcome = await fc.check(fc.asyncProperty(arbitrary, predicate), { seed: SEED, numRuns: runs, endOnFailure: true });
  if (outcome.failed) {
    const cause = outcome.errorInstance instanceof Error ? outcome.errorInstance.message : String(outcome.errorInstance);
    assert.fail(`${tool}: ${cause}\nreproduce with FUZZ_SEED=${outcome.seed} (path ${outcome.counterexamplePath ?? 'n/a'})`);
  }
}

describe('every tool under generated arguments', () => {
  before(async () => {
    const simulatorUrl = suite.simulator.url;
    gateway = await startTestGateway({
      temporalAddress: suite.temporal.address,
      environment: {
        OPENAI_API_KEY: 'sk-fuzz-openai-key-0123456789',
        OPENAI_BASE_URL: suite.simulator.openaiBaseUrl,
        ANTHROPIC_API_KEY: 'sk-ant-fuzz-key-0123456789',
        ANTHROPIC_BASE_URL: simulatorUrl,
        GEMINI_API_KEY: 'gemini-fuzz-key-0123456789',
        GEMINI_BASE_URL: simulatorUrl,
        TOOL_PROFILE: 'full',
        JOB_WAIT_SECONDS: '3',
        PROVIDER_MAX_RETRIES: '0',
        SANDBOX_TIMEOUT_SECONDS: '2',
      },
    });
    tools = (await gateway.client.listTools()).tools.sort((left, right) => left.name.localeCompare(right.name));
  });

  after(async () => {
    await gateway?.close();
  });

  it('lists every tool of the full profile', () => {
    assert.ok(tools.length >= 50, `tools/list has ${tools.length} tools`);
  });

  it('refuses single-rule mutations by naming the field, and answers edge cases properly', async (context) => {
    for (const tool of tools) {
      await context.test(tool.name, async () => {
        const schema = tool.inputSchema as JsonSchema;
        await check(tool.name, invalidArbitrary(schema), INVALID_RUNS, async (mutation: Mutation) => {
          const reply = await call(tool.name, mutation.args);
          const where = `${describeCall(tool.name, mutation.args)} (${mutation.rule} at ${mutation.path.join('.')})`;
          assert.notEqual(reply.kind, 'result', `${where} was accepted: ${reply.text.slice(0, 500)}`);
          assertNoLeak(tool.name, mutation.args, reply);
          assert.ok(reply.text.includes(mutation.names), `${where}: the error does not name "${mutation.names}": ${reply.text.slice(0, 800)}`);
        });
        await check(tool.name, validArbitrary(schema) as fc.Arbitrary<Record<string, unknown>>, VALID_RUNS, async (args) => {
          const reply = await call(tool.name, args);
          assertNoLeak(tool.name, args, reply);
          assert.notEqual(reply.text.trim(), '', `${describeCall(tool.name, args)} answered with nothing`);
          if (reply.kind === 'result' && tool.outputSchema) {
            assert.equal(typeof reply.structured, 'object', `${describeCall(tool.name, args)} returned no structured content`);
          }
        });
        await assertHealthy();
      });
    }
  });

  it('still answers an ordinary call afterwards', async () => {
    const { isError, structured, text } = await gateway.call('generate_completion', { prompt: 'Say hello', provider: 'openai' });
    assert.equal(isError, false, text);
    assert.match(String(structured.text), /Simulated answer/);
  });
});
