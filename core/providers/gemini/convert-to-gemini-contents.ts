// Chat messages to Gemini contents. Gemini knows only 'user' and 'model' turns and takes the
// system prompt separately, so system messages move to the system instruction and consecutive
// turns of one role become a single turn with several parts.
import type { Content } from '@google/genai';
import type { GenerateRequest } from '../types.ts';

export interface GeminiPrompt {
  contents: Content[];
  systemInstruction: string | undefined;
}

export function convertToGeminiContents(request: Pick<GenerateRequest, 'system' | 'messages'>): GeminiPrompt {
  const systemParts: string[] = request.system ? [request.system] : [];
  const contents: Content[] = [];
  for (const message of request.messages) {
    if (message.role === 'system') {
      systemParts.push(message.content);
      continue;
    }
    const role = message.role === 'assistant' ? 'model' : 'user';
    const previous = contents.at(-1);
    if (previous?.role === role) previous.parts = [...(previous.parts ?? []), { text: message.content }];
    else contents.push({ role, parts: [{ text: message.content }] });
  }
  return { contents, systemInstruction: systemParts.length > 0 ? systemParts.join('\n\n') : undefined };
}
