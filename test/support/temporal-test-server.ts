// The Temporal server integration tests run against: the shared dev server `npm test` starts
// (TEMPORAL_TEST_ADDRESS), or, when a test file runs on its own, a dev server of its own.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSilentLogger } from '../../core/logger.ts';
import { startDevServer } from '../../core/temporal/dev-server.ts';
import { findTemporalCli } from '../../core/temporal/find-temporal-cli.ts';
import { freePort } from './free-port.ts';

export interface TestTemporal {
  address: string;
  stop(): Promise<void>;
}

export async function useTemporalTestServer(): Promise<TestTemporal> {
  const shared = process.env.TEMPORAL_TEST_ADDRESS;
  if (shared) return { address: shared, stop: async () => undefined };
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gateway-temporal-'));
  const server = await startDevServer({
    cliPath: findTemporalCli({ configuredPath: process.env.TEMPORAL_CLI_PATH }),
    dataDir,
    port: await freePort(),
    uiPort: await freePort(),
    namespace: 'default',
    logger: createSilentLogger(),
  });
  return {
    address: server.address,
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
