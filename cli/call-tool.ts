// `gateway call` and `gateway tools`: a real MCP client against a running gateway over HTTP. A call
// shows a progress bar on stderr while the tool reports progress.
import type { GatewayConfig } from '../core/config.ts';
import { connectToGateway } from './gateway-client.ts';
import { createProgressBar } from './progress-bar.ts';

export async function callTool(
  config: GatewayConfig,
  options: { command: 'call' | 'tools'; tool?: string | undefined; json?: string | undefined; url?: string | undefined },
): Promise<number> {
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
  const client = await connectToGateway(config, options.url);
  if (!client) return 1;
  try {
    if (options.command === 'tools') {
      const { tools } = await client.listTools();
      for (const tool of tools) process.stdout.write(`${tool.name.padEnd(28)} ${tool.description ?? ''}\n`);
      return 0;
    }
    const bar = createProgressBar(options.tool!);
    let result: Awaited<ReturnType<typeof client.callTool>>;
    try {
      result = await client.callTool({ name: options.tool!, arguments: args }, undefined, {
        onprogress: (update) => bar.update({ done: update.progress, total: update.total, message: update.message }),
        resetTimeoutOnProgress: true,
        timeout: 600_000,
      });
    } finally {
      bar.stop();
    }
    const output = result.structuredContent ?? result.content;
    process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
    return result.isError ? 1 : 0;
  } finally {
    await client.close();
  }
}
