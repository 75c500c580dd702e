// Connects the CLI's MCP client to a running gateway over HTTP, with the bearer token when one is set.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { GatewayConfig } from '../core/config.ts';

export function gatewayUrl(config: GatewayConfig, url?: string): string {
  const host = config.server.host === '0.0.0.0' || config.server.host === '::' ? '127.0.0.1' : config.server.host;
  return url ?? `http://${host}:${config.server.port}${config.server.apiPrefix}mcp`;
}

/** A connected client, or undefined after telling the user why the gateway cannot be reached. */
export async function connectToGateway(config: GatewayConfig, url?: string): Promise<Client | undefined> {
  const endpoint = gatewayUrl(config, url);
  const headers: Record<string, string> = config.server.authToken ? { authorization: `Bearer ${config.server.authToken}` } : {};
  const client = new Client({ name: 'gateway-cli', version: '0.1.0' });
  try {
    await client.connect(new StreamableHTTPClientTransport(new URL(endpoint), { requestInit: { headers } }));
    return client;
  } catch (error) {
    process.stderr.write(`cannot reach the gateway at ${endpoint} (${(error as Error).message}); start it with: npm start\n`);
    return undefined;
  }
}
