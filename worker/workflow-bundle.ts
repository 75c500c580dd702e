// Builds the workflow bundle once and keeps it on disk keyed by the hash of the workflow sources,
// so a restart skips webpack (seconds) and the worker starts from prebuilt code.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { Logger } from 'pino';

export const WORKFLOWS_DIRECTORY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'workflows');
/** A build artifact derived from source, so it lives with other tool caches, not in DATA_DIR. */
export const BUNDLE_CACHE_DIRECTORY = path.resolve(WORKFLOWS_DIRECTORY, '..', 'node_modules', '.cache', 'delegation-gateway');

function sourceHash(): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(WORKFLOWS_DIRECTORY).sort()) {
    if (!name.endsWith('.ts')) continue;
    hash.update(name).update(readFileSync(path.join(WORKFLOWS_DIRECTORY, name)));
  }
  const workflowPackage = path.resolve(WORKFLOWS_DIRECTORY, '..', 'node_modules', '@temporalio', 'workflow', 'package.json');
  if (existsSync(workflowPackage)) hash.update(readFileSync(workflowPackage));
  return hash.digest('hex').slice(0, 16);
}

export async function loadWorkflowBundle(logger: Logger, cacheDirectory = BUNDLE_CACHE_DIRECTORY): Promise<{ code: string }> {
  const file = path.join(cacheDirectory, `workflow-bundle-${sourceHash()}.js`);
  if (existsSync(file)) return { code: readFileSync(file, 'utf8') };
  const started = performance.now();
  const { code } = await bundleWorkflowCode({
    workflowsPath: path.join(WORKFLOWS_DIRECTORY, 'index.ts'),
    logger: {
      trace: () => undefined,
      debug: () => undefined,
      info: () => undefined,
      log: () => undefined,
      warn: (message: string) => logger.warn({ event: 'worker' }, message),
      error: (message: string) => logger.error({ event: 'worker' }, message),
    },
  });
  mkdirSync(cacheDirectory, { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, code);
  renameSync(temporary, file);
  logger.info({ event: 'worker', ms: Math.round(performance.now() - started) }, 'workflow bundle built');
  return { code };
}
