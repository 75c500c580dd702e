// Builds the workflow bundle ahead of time (the container image does it at build time), so a worker
// starts from prebuilt code instead of running webpack on its first start.
import { createLogger } from '../core/logger.ts';
import { BUNDLE_CACHE_DIRECTORY, loadWorkflowBundle } from '../worker/workflow-bundle.ts';

const logger = createLogger({ level: 'info', rich: false, format: 'json', file: undefined, toStderr: true });
await loadWorkflowBundle(logger);
process.stdout.write(`workflow bundle ready in ${BUNDLE_CACHE_DIRECTORY}\n`);
