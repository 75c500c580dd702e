// Finds a secret in text in the forms it could leak in: whole, any 12-character stretch of it, or
// base64 (standard or URL-safe) of it at any byte alignment. Also flattens a Temporal history into
// the texts it holds, payload bytes decoded, so a scan sees what `temporal workflow show` would.

const WINDOW = 12;

function base64Forms(secret: string): string[] {
  const forms: string[] = [];
  for (let offset = 0; offset < 3; offset += 1) {
    // 12 bytes from this offset encode to 16 characters that never depend on what surrounds them.
    const encoded = Buffer.from(secret.slice(offset), 'utf8').toString('base64').slice(0, 16);
    if (encoded.length === 16) forms.push(encoded, encoded.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return forms;
}

/** Every form of `secret` this scan looks for, each with a label saying which form it is. */
export function secretForms(secret: string): Array<{ form: string; label: string }> {
  const forms = [{ form: secret, label: 'whole' }];
  for (let start = 0; start + WINDOW <= secret.length; start += 1) forms.push({ form: secret.slice(start, start + WINDOW), label: `characters ${start}–${start + WINDOW}` });
  for (const encoded of base64Forms(secret)) forms.push({ form: encoded, label: 'base64' });
  return forms;
}

/** "<name>: <form>" for every secret found in `text`. */
export function findSecrets(text: string, secrets: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [name, secret] of Object.entries(secrets)) {
    const hit = secretForms(secret).find(({ form }) => text.includes(form));
    if (hit) found.push(`${name} (${hit.label})`);
  }
  return found;
}

/** Every string in a decoded Temporal history, with payload bytes as UTF-8 text and as base64. */
export function historyTexts(history: unknown): string {
  const texts: string[] = [];
  const pending: unknown[] = [history];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'string') texts.push(value);
    else if (value instanceof Uint8Array) texts.push(Buffer.from(value).toString('utf8'), Buffer.from(value).toString('base64'));
    else if (value !== null && typeof value === 'object') pending.push(...Object.values(value));
  }
  return texts.join('\n');
}
