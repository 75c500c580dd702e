#!/usr/bin/env node
// `npm test`: everything a fresh machine needs. Obtains the Temporal CLI, typechecks, lints, starts
// one shared Temporal dev server for the integration suites, and runs every test file.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { ensureTemporalCli } = await import('./install-temporal-cli.ts');

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function testFiles(directory) {
  const absolute = path.join(root, directory);
  return readdirSync(absolute, { recursive: true, withFileTypes: false })
    .filter((name) => String(name).endsWith('.test.ts'))
    .map((name) => path.join(directory, String(name)))
    .sort();
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

async function waitForPort(port, child, deadlineMs) {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const open = await new Promise((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error('the Temporal dev server for the tests did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const only = process.argv.slice(2);
const temporalCli = ensureTemporalCli(process.env.TEMPORAL_CLI_PATH || undefined);
if (only.length === 0) {
  run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', root]);
  run(process.execPath, [path.join(root, 'node_modules/eslint/bin/eslint.js'), '.']);
}

const port = await freePort();
const databaseDirectory = mkdtempSync(path.join(os.tmpdir(), 'gateway-test-temporal-'));
const temporal = spawn(
  temporalCli,
  ['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'error',
    '--db-filename', path.join(databaseDirectory, 'temporal.db'),
    '--dynamic-config-value', 'system.enableEagerWorkflowStart=true'],
  { stdio: ['ignore', 'ignore', 'ignore'] },
);
const temporalExited = new Promise((resolve) => temporal.once('exit', resolve));
const stopTemporal = async () => {
  if (temporal.exitCode === null) temporal.kill('SIGTERM');
  await Promise.race([temporalExited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  rmSync(databaseDirectory, { recursive: true, force: true });
};
process.on('exit', () => {
  if (temporal.exitCode === null) temporal.kill('SIGKILL');
});
let exitCode = 1;
try {
  await waitForPort(port, temporal, 60_000);
  const files = only.length > 0 ? only : [...testFiles('test/unit'), ...testFiles('test/integration')];
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=180000', ...files],
    { cwd: root, stdio: 'inherit', env: { ...process.env, TEMPORAL_TEST_ADDRESS: `127.0.0.1:${port}`, TEMPORAL_CLI_PATH: temporalCli } },
  );
  exitCode = result.status ?? 1;
} finally {
  await stopTemporal();
}
process.exit(exitCode);
