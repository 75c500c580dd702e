// One tournament, one workflow: each round is a fan-out of provider-call activities (every model
// answers, seeing the previous round's scored answers), then the answers are checked and judged.
// Progress is a query; every round is saved to the results store, and so is the end (completed,
// stopped by the budget, cancelled, or failed), so results outlive the workflow's history.
import { ActivityFailure, ApplicationFailure, CancellationScope, defineQuery, isCancellation, proxyActivities, proxyLocalActivities, setHandler, sleep } from '@temporalio/workflow';
import type { GatewayActivities } from '../activities/index.ts';
import type { ModelTarget, ProviderCallResult } from '../core/jobs/types.ts';
import type { CodeReport, JudgeVerdict, RoundEstimateInput, TournamentEntry, TournamentInput, TournamentProgress, TournamentResults, TournamentRound } from '../core/tournaments/types.ts';
import { activitiesFor } from './call-with-fallback.ts';
import { JUDGE_SYSTEM, firstRoundPrompt, improvementPrompt, judgePrompt, labelOf, repairRequest, shuffled } from './tournament-prompts.ts';
import { codeBreakdown, leaderboardOf } from './tournament-scoring.ts';

export const tournamentProgressQuery = defineQuery<TournamentProgress>('progress');
export const tournamentResultsQuery = defineQuery<TournamentResults>('results');

const JUDGE_ATTEMPTS = 3;
/** Output tokens assumed per answer when max_tokens is not set and no earlier round says better. */
const TYPICAL_ANSWER_TOKENS = 800;
const JUDGE_TOKENS_PER_ANSWER = 80;

const local = proxyLocalActivities<GatewayActivities>({ startToCloseTimeout: '30s', retry: { maximumAttempts: 3 } });
const storage = proxyActivities<GatewayActivities>({ startToCloseTimeout: '30s', retry: { maximumAttempts: 10, maximumInterval: '10s' } });

function failureMessage(error: unknown): string {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}

function isAbortedCall(error: unknown): boolean {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  return cause instanceof ApplicationFailure && cause.type === 'ProviderCallCancelled';
}

/**
 * A provider call the gateway aborted because the tournament is being cancelled: wait for the
 * request, which ends the tournament. An abort no cancellation follows is that model's failure only.
 */
async function rethrowCancellation(error: unknown): Promise<void> {
  if (isCancellation(error)) throw error;
  if (isAbortedCall(error)) await Promise.race([CancellationScope.current().cancelRequested, sleep('1 minute')]);
}

export async function tournamentWorkflow(input: TournamentInput): Promise<TournamentResults> {
  const rounds: TournamentRound[] = [];
  const state: { status: TournamentResults['status']; round: number; phase: TournamentProgress['phase']; unitsDone: number; spent: number; stopped?: TournamentResults['stopped']; error?: string; updatedAt: string } = {
    status: 'running',
    round: 0,
    phase: 'starting',
    unitsDone: 0,
    spent: 0,
    updatedAt: input.createdAt,
  };
  const unitsPerRound = input.contestants.length + 1;

  const results = (): TournamentResults => {
    const leaderboard = leaderboardOf(input.contestants, rounds);
    const leader = rounds.length > 0 && leaderboard[0] ? { provider: leaderboard[0].provider, model: leaderboard[0].model, score: leaderboard[0].score } : null;
    const total = Math.round(state.spent * 1e12) / 1e12;
    return {
      tournament_id: input.tournamentId,
      name: input.name,
      type: input.type,
      status: state.status,
      round: state.round,
      rounds: input.rounds,
      phase: state.phase,
      progress: state.status === 'completed' ? 1 : Math.round((state.unitsDone / (unitsPerRound * input.rounds)) * 1000) / 1000,
      cost_usd_so_far: total,
      current_leader: leader,
      ...(state.stopped ? { stopped: state.stopped } : {}),
      created_at: input.createdAt,
      updated_at: state.updatedAt,
      leaderboard,
      winner: state.status === 'running' ? null : leader,
      round_results: rounds,
      total_cost_usd: total,
      ...(state.error ? { error: state.error } : {}),
    };
  };
  const progress = (): TournamentProgress => {
    const { leaderboard: _leaderboard, winner: _winner, round_results: _rounds, total_cost_usd: _total, error: _error, ...rest } = results();
    return rest;
  };
  setHandler(tournamentProgressQuery, progress);
  setHandler(tournamentResultsQuery, results);
  const save = async () => {
    state.updatedAt = new Date().toISOString();
    await storage.saveTournament(results());
  };

  try {
    await save();
    for (let round = 1; round <= input.rounds; round++) {
      const previous = rounds.at(-1);
      const prompts = input.contestants.map((target) => promptFor(input, round, target, previous));
      if (input.maxCostUsd !== undefined) {
        const estimate = await local.estimateTournamentRound({ calls: estimatedCalls(input, prompts, previous) });
        if (state.spent + estimate > input.maxCostUsd) {
          state.stopped = 'budget';
          break;
        }
      }
      state.round = round;
      state.phase = 'answering';
      const answers = await Promise.all(
        input.contestants.map(async (target, index) => {
          const entry = await answer(input, target, prompts[index]!);
          state.spent += entry.cost_usd;
          state.unitsDone += 1;
          return entry;
        }),
      );
      state.phase = 'scoring';
      const judged = await scoreRound(input, answers);
      state.spent += judged.judgeCost;
      state.unitsDone += 1;
      rounds.push({ round, entries: judged.entries, judge_cost_usd: judged.judgeCost });
      await save();
    }
    state.status = 'completed';
    state.phase = 'done';
    await save();
    return results();
  } catch (error) {
    state.phase = 'done';
    if (isCancellation(error)) {
      state.status = 'cancelled';
      state.stopped = 'cancelled';
    } else {
      state.status = 'failed';
      state.error = failureMessage(error);
    }
    await CancellationScope.nonCancellable(save);
    throw error;
  }
}

