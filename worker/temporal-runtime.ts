// The process-wide Temporal runtime and connections. SDK and native logs are forwarded to pino so
// nothing reaches stdout (stdout belongs to MCP in stdio mode). In the all-in-one process the client
// shares the worker's native connection, which is what lets workflows start eagerly on this worker.
import { Client } from '@temporalio/client';
import { msNumberToTs } from '@temporalio/common/lib/time.js';
import { DefaultLogger, NativeConnection, Runtime, type LogEntry } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { GatewayConfig } from '../core/config.ts';

let installed = false;

export function installTemporalRuntime(logger: Logger): void {
  if (installed) return;
  installed = true;
  const forward = (entry: LogEntry) => {
    const level = entry.level === 'ERROR' ? 'error' : entry.level === 'WARN' ? 'warn' : 'debug';
    logger[level]({ event: 'temporal', ...entry.meta }, entry.message);
  };
  Runtime.install({
    logger: new DefaultLogger('WARN', forward),
    telemetryOptions: { logging: { forward: {}, filter: { core: 'WARN', other: 'ERROR' } } },
  });
}

export async function connectToTemporal(config: GatewayConfig['temporal'], address: string): Promise<NativeConnection> {
  return NativeConnection.connect({
    address,
    tls: config.tls || Boolean(config.apiKey) ? {} : false,
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
  });
}

export function createTemporalClient(connection: NativeConnection, namespace: string): Client {
  return new Client({ connection, namespace });
}

/** Sets how long the namespace keeps a closed workflow's history (the embedded dev server defaults to 24 h). */
export async function setNamespaceRetention(connection: NativeConnection, namespace: string, days: number): Promise<void> {
  await connection.workflowService.updateNamespace({ namespace, config: { workflowExecutionRetentionTtl: msNumberToTs(days * 86_400_000) } });
}
