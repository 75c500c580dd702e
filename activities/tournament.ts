// Activities of a tournament that are not provider calls: checking and testing generated code in the
// sandbox, reading the judge's JSON, estimating a round's cost before it starts, and keeping results.
import { Context } from '@temporalio/activity';
import { extractCode } from '../core/code/extract-code.ts';
import type { CodeLanguage, CodeTest } from '../core/sandbox/code-sandbox.ts';
import { countMessageTokens } from '../core/tokens/count-tokens.ts';
import { parseJudgeReply } from '../core/tournaments/judge-verdict.ts';
import type { CodeReport, JudgementParse, RoundEstimateInput, TournamentResults } from '../core/tournaments/types.ts';
import type { ActivityDeps } from './deps.ts';

const HEARTBEAT_INTERVAL_MS = 1_000;

export function createTournamentActivities(deps: ActivityDeps) {
  return {
    async checkCode(input: { language: CodeLanguage; answer: string; tests: CodeTest[] }): Promise<CodeReport> {
      const sandbox = deps.sandbox;
      if (!sandbox) throw new Error('this worker has no code sandbox');
      const extracted = extractCode(input.answer, input.language);
      // A reply that is nothing but code has no fences to find.
      const code = extracted.blocks.length > 0 ? extracted.code : input.answer.trim();
      const context = Context.current();
      const timer = setInterval(() => context.heartbeat(), HEARTBEAT_INTERVAL_MS);
      try {
        const syntax = await sandbox.checkSyntax(input.language, code);
        const tests = syntax.ok ? await sandbox.runTests(input.language, code, input.tests, context.cancellationSignal) : [];
        return { code, syntax_ok: syntax.ok, ...(syntax.error ? { syntax_error: syntax.error } : {}), tests, isolation: sandbox.isolation() };
      } finally {
        clearInterval(timer);
      }
    },

    async parseJudgement(input: { text: string; labels: string[] }): Promise<JudgementParse> {
      return parseJudgeReply(input.text, input.labels);
    },

    /** Dollars the calls would cost: prompt tokens counted with the tokenizer, output as estimated. */
    async estimateTournamentRound(input: RoundEstimateInput): Promise<number> {
      let total = 0;
      for (const call of input.calls) {
        const model = deps.registry.resolve({ provider: call.provider, model: call.model });
        const tokens = countMessageTokens([{ role: 'user', content: call.prompt }], call.system, model).tokens + (call.extraInputTokens ?? 0);
        total += (tokens * model.prices.input + call.outputTokens * model.prices.output) / 1e6;
      }
      return Math.round(total * 1e12) / 1e12;
    },

    async saveTournament(results: TournamentResults): Promise<void> {
      if (!deps.tournaments) throw new Error('this worker has no tournament store');
      await deps.tournaments.save(results);
    },
  };
}
