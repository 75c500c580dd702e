// Start-up against a dev server that has just opened its port: the gateway waits until the frontend
// answers, and when it never does the error names the server's log and shows its last lines.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { Connection } from '@temporalio/client';
import { createSilentLogger } from '../../core/logger.ts';
import { startDevServer } from '../../core/temporal/dev-server.ts';
import { obtainTemporalCli } from '../../core/temporal/obtain-temporal-cli.ts';
import { TemporalNotHealthyError, waitForTemporalFrontend } from '../../worker/wait-for-temporal.ts';
import { freePort } from '../support/free-port.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'gateway-temporal-start-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** Accepts connections and drops them: a port that is open but no Temporal frontend. */
async function silentPort(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.destroy();
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('waiting for the Temporal frontend', () => {
  it('returns once a freshly started dev server answers, so the first real call succeeds', async () => {
    const dataDir = path.join(root, 'fresh');
    const server = await startDevServer({
      cliPath: await obtainTemporalCli({ configuredPath: process.env.TEMPORAL_CLI_PATH || undefined, announce: () => undefined }),
      dataDir,
      port: await freePort(),
      uiPort: await freePort(),
      namespace: 'default',
      logger: createSilentLogger(),
    });
    try {
      assert.equal(server.logFile, path.join(dataDir, 'temporal-dev-server.log'));
      await waitForTemporalFrontend({ address: server.address, namespace: 'default', logFile: server.logFile, exited: server.exited });
      const connection = await Connection.connect({ address: server.address });
      try {
        const namespace = await connection.workflowService.describeNamespace({ namespace: 'default' });
        assert.equal(namespace.namespaceInfo?.name, 'default');
      } finally {
        await connection.close();
      }
    } finally {
      await server.stop();
    }
  });

  it('gives up after its bound, naming the log and quoting its end', async () => {
    const port = await silentPort();
    const logFile = path.join(root, 'silent.log');
    writeFileSync(logFile, 'starting\nunable to open database: disk I/O error\n');
    try {
      const error = await waitForTemporalFrontend({ address: `127.0.0.1:${port.port}`, namespace: 'default', logFile, timeoutMs: 2_000 }).then(
        () => assert.fail('expected an error'),
        (caught: unknown) => caught as Error,
      );
      assert.ok(error instanceof TemporalNotHealthyError);
      assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${port.port} did not become healthy within 2 s`));
      assert.ok(error.message.includes(`Its log: ${logFile}`));
      assert.match(error.message, /disk I\/O error/);
    } finally {
      await port.close();
    }
  });

  it('stops waiting at once when the server process has exited', async () => {
    const port = await silentPort();
    const started = Date.now();
    try {
      await assert.rejects(
        waitForTemporalFrontend({ address: `127.0.0.1:${port.port}`, namespace: 'default', logFile: path.join(root, 'gone.log'), exited: () => true, timeoutMs: 60_000 }),
        /exited before it became healthy .*Its log: .*gone\.log \(not readable\)/s,
      );
      assert.ok(Date.now() - started < 30_000, 'did not wait for the whole bound');
    } finally {
      await port.close();
    }
  });
});
