// The Temporal server integration tests run against: the shared dev server `npm test` starts
// (TEMPORAL_TEST_ADDRESS), or, when a test file runs on its own, a dev server of its own.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSilentLogger } from '../../core/logger.ts';
import { startDevServer } from '../../core/temporal/dev-server.ts';
import { obtainTemporalCli } from '../../core/temporal/obtain-temporal-cli.ts';
import { waitForTemporalFrontend } from '../../worker/wait-for-temporal.ts';
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
    cliPath: await obtainTemporalCli({ configuredPath: process.env.TEMPORAL_CLI_PATH || undefined, announce: (line) => process.stderr.write(`${line}\n`) }),
    dataDir,
    port: await freePort(),
    uiPort: await freePort(),
    namespace: 'default',
    logger: createSilentLogger(),
  });
  try {
    await waitForTemporalFrontend({ address: server.address, namespace: 'default', logFile: server.logFile, exited: server.exited });
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    address: server.address,
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