function promptFor(input: TournamentInput, round: number, target: ModelTarget, previous: TournamentRound | undefined): string {
  if (!previous) return firstRoundPrompt(input);
  const listed = shuffled(previous.entries, Math.random).map((entry, index) => ({ label: labelOf(index), entry }));
  const own = listed.find(({ entry }) => entry.provider === target.provider && entry.model === target.model)?.label;
  return improvementPrompt(input, round, listed, own);
}

function estimatedCalls(input: TournamentInput, prompts: string[], previous: TournamentRound | undefined) {
  const outputOf = (target: ModelTarget) =>
    input.maxTokens ?? previous?.entries.find((entry) => entry.provider === target.provider && entry.model === target.model)?.usage?.output_tokens ?? TYPICAL_ANSWER_TOKENS;
  const calls: RoundEstimateInput['calls'] = input.contestants.map((target, index) => ({ provider: target.provider, model: target.model, prompt: prompts[index]!, outputTokens: outputOf(target) }));
  // The judge reads the task and every answer, and writes a short verdict per answer.
  const answerTokens = input.contestants.reduce((sum, target) => sum + outputOf(target), 0);
  calls.push({ provider: input.judge.provider, model: input.judge.model, prompt: `${input.prompt}\n${input.rubric}`, extraInputTokens: answerTokens, outputTokens: JUDGE_TOKENS_PER_ANSWER * input.contestants.length });
  return calls;
}

async function answer(input: TournamentInput, target: ModelTarget, prompt: string): Promise<TournamentEntry> {
  const started = Date.now();
  try {
    const result: ProviderCallResult = await activitiesFor(target).callProvider({
      messages: [{ role: 'user', content: prompt }],
      tool: 'create_tournament',
      provider: target.provider,
      model: target.model,
      ...(input.maxTokens !== undefined ? { maxTokens: input.maxTokens } : {}),
    });
    return { provider: target.provider, model: target.model, answer: result.text, score: 0, breakdown: { quality: null }, feedback: '', usage: result.usage, cost_usd: result.cost_usd, latency_ms: result.latency_ms };
  } catch (error) {
    await rethrowCancellation(error);
    const message = failureMessage(error);
    return { provider: target.provider, model: target.model, answer: '', score: 0, breakdown: { quality: null, error: message }, feedback: `no answer: ${message}`, usage: null, cost_usd: 0, latency_ms: Date.now() - started };
  }
}

