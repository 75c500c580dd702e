// The `gateway` command: start the whole stack, run parts of it, or call a tool on a running gateway.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type GatewayConfig } from '../core/config.ts';
import { createLogger } from '../core/logger.ts';
import { configuredSecrets } from '../core/secrets/scrub-secrets.ts';
import { callTool } from './call-tool.ts';
import { runTerminalCommand } from './job-commands.ts';
import { startGateway, type GatewayMode } from './gateway-runtime.ts';

const USAGE = `Usage: gateway <command> [options]

Commands:
  start                 embedded Temporal (unless TEMPORAL_ADDRESS) + worker + MCP over HTTP
  stdio                 the same, with MCP over stdio (for Claude Desktop / Claude Code)
  worker                a worker only, against TEMPORAL_ADDRESS (or the embedded server)
  serve                 MCP over HTTP only, against TEMPORAL_ADDRESS
  call <tool> [json]    call a tool on a running gateway over HTTP, e.g.
                        gateway call generate_completion '{"prompt":"Hello"}'
  tools                 list the tools of a running gateway
  jobs [--status s]     list jobs (running, completed, failed, cancelled, …)
  job <id>              follow a job with a progress bar until it ends, then print its result
  cache stats|clear     the response cache's statistics, or empty it
  usage [--since t]     what delegated work cost (t: ISO time or a look-back such as 24h, 7d)

Options:
  --url <url>           MCP endpoint of a running gateway (default from SERVER_HOST, SERVER_PORT, API_PREFIX)
  -h, --help            this text
`;

async function runServer(mode: GatewayMode, config: GatewayConfig): Promise<void> {
  const logger = createLogger({ ...config.logging, toStderr: mode === 'stdio', secrets: configuredSecrets(config) });
  const gateway = await startGateway(mode, config, logger).catch((error: unknown) => {
    logger.fatal({ event: 'startup' }, (error as Error).message);
    logger.flush();
    process.exit(1);
  });
  let stopping = false;
  let signals = 0;
  const stop = async (reason: string, drain: boolean) => {
    if (stopping) {
      // A second signal ends the grace period: waiting calls get their job handles now. A third
      // exits at once (the dev server child and sandboxed runs are still stopped on exit).
      signals += 1;
      if (signals >= 2) {
        logger.warn({ event: 'shutdown', reason }, 'stopping at once');
        logger.flush();
        process.exit(130);
      }
      gateway.handOffNow();
      return;
    }
    stopping = true;
    logger.info({ event: 'shutdown', reason, grace_seconds: config.shutdownGraceMs / 1000 }, 'shutting down');
    if (drain) await gateway.drain();
    await gateway.stop();
    logger.flush();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT', true));
  process.on('SIGTERM', () => void stop('SIGTERM', true));
  process.on('SIGHUP', () => void stop('SIGHUP', true));
  await gateway.finished;
  await stop(mode === 'stdio' ? 'stdin closed' : 'worker stopped', false);
}

function parseCommandLine(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: { help: { type: 'boolean', short: 'h' }, url: { type: 'string' }, status: { type: 'string' }, since: { type: 'string' } },
  });
}

export async function main(argv: string[]): Promise<void> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    // parseArgs refuses unknown options and options missing their value with a TypeError whose message says which.
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return;
  }
  let config: GatewayConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  switch (command) {
    case 'start':
    case 'stdio':
    case 'worker':
    case 'serve':
      return runServer(command, config);
    case 'call':
    case 'tools':
      process.exitCode = await callTool(config, { command, tool: rest[0], json: rest[1], url: values.url });
      return;
    case 'jobs':
    case 'job':
    case 'cache':
    case 'usage':
      process.exitCode = await runTerminalCommand(config, { command, rest, status: values.status, since: values.since, url: values.url });
      return;
    default:
      process.stderr.write(`unknown command "${command}"\n\n${USAGE}`);
      process.exitCode = 2;
  }
}
