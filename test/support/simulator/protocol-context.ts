// What a protocol route needs from the simulator core: the script queue, the defaults and the
// request log. Shared so every protocol applies scripted latency, hangs and errors the same way.
import type { ServerResponse } from 'node:http';
import type { RecordedRequest, ScriptStep } from './index.ts';

export interface ProtocolContext {
  /** `namedOnly`: take only a step that names this model (embeddings leave unnamed steps to chat calls). */
  nextStep(model: string | undefined, options?: { namedOnly?: boolean; conversation?: string }): ScriptStep;
  /** latencyMaxMs above latencyMs: each answer waits a uniformly random time between the two. */
  defaults(): { latencyMs: number; latencyMaxMs: number; streamChunkDelayMs: number };
  record(request: Omit<RecordedRequest, 'at'>): void;
}

export interface IncomingCall {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function tokensOf(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Resolves true as soon as the client goes away, false once the delay has passed. */
function waitUnlessClosed(ms: number, response: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const onClose = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      response.off('close', onClose);
      resolve(false);
    }, ms);
    response.once('close', onClose);
  });
}

/**
 * Waits out the step's latency and answers a scripted error or hang. Returns true when the
 * response is already settled (client gone, hanging, or error written) and the route must stop.
 */
export async function settleScriptedPreamble(step: ScriptStep, context: ProtocolContext, response: ServerResponse, errorBody: (status: number, message: string) => unknown): Promise<boolean> {
  const { latencyMs, latencyMaxMs } = context.defaults();
  const latency = step.latencyMs ?? (latencyMaxMs > latencyMs ? latencyMs + Math.random() * (latencyMaxMs - latencyMs) : latencyMs);
  if (latency > 0 && (await waitUnlessClosed(latency, response))) return true;
  if (step.hang) return true;
  if (step.error) {
    response.writeHead(step.error.status, { 'content-type': 'application/json', ...step.error.headers });
    response.end(JSON.stringify(errorBody(step.error.status, step.error.message)));
    return true;
  }
  return false;
}

export function writeJson(response: ServerResponse, status: number, payload: unknown): void {
  const text = JSON.stringify(payload);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
