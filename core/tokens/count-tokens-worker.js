// Entry of the token-counting worker threads: loads the TypeScript counter in the thread and counts
// one text or conversation per task, so a large text never blocks the gateway's event loop.
import { register } from 'tsx/esm/api';

register();
const { countMessageTokens, countTextTokens } = await import('./count-tokens.ts');

export default function count({ text, messages, system, model }) {
  return text !== undefined ? countTextTokens(text, model) : countMessageTokens(messages, system, model);
}
