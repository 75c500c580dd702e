// What every integration file sets up the same way: a Temporal server and a provider simulator for
// the whole file, and temporary folders removed when it ends. Registers the file's before/after hooks.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { startSimulator, type Simulator } from './simulator/index.ts';
import { useTemporalTestServer, type TestTemporal } from './temporal-test-server.ts';

export interface IntegrationSuite {
  readonly temporal: TestTemporal;
  readonly simulator: Simulator;
  /** A fresh folder under the system's temporary directory, removed after the file's tests. */
  temporaryDirectory(): string;
  /** Chat answers the simulator gave (embedding calls of the semantic cache are not answers). */
  chatCalls(): number;
}

export function useIntegrationSuite(prefix: string): IntegrationSuite {
  let temporal: TestTemporal | undefined;
  let simulator: Simulator | undefined;
  const directories: string[] = [];
  before(async () => {
    temporal = await useTemporalTestServer();
    simulator = await startSimulator();
  });
  after(async () => {
    await simulator?.close();
    await temporal?.stop();
    for (const directory of directories) rmSync(directory, { recursive: true, force: true });
  });
  return {
    get temporal() {
      if (!temporal) throw new Error('the suite has not started yet');
      return temporal;
    },
    get simulator() {
      if (!simulator) throw new Error('the suite has not started yet');
      return simulator;
    },
    temporaryDirectory() {
      const directory = mkdtempSync(path.join(os.tmpdir(), `gateway-${prefix}-`));
      directories.push(directory);
      return directory;
    },
    chatCalls() {
      return this.simulator.requests().filter((request) => request.path === '/v1/chat/completions').length;
    },
  };
}
