// The process-wide Temporal runtime and connections. SDK and native logs are forwarded to pino so
// nothing reaches stdout (stdout belongs to MCP in stdio mode). In the all-in-one process the client
// shares the worker's native connection, which is what lets workflows start eagerly on this worker.
import { readFileSync } from 'node:fs';
import { Client } from '@temporalio/client';
import { msNumberToTs } from '@temporalio/common/lib/time.js';
import { DefaultLogger, NativeConnection, Runtime, type LogEntry, type TLSConfig } from '@temporalio/worker';
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

/**
 * TLS for Temporal Cloud or a TLS cluster: on when TEMPORAL_TLS, an API key or any certificate file is
 * set. The PEM files are read here, at connection time, and go only to the connection.
 */
export function temporalTls(config: GatewayConfig['temporal']): TLSConfig | false {
  const wanted = config.tls || Boolean(config.apiKey) || Boolean(config.tlsCertFile) || Boolean(config.tlsCaFile) || Boolean(config.tlsServerName);
  if (!wanted) return false;
  return {
    ...(config.tlsCertFile && config.tlsKeyFile ? { clientCertPair: { crt: readFileSync(config.tlsCertFile), key: readFileSync(config.tlsKeyFile) } } : {}),
    ...(config.tlsCaFile ? { serverRootCACertificate: readFileSync(config.tlsCaFile) } : {}),
    ...(config.tlsServerName ? { serverNameOverride: config.tlsServerName } : {}),
  };
}

export async function connectToTemporal(config: GatewayConfig['temporal'], address: string): Promise<NativeConnection> {
  return NativeConnection.connect({
    address,
    tls: temporalTls(config),
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
