// Counts every tool call by outcome and times it for /metrics, without each tool file doing so.
// Applied once in createServer, like the protocol guards, so later tools are covered as they are added.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { GatewayMetrics } from '../core/metrics/gateway-metrics.ts';

type ToolCallback = (...args: unknown[]) => CallToolResult | Promise<CallToolResult>;

export function measureToolCalls(server: McpServer, metrics: GatewayMetrics): void {
  const registerTool = server.registerTool.bind(server);
  server.registerTool = ((name: string, config: unknown, callback: ToolCallback) => {
    const measured: ToolCallback = async (...args) => {
      const started = performance.now();
      try {
        const result = await callback(...args);
        metrics.observeToolCall(name, result.isError ? 'error' : 'success', (performance.now() - started) / 1000);
        return result;
      } catch (error) {
        metrics.observeToolCall(name, 'exception', (performance.now() - started) / 1000);
        throw error;
      }
    };
    return (registerTool as (...args: unknown[]) => unknown)(name, config, measured);
  }) as McpServer['registerTool'];
}
