#!/usr/bin/env node
// `npm test`: everything a fresh machine needs. Obtains the Temporal CLI, a Redis-compatible server and Compose v2
// (into .tools/ when missing), typechecks, lints, starts one shared Temporal dev server for the
// integration suites, and runs every test file. NODE_BIN runs the suites on another Node binary; with
// CI set (or TEST_NODE_VERSIONS=22,24) they run again on each of those Node majors, fetched from npm.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { obtainTemporalCli } = await import('../core/temporal/obtain-temporal-cli.ts');
const { obtainRedisServerBinary } = await import('../test/support/redis-server.ts');
const { obtainComposeCli } = await import('../test/support/compose-cli.ts');
const { obtainNodeBinary } = await import('./obtain-node.ts');
const { waitForTemporalFrontend } = await import('../worker/wait-for-temporal.ts');

const announce = (line) => process.stderr.write(`${line}\n`);

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

async function waitForPort(port, child, deadlineMs, logFile) {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const open = await new Promise((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the Temporal dev server for the tests did not start; its log: ${logFile}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function extraNodeVersions() {
  const listed = process.env.TEST_NODE_VERSIONS ?? (process.env.CI && process.env.CI !== 'false' ? '22,24' : '');
  return listed.split(',').map((version) => version.trim()).filter(Boolean);
}

async function obtainOrExit(what, obtain) {
  try {
    return await obtain();
  } catch (error) {
    process.stderr.write(`npm test cannot run: ${what}\n${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

const only = process.argv.slice(2);
const temporalCli = await obtainOrExit('no Temporal CLI', () => obtainTemporalCli({ configuredPath: process.env.TEMPORAL_CLI_PATH || undefined, announce }));
const redisServer = await obtainOrExit('no Redis-compatible server', () => obtainRedisServerBinary({ announce }));
const composeCli = await obtainOrExit('no Compose v2 to validate docker-compose.yml with', () => obtainComposeCli({ announce }));
const runtimes = [process.env.NODE_BIN || process.execPath];
if (spawnSync(runtimes[0], ['--version']).status !== 0) {
  process.stderr.write(`npm test cannot run: NODE_BIN=${runtimes[0]} is not a working node binary\n`);
  process.exit(1);
}
for (const version of extraNodeVersions()) {
  runtimes.push(await obtainOrExit(`no Node.js ${version}`, () => obtainNodeBinary(version, { announce })));
}
if (only.length === 0) {
  run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', root]);
  run(process.execPath, [path.join(root, 'node_modules/eslint/bin/eslint.js'), '.']);
}

const port = await freePort();
const databaseDirectory = mkdtempSync(path.join(os.tmpdir(), 'gateway-test-temporal-'));
const logFile = path.join(databaseDirectory, 'temporal.log');
const logFd = openSync(logFile, 'w');
const temporal = spawn(
  temporalCli,
  ['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'error',
    '--db-filename', path.join(databaseDirectory, 'temporal.db'),
    '--dynamic-config-value', 'system.enableEagerWorkflowStart=true'],
  { stdio: ['ignore', logFd, logFd] },
);
closeSync(logFd);
const temporalExited = new Promise((resolve) => temporal.once('exit', resolve));
let keepLog = false;
const stopTemporal = async () => {
  if (temporal.exitCode === null) temporal.kill('SIGTERM');
  await Promise.race([temporalExited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  if (!keepLog) rmSync(databaseDirectory, { recursive: true, force: true });
};
process.on('exit', () => {
  if (temporal.exitCode === null) temporal.kill('SIGKILL');
});
let exitCode = 1;
try {
  try {
    await waitForPort(port, temporal, 60_000, logFile);
    await waitForTemporalFrontend({ address: `127.0.0.1:${port}`, namespace: 'default', logFile, exited: () => temporal.exitCode !== null });
  } catch (error) {
    keepLog = true;
    throw error;
  }
  const files = only.length > 0 ? only : [...testFiles('test/unit'), ...testFiles('test/integration')];
  exitCode = 0;
  for (const runtime of runtimes) {
    if (runtimes.length > 1) {
      const version = spawnSync(runtime, ['--version'], { encoding: 'utf8' }).stdout.trim();
      process.stdout.write(`# suites on Node.js ${version} (${runtime})\n`);
    }
    const result = spawnSync(
      runtime,
      // Node 23+ prints the spec reporter everywhere; keep TAP off a terminal on every version, as Node 20 does.
      ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=180000', ...(process.stdout.isTTY ? [] : ['--test-reporter=tap']), ...files],
      {
        cwd: root,
        stdio: 'inherit',
        env: { ...process.env, TEMPORAL_TEST_ADDRESS: `127.0.0.1:${port}`, TEMPORAL_CLI_PATH: temporalCli, REDIS_SERVER_PATH: redisServer, COMPOSE_CLI_PATH: composeCli },
      },
    );
    if (result.status !== 0) exitCode = result.status ?? 1;
  }
} finally {
  await stopTemporal();
}
process.exit(exitCode);
