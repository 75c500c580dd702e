#!/usr/bin/env node
// The container image's HEALTHCHECK: exits 0 when this gateway's /healthz answers 200 (Temporal
// reachable and a worker polling the task queue), 1 otherwise. Plain Node, no curl in the image.
/* global fetch, AbortSignal */
const port = process.env.SERVER_PORT || '8013';
const prefix = process.env.API_PREFIX || '/';
const url = `http://127.0.0.1:${port}${prefix.endsWith('/') ? prefix : `${prefix}/`}healthz`;

try {
  const response = await fetch(url, { signal: AbortSignal.timeout(4_000) });
  if (response.status !== 200) process.stderr.write(`${url}: ${response.status} ${await response.text()}\n`);
  process.exit(response.status === 200 ? 0 : 1);
} catch (error) {
  process.stderr.write(`${url}: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
