// Starts a real gateway in the test process (worker, MCP over Streamable HTTP, a unique task queue
// on a real Temporal server) and connects a real MCP client to it.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startGateway, type RunningGateway } from '../../cli/gateway-runtime.ts';
import { loadConfig, type GatewayConfig } from '../../core/config.ts';
import { createSilentLogger, type Logger } from '../../core/logger.ts';

export interface TestGateway {
  config: GatewayConfig;
  gateway: RunningGateway;
  client: Client;
  dataDir: string;
  /** Calls a tool and returns its result (structuredContent, isError, text). */
  call(name: string, args?: Record<string, unknown>): Promise<ToolCall>;
  connectClient(): Promise<Client>;
  close(): Promise<void>;
}

export interface ToolCall {
  result: CallToolResult;
  structured: Record<string, unknown>;
  text: string;
  isError: boolean;
}

export async function startTestGateway(options: { temporalAddress: string; environment?: Record<string, string>; dataDir?: string; logger?: Logger }): Promise<TestGateway> {
  // A caller-owned data directory outlives the gateway (restart tests); otherwise it is removed on close.
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'gateway-data-'));
  const config = loadConfig(
    {
      TEMPORAL_ADDRESS: options.temporalAddress,
      TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
      SERVER_PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      PROVIDER_MAX_RETRIES: '3',
      // Suites that are not about caching repeat prompts and count provider calls; cache suites turn it on.
      CACHE_ENABLED: 'false',
      ...options.environment,
    },
    path.join(dataDir, 'no.env'),
  );
  const gateway = await startGateway('start', config, options.logger ?? createSilentLogger());
  const clients: Client[] = [];
  const connectClient = async () => {
    const client = new Client({ name: 'gateway-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(gateway.http!.mcpUrl)));
    clients.push(client);
    return client;
  };
  const client = await connectClient();
  return {
    config,
    gateway,
    client,
    dataDir,
    connectClient,
    async call(name, args = {}) {
      const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
      const text = result.content.map((block) => (block.type === 'text' ? block.text : '')).join('\n');
      return { result, structured: (result.structuredContent ?? {}) as Record<string, unknown>, text, isError: result.isError === true };
    },
    async close() {
      for (const each of clients) await each.close().catch(() => undefined);
      await gateway.stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