async function scoreRound(input: TournamentInput, entries: TournamentEntry[]): Promise<{ entries: TournamentEntry[]; judgeCost: number }> {
  const answered = entries.filter((entry) => entry.answer.trim() !== '');
  const reports = new Map<TournamentEntry, CodeReport>();
  if (input.type === 'code') {
    const checker = proxyActivities<GatewayActivities>({
      startToCloseTimeout: input.codeCheckTimeoutMs,
      heartbeatTimeout: '15s',
      retry: { maximumAttempts: 2 },
    });
    await Promise.all(answered.map(async (entry) => reports.set(entry, await checker.checkCode({ language: input.language!, answer: entry.answer, tests: input.tests }))));
  }
  // The judge's own model is judged by another judge when one is configured.
  const isJudge = (entry: TournamentEntry) => entry.provider === input.judge.provider && entry.model === input.judge.model;
  const groups: Array<{ judge: ModelTarget; entries: TournamentEntry[] }> = input.alternateJudge
    ? [
        { judge: input.judge, entries: answered.filter((entry) => !isJudge(entry)) },
        { judge: input.alternateJudge, entries: answered.filter(isJudge) },
      ]
    : [{ judge: input.judge, entries: answered }];
  const verdicts = new Map<TournamentEntry, { verdict?: JudgeVerdict; judge: string; error?: string }>();
  let judgeCost = 0;
  for (const group of groups.filter((each) => each.entries.length > 0)) {
    const labelled = shuffled(group.entries, Math.random).map((entry, index) => ({ label: labelOf(index), entry, report: reports.get(entry) }));
    const outcome = await judge(group.judge, judgePrompt(input, labelled), labelled.map((each) => each.label));
    judgeCost += outcome.cost;
    const judgeName = `${group.judge.provider}/${group.judge.model}`;
    for (const { label, entry } of labelled) {
      const verdict = outcome.verdicts?.find((each) => each.label === label);
      verdicts.set(entry, { judge: judgeName, ...(verdict ? { verdict } : {}), ...(outcome.error ? { error: outcome.error } : {}) });
    }
  }
  const scored = entries.map((entry): TournamentEntry => {
    if (!entry.answer.trim()) return entry;
    const judged = verdicts.get(entry);
    const quality = judged?.verdict?.score ?? null;
    const feedback = judged?.verdict?.feedback ?? `the judge gave no valid verdict: ${judged?.error ?? 'unknown'}`;
    const report = reports.get(entry);
    if (report) {
      const { score, breakdown } = codeBreakdown(report, input.tests, quality, judged?.judge);
      return { ...entry, score, breakdown: judged?.error ? { ...breakdown, error: judged.error } : breakdown, feedback };
    }
    return { ...entry, score: quality ?? 0, breakdown: { quality, ...(judged ? { judge: judged.judge } : {}), ...(judged?.error ? { error: judged.error } : {}) }, feedback };
  });
  return { entries: scored, judgeCost: Math.round(judgeCost * 1e12) / 1e12 };
}

/** Asks the judge; a reply that is not valid JSON of the right shape is repaired, or asked for again. */
async function judge(target: ModelTarget, prompt: string, labels: string[]): Promise<{ verdicts?: JudgeVerdict[]; cost: number; error?: string }> {
  const messages: Array<{ role: 'user' | 'assistant'; content: string }> = [{ role: 'user', content: prompt }];
  let cost = 0;
  let lastError = 'no reply';
  for (let attempt = 1; attempt <= JUDGE_ATTEMPTS; attempt++) {
    let reply: ProviderCallResult;
    try {
      reply = await activitiesFor(target).callProvider({ messages, system: JUDGE_SYSTEM, responseFormat: 'json', tool: 'create_tournament', provider: target.provider, model: target.model });
    } catch (error) {
      await rethrowCancellation(error);
      return { cost, error: `the judge ${target.provider}/${target.model} failed: ${failureMessage(error)}` };
    }
    cost += reply.cost_usd;
    const parsed = await local.parseJudgement({ text: reply.text, labels });
    if (parsed.ok && parsed.verdicts) return { verdicts: parsed.verdicts, cost };
    lastError = parsed.error ?? 'invalid reply';
    messages.push({ role: 'assistant', content: reply.text }, { role: 'user', content: repairRequest(lastError) });
  }
  return { cost, error: `after ${JUDGE_ATTEMPTS} replies: ${lastError}` };
}
