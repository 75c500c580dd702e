// Shapes of a tournament that cross the Temporal boundary and live in the results store: the
// workflow's input, each scored entry, the leaderboard and the whole result. Plain JSON only.
import type { ModelTarget, UsageSummary } from '../jobs/types.ts';
import type { ProviderId } from '../providers/types.ts';
import type { CodeLanguage, CodeTest, TestOutcome } from '../sandbox/code-sandbox.ts';
import type { Isolation } from '../sandbox/isolation.ts';

export type TournamentType = 'code' | 'text';
export type TournamentStatus = 'running' | 'completed' | 'cancelled' | 'failed';
export type TournamentStopReason = 'budget' | 'cancelled';

export interface TournamentInput {
  tournamentId: string;
  name: string;
  prompt: string;
  type: TournamentType;
  contestants: ModelTarget[];
  rounds: number;
  language?: CodeLanguage;
  tests: CodeTest[];
  rubric: string;
  judge: ModelTarget;
  /** Judges answers of the judge's own model; absent when no other judge is configured. */
  alternateJudge?: ModelTarget;
  maxCostUsd?: number;
  maxTokens?: number;
  /** Limit of one answer's code checks (syntax and every test), from the sandbox settings. */
  codeCheckTimeoutMs: number;
  createdAt: string;
}

/** What the code checks found in one answer (code tournaments). */
export interface CodeReport {
  code: string;
  syntax_ok: boolean;
  syntax_error?: string;
  tests: TestOutcome[];
  isolation: Isolation;
}

export interface ScoreBreakdown {
  /** The judge's score on the rubric, 0–10; null when the judge gave no valid verdict. */
  quality: number | null;
  judge?: string;
  syntax_ok?: boolean;
  syntax_error?: string;
  tests_passed?: number;
  tests_failed?: number;
  tests_timed_out?: number;
  tests_total?: number;
  /** Weighted share of tests passed, 0–10. */
  tests_score?: number;
  tests?: TestOutcome[];
  isolation?: Isolation;
  error?: string;
}

export interface TournamentEntry {
  provider: ProviderId;
  model: string;
  answer: string;
  score: number;
  breakdown: ScoreBreakdown;
  feedback: string;
  usage: UsageSummary | null;
  cost_usd: number;
  latency_ms: number;
}

export interface TournamentRound {
  round: number;
  entries: TournamentEntry[];
  /** What judging this round cost (included in total_cost_usd). */
  judge_cost_usd: number;
}

export interface LeaderboardRow {
  provider: ProviderId;
  model: string;
  score: number;
  rank: number;
  cost_usd: number;
  rounds: Array<{ round: number; score: number; breakdown: ScoreBreakdown }>;
}

export interface TournamentProgress {
  tournament_id: string;
  name: string;
  type: TournamentType;
  status: TournamentStatus;
  /** The round running now, or the last one played. */
  round: number;
  rounds: number;
  phase: 'starting' | 'answering' | 'scoring' | 'done';
  /** Share of the planned work done, 0–1. */
  progress: number;
  cost_usd_so_far: number;
  current_leader: { provider: ProviderId; model: string; score: number } | null;
  stopped?: TournamentStopReason;
  created_at: string;
  updated_at: string;
}

export interface TournamentResults extends TournamentProgress {
  leaderboard: LeaderboardRow[];
  winner: { provider: ProviderId; model: string; score: number } | null;
  round_results: TournamentRound[];
  total_cost_usd: number;
  error?: string;
}

/** The judge's verdict on one labelled answer. */
export interface JudgeVerdict {
  label: string;
  score: number;
  feedback: string;
}

export interface JudgementParse {
  ok: boolean;
  verdicts?: JudgeVerdict[];
  /** true when the JSON had to be repaired before it validated. */
  repaired?: boolean;
  error?: string;
}

export interface RoundEstimateInput {
  /** extraInputTokens: input already known only by size (the answers a judge will read). */
  calls: Array<{ provider: ProviderId; model: string; system?: string; prompt: string; extraInputTokens?: number; outputTokens: number }>;
}
