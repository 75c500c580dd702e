// Secrets never leave: a gateway process with a key for every provider the simulator serves (two of
// them revoked, so their 401 answers echo the key) and a bearer token runs calls on every provider;
// then every tool result, the process's whole log output (debug level, and its log file), every
// workflow history of the run in Temporal and every file under DATA_DIR are scanned for any key or
// the token, whole, any 12 characters of it, or in base64.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { freePort } from '../support/free-port.ts';
import { startGatewayProcess, type GatewayProcess } from '../support/gateway-process.ts';
import { useIntegrationSuite } from '../support/integration-suite.ts';
import { findSecrets, historyTexts } from '../support/secret-scan.ts';

const suite = useIntegrationSuite('secret-scan');
const KEYS = {
  OPENAI_API_KEY: 'sk-proj-OpenAiKq7Rz2Xw9Lm4Tb8Nv1Yc6Hd3',
  ANTHROPIC_API_KEY: 'sk-ant-api03-AnthRevokedPf5Jg8Ws2Qe7Ux4Zk1Mr',
  GEMINI_API_KEY: 'AIzaGemRevokedSy6Dn3Vh9Bf2Kt5Wp8Lq1',
  DEEPSEEK_API_KEY: 'sk-DeepSeekGx4Mv7Rk2Np9Ws6Hb3Tz8',
  OPENROUTER_API_KEY: 'sk-or-v1-RouterJc5Tq8Wm3Fy6Kd1Xn4Vb9',
  XAI_API_KEY: 'xai-GrokKeyZr7Hp2Lw5Qs8Bm3Nc6Ty1Fg4',
};
const TOKEN = 'gw-token-Vq3Lx8Mz1Rk6Pt4Hn9Ws2Yb7';
const SECRETS: Record<string, string> = { ...KEYS, GATEWAY_AUTH_TOKEN: TOKEN };
const REVOKED = ['anthropic', 'gemini'];

let gateway: GatewayProcess;
let client: Client;
let dataDir: string;
const taskQueue = `secret-scan-${randomUUID()}`;
const results: string[] = [];

async function call(name: string, args: Record<string, unknown>): Promise<{ text: string; isError: boolean; structured: Record<string, unknown> }> {
  const result = await client.callTool({ name, arguments: args }, undefined, { timeout: 120_000 });
  const text = (result.content as Array<{ text?: string }>).map((block) => block.text ?? '').join('\n');
  results.push(text, JSON.stringify(result.structuredContent ?? {}));
  return { text, isError: result.isError === true, structured: (result.structuredContent ?? {}) as Record<string, unknown> };
}

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: false })
    .map((name) => path.join(directory, String(name)))
    .filter((file) => statSync(file).isFile());
}

