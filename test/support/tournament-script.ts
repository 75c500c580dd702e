// Scripts the simulator for tournaments: contestants whose answers carry a marked quality per round,
// and a judge that reads each labelled answer and scores what it finds, so labels, shuffling and
// scoring are checked end to end rather than assumed.
import type { ScriptStep, Simulator } from './simulator/index.ts';

export const JUDGE_MARKER = 'Score each answer';

/** The round a contestant's prompt is for (round 1 prompts carry no round line). */
export function roundOf(conversation: string): number {
  return Number(/This is round (\d+) of/.exec(conversation)?.[1] ?? '1');
}

/** A contestant answering `quality=<n>` in each round, so the judge can score it. */
export function contestant(model: string, qualities: number[], options: Partial<ScriptStep> = {}): ScriptStep {
  return {
    model,
    times: qualities.length,
    usage: { inputTokens: 100, outputTokens: 50 },
    reply: (conversation) => {
      const round = roundOf(conversation);
      return `${model} answer for round ${round} quality=${qualities[round - 1] ?? 0}`;
    },
    ...options,
  };
}

/** The labelled answers in a judge prompt, with the text of each. */
export function answersInJudgePrompt(conversation: string): Array<{ label: string; text: string }> {
  return [...conversation.matchAll(/### Answer ([A-Z])\n([\s\S]*?)(?=\n### Answer |\n\nReply with only)/g)].map((match) => ({ label: match[1]!, text: match[2]! }));
}

/** A judge scoring each answer by its `quality=` mark (or `fixedScore`), replying with valid JSON. */
export function fairJudge(model: string, times: number, fixedScore?: number): ScriptStep {
  return {
    model,
    times,
    whenPromptIncludes: JUDGE_MARKER,
    usage: { inputTokens: 300, outputTokens: 60 },
    reply: (conversation) =>
      JSON.stringify({
        scores: answersInJudgePrompt(conversation).map(({ label, text }) => {
          const score = fixedScore ?? Number(/quality=(\d+)/.exec(text)?.[1] ?? 0);
          return { answer: label, score, feedback: `scored ${score}` };
        }),
      }),
  };
}

export function judgeRequests(simulator: Simulator, model?: string) {
  return simulator
    .requests()
    .filter((request) => JSON.stringify(request.body.messages ?? '').includes(JUDGE_MARKER) && (model === undefined || request.model === model));
}
