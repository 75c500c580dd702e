// A throwaway real Redis for tests: the installed redis-server binary on a free loopback port, with
// persistence off, stopped (and its process reaped) when the test is done.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { freePort } from './free-port.ts';

export interface TestRedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 10_000;
const MISSING_BINARY_MESSAGE = 'redis-server was not found; install redis-server: apt-get install redis-server';

export function findRedisServerBinary(): string {
  const candidates = ['/usr/bin/redis-server', ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map((directory) => path.join(directory, 'redis-server'))];
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      continue;
    }
  }
  throw new Error(MISSING_BINARY_MESSAGE);
}

export async function startRedisServer(): Promise<TestRedisServer> {
  const binary = findRedisServerBinary();
  const port = await freePort();
  const child = spawn(binary, ['--save', '', '--appendonly', 'no', '--port', String(port), '--bind', '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let spawnError: Error | undefined;
  // A test process that ends without stopping the server (a crash, process.exit) takes it along.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      process.off('exit', killOnExit);
      resolve();
    });
    child.once('error', (error) => {
      spawnError = error;
      process.off('exit', killOnExit);
      resolve();
    });
  });

  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (!(await answersPing(port))) {
    if (spawnError || child.exitCode !== null || Date.now() > deadline) {
      await stopProcess(child, exited);
      throw new Error(`redis-server did not start on port ${port}: ${spawnError?.message ?? output.trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () => stopProcess(child, exited),
  };
}

async function stopProcess(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await exited;
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let reply = '';
    const finish = (answered: boolean) => {
      socket.destroy();
      resolve(answered);
    };
    socket.setTimeout(500, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) finish(reply.startsWith('+PONG'));
    });
  });
}