describe('secrets never leave the gateway', () => {
  before(async () => {
    dataDir = suite.temporaryDirectory();
    const simulator = suite.simulator;
    simulator.rejectKeys([KEYS.ANTHROPIC_API_KEY, KEYS.GEMINI_API_KEY]);
    const openaiCompatible = Object.fromEntries(['OPENAI', 'DEEPSEEK', 'OPENROUTER', 'XAI'].map((name) => [`${name}_BASE_URL`, simulator.openaiBaseUrl]));
    gateway = await startGatewayProcess({
      port: await freePort(),
      headers: { authorization: `Bearer ${TOKEN}` },
      environment: {
        ...KEYS,
        ...openaiCompatible,
        ANTHROPIC_BASE_URL: simulator.url,
        GEMINI_BASE_URL: simulator.url,
        GATEWAY_AUTH_TOKEN: TOKEN,
        TEMPORAL_ADDRESS: suite.temporal.address,
        TEMPORAL_TASK_QUEUE: taskQueue,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'debug',
        LOG_FORMAT: 'json',
        LOG_TO_FILE: path.join(dataDir, 'gateway.log'),
        PROVIDER_MAX_RETRIES: '0',
      },
    });
    client = new Client({ name: 'secret-scan', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(gateway.mcpUrl), { requestInit: { headers: { authorization: `Bearer ${TOKEN}` } } }));
  });

  after(async () => {
    await client?.close().catch(() => undefined);
    await gateway?.stop();
  });

  it('runs calls on every provider; the revoked keys fail with the key replaced', async () => {
    for (const provider of ['openai', 'deepseek', 'openrouter', 'xai']) {
      const { isError, text } = await call('generate_completion', { prompt: `Say hello from ${provider}`, provider, fallback: false });
      assert.equal(isError, false, `${provider}: ${text}`);
    }
    for (const provider of REVOKED) {
      for (const tool of ['generate_completion', 'stream_completion']) {
        const { isError, text } = await call(tool, { prompt: 'Say hello', provider, fallback: false });
        assert.equal(isError, true, `${tool} on ${provider}`);
        assert.match(text, /Incorrect API key provided: \[REDACTED\]/, `${tool} on ${provider}: ${text}`);
      }
    }
    const chat = await call('chat_completion', { messages: [{ role: 'user', content: 'hi' }], provider: 'gemini' });
    assert.equal(chat.isError, true, chat.text);
    const multi = await call('multi_completion', { prompt: 'Compare', providers: ['openai', 'anthropic', 'gemini', 'deepseek', 'openrouter', 'xai'].map((provider) => ({ provider })) });
    assert.equal(multi.isError, false, multi.text);
    const summary = await call('summarize_document', { document: 'A short memo about quarterly numbers. '.repeat(20), provider: 'anthropic' });
    assert.equal(summary.isError, true, summary.text);
    suite.simulator.script({ whenPromptIncludes: 'born 1815', text: '{"name": "Ada", "born": 1815}' });
    const extraction = await call('extract_json', { text: 'Name: Ada, born 1815', schema: { type: 'object' }, provider: 'openai' });
    assert.equal(extraction.isError, false, extraction.text);
    await call('create_knowledge_base', { name: 'secret-scan' });
    const added = await call('add_documents', { knowledge_base: 'secret-scan', documents: [{ text: 'Ada Lovelace wrote the first program.', id: 'ada' }] });
    assert.equal(added.isError, false, added.text);
    const rag = await call('generate_with_rag', { knowledge_base: 'secret-scan', query: 'Who wrote the first program?', provider: 'openai' });
    assert.equal(rag.isError, false, rag.text);
    const status = await call('get_provider_status', { check: true });
    assert.equal(status.isError, false, status.text);
    for (const tool of ['get_usage_report', 'list_jobs', 'list_models', 'get_cache_stats', 'get_llm_instructions']) await call(tool, {});

    const echoed = suite.simulator.requests().filter((request) => REVOKED.some((provider) => request.protocol.startsWith(provider)));
    assert.ok(echoed.length >= 4, 'the revoked keys reached the simulator, which echoed them back');
  });

  it('no tool result holds a key or the token', () => {
    assert.ok(results.length > 20);
    assert.deepEqual(findSecrets(results.join('\n'), SECRETS), []);
  });

  it('no log line holds one, though the failures are logged', () => {
    const output = gateway.output();
    const file = readFileSync(path.join(dataDir, 'gateway.log'), 'utf8');
    assert.match(output, /Incorrect API key provided/);
    assert.match(file, /"level":20/, 'debug lines were written');
    assert.deepEqual(findSecrets(output, SECRETS), [], 'stdout and stderr');
    assert.deepEqual(findSecrets(file, SECRETS), [], 'LOG_TO_FILE');
  });

  it('no workflow history of the run holds one', async () => {
    const connection = await Connection.connect({ address: suite.temporal.address });
    try {
      const temporal = new TemporalClient({ connection });
      const ids: string[] = [];
      for await (const execution of temporal.workflow.list({ query: `TaskQueue = "${taskQueue}"` })) ids.push(execution.workflowId);
      assert.ok(ids.length >= 12, `${ids.length} workflows listed`);
      let sawFailure = false;
      for (const id of ids) {
        const texts = historyTexts(await temporal.workflow.getHandle(id).fetchHistory());
        sawFailure ||= texts.includes('Incorrect API key provided: [REDACTED]');
        assert.deepEqual(findSecrets(texts, SECRETS), [], `history of ${id}`);
      }
      assert.ok(sawFailure, 'a history records the provider failure, scrubbed');
    } finally {
      await connection.close();
    }
  });

  it('no file under DATA_DIR holds one (cache, usage ledger, blobs, vectors)', () => {
    const files = filesUnder(dataDir);
    assert.ok(files.length > 3, files.join('\n'));
    for (const file of files) {
      assert.deepEqual(findSecrets(readFileSync(file).toString('latin1'), SECRETS), [], file);
    }
  });
});
