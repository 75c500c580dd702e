// Keys the simulator refuses as a real provider refuses a revoked key: 401 in that protocol's error
// shape, with the presented key echoed in the message (as some providers do), so tests can prove the
// gateway never passes it on.
import type { IncomingMessage } from 'node:http';

export function presentedKey(request: IncomingMessage, query: URLSearchParams): string | undefined {
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const bearer = header('authorization');
  if (bearer?.startsWith('Bearer ')) return bearer.slice(7);
  return header('x-api-key') ?? header('x-goog-api-key') ?? query.get('key') ?? undefined;
}

/** The 401 answer for `path`, in the protocol that path belongs to. */
export function rejectionBody(path: string, key: string): unknown {
  const message = `Incorrect API key provided: ${key}. You can find your API key in your account settings.`;
  if (path === '/v1/messages') return { type: 'error', error: { type: 'authentication_error', message } };
  if (/^\/(v1|v1beta|v1alpha)\/models(\/|$)/.test(path) && !path.startsWith('/v1/models')) return { error: { code: 401, message, status: 'UNAUTHENTICATED' } };
  return { error: { message, type: 'invalid_request_error', code: 'invalid_api_key' } };
}
