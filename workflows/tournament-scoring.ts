// How answers become scores and the leaderboard. Text: the judge's 0–10. Code: tests passed (60%,
// weighted), one point for code that parses, the judge's quality (30%), minus up to two points for
// tests killed at the time limit (a hang is worse than a wrong answer); clamped to 0–10.
import type { CodeReport, LeaderboardRow, ScoreBreakdown, TournamentRound } from '../core/tournaments/types.ts';
import type { ModelTarget } from '../core/jobs/types.ts';

const round2 = (value: number) => Math.round(value * 100) / 100;

/** `tests`: the tournament's tests; code that does not parse runs none of them and fails them all. */
export function codeBreakdown(report: CodeReport, tests: Array<{ weight?: number | undefined }>, quality: number | null, judge: string | undefined): { score: number; breakdown: ScoreBreakdown } {
  const total = tests.reduce((sum, test) => sum + (test.weight ?? 1), 0);
  const passedWeight = report.tests.filter((test) => test.passed).reduce((sum, test) => sum + test.weight, 0);
  const timedOutWeight = report.tests.filter((test) => test.timed_out).reduce((sum, test) => sum + test.weight, 0);
  const parses = report.syntax_ok ? 1 : 0;
  const qualityPoints = quality ?? 0;
  let score: number;
  let testsScore: number | undefined;
  if (total > 0) {
    testsScore = (10 * passedWeight) / total;
    score = 0.6 * testsScore + parses + 0.3 * qualityPoints - (2 * timedOutWeight) / total;
  } else {
    score = parses + 0.9 * qualityPoints;
  }
  const breakdown: ScoreBreakdown = {
    quality,
    ...(judge ? { judge } : {}),
    syntax_ok: report.syntax_ok,
    ...(report.syntax_error ? { syntax_error: report.syntax_error } : {}),
    tests_passed: report.tests.filter((test) => test.passed).length,
    tests_failed: report.tests.filter((test) => !test.passed && !test.timed_out).length + (tests.length - report.tests.length),
    tests_timed_out: report.tests.filter((test) => test.timed_out).length,
    tests_total: tests.length,
    ...(testsScore !== undefined ? { tests_score: round2(testsScore) } : {}),
    tests: report.tests,
    isolation: report.isolation,
  };
  return { score: round2(Math.min(10, Math.max(0, score))), breakdown };
}

export function leaderboardOf(contestants: ModelTarget[], rounds: TournamentRound[]): LeaderboardRow[] {
  const rows = contestants.map((target) => {
    const history = rounds.flatMap((round) =>
      round.entries.filter((entry) => entry.provider === target.provider && entry.model === target.model).map((entry) => ({ round: round.round, score: entry.score, breakdown: entry.breakdown, cost: entry.cost_usd })),
    );
    const mean = history.length > 0 ? history.reduce((sum, each) => sum + each.score, 0) / history.length : 0;
    return {
      row: {
        provider: target.provider,
        model: target.model,
        score: history.at(-1)?.score ?? 0,
        rank: 0,
        cost_usd: Math.round(history.reduce((sum, each) => sum + each.cost, 0) * 1e12) / 1e12,
        rounds: history.map(({ round, score, breakdown }) => ({ round, score, breakdown })),
      },
      mean,
    };
  });
  // The last round's score decides; the average over all rounds, then the lower cost, break ties.
  rows.sort((a, b) => b.row.score - a.row.score || b.mean - a.mean || a.row.cost_usd - b.row.cost_usd);
  return rows.map(({ row }, index) => ({ ...row, rank: index + 1 }));
}
