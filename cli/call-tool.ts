// `gateway call` and `gateway tools`: a real MCP client against a running gateway over HTTP.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { GatewayConfig } from '../core/config.ts';

export async function callTool(
  config: GatewayConfig,
  options: { command: 'call' | 'tools'; tool?: string | undefined; json?: string | undefined; url?: string | undefined },
): Promise<number> {
  const host = config.server.host === '0.0.0.0' || config.server.host === '::' ? '127.0.0.1' : config.server.host;
  const url = options.url ?? `http://${host}:${config.server.port}${config.server.apiPrefix}mcp`;
  let args: Record<string, unknown> = {};
  if (options.command === 'call') {
    if (!options.tool) {
      process.stderr.write('gateway call needs a tool name, e.g. gateway call list_jobs\n');
      return 2;
    }
    try {
      args = options.json ? (JSON.parse(options.json) as Record<string, unknown>) : {};
    } catch (error) {
      process.stderr.write(`arguments are not valid JSON: ${(error as Error).message}\n`);
      return 2;
    }
  }
  const headers: Record<string, string> = config.server.authToken ? { authorization: `Bearer ${config.server.authToken}` } : {};
  const client = new Client({ name: 'gateway-cli', version: '0.1.0' });
  try {
    await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  } catch (error) {
    process.stderr.write(`cannot reach the gateway at ${url} (${(error as Error).message}); start it with: npm start\n`);
    return 1;
  }
  try {
    if (options.command === 'tools') {
      const { tools } = await client.listTools();
      for (const tool of tools) process.stdout.write(`${tool.name.padEnd(28)} ${tool.description ?? ''}\n`);
      return 0;
    }
    const result = await client.callTool({ name: options.tool!, arguments: args });
    const output = result.structuredContent ?? result.content;
    process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
    return result.isError ? 1 : 0;
  } finally {
    await client.close();
  }
}
