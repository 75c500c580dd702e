// What each contestant and the judge are asked in a round. Pure functions of the tournament's state,
// so the workflow builds the same prompts on replay.
import type { CodeReport, TournamentEntry, TournamentInput } from '../core/tournaments/types.ts';

export const JUDGE_SYSTEM = 'You judge answers strictly and fairly. Reply with one JSON object and nothing else.';

export function labelOf(index: number): string {
  return index < 26 ? String.fromCharCode(65 + index) : `A${index - 25}`;
}

/** A deterministic shuffle: `random` is the workflow's seeded Math.random. */
export function shuffled<Item>(items: Item[], random: () => number): Item[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

function codeInstruction(input: TournamentInput): string {
  return input.type === 'code' ? `\n\nWrite the solution in ${input.language}, as complete code in one fenced \`\`\`${input.language} block.` : '';
}

export function firstRoundPrompt(input: TournamentInput): string {
  return `${input.prompt}${codeInstruction(input)}`;
}

/** Round k > 1: the task, the previous round's answers anonymised with their scores and feedback. */
export function improvementPrompt(input: TournamentInput, round: number, previous: Array<{ label: string; entry: TournamentEntry }>, ownLabel: string | undefined): string {
  const listing = previous
    .map(({ label, entry }) => `### Answer ${label} (score ${entry.score.toFixed(1)}/10)\n${entry.answer || '(no answer)'}\n\nFeedback: ${entry.feedback || '(none)'}`)
    .join('\n\n');
  const own = ownLabel ? ` Answer ${ownLabel} is yours.` : '';
  return (
    `${input.prompt}\n\n---\nThis is round ${round} of ${input.rounds} of a competition. The previous round's answers follow, with their scores and feedback.${own}\n\n${listing}\n\n---\n` +
    `Write an improved answer to the task: keep what scored well and fix what the feedback criticises. Reply with your answer only.${codeInstruction(input)}`
  );
}

function checksOf(report: CodeReport | undefined): string {
  if (!report) return '';
  if (!report.syntax_ok) return `\nChecks: the code does not parse (${report.syntax_error ?? 'syntax error'}).`;
  if (report.tests.length === 0) return '\nChecks: the code parses.';
  const passed = report.tests.filter((test) => test.passed).length;
  const failures = report.tests
    .filter((test) => !test.passed)
    .map((test) => `${test.name}: ${test.timed_out ? 'killed at the time limit' : (test.error ?? 'failed').slice(0, 300)}`);
  return `\nChecks: the code parses; tests passed ${passed}/${report.tests.length}.${failures.length > 0 ? ` Failures: ${failures.join('; ')}` : ''}`;
}

export function judgePrompt(input: TournamentInput, answers: Array<{ label: string; entry: TournamentEntry; report?: CodeReport | undefined }>): string {
  const listing = answers
    .map(({ label, entry, report }) => `### Answer ${label}\n${report ? `\`\`\`${input.language}\n${report.code}\n\`\`\`` : entry.answer}${checksOf(report)}`)
    .join('\n\n');
  const codeNote = input.type === 'code' ? ' The checks under each answer were run by the organiser: weigh correctness by them.' : '';
  return (
    `Score each answer to the task below from 0 to 10 on: ${input.rubric}.${codeNote}\n\nTask:\n${input.prompt}\n\n${listing}\n\n` +
    `Reply with only this JSON, scoring every answer (${answers.map((answer) => answer.label).join(', ')}): {"scores": [{"answer": "A", "score": 0-10, "feedback": "one or two sentences"}, ...]}`
  );
}

export function repairRequest(error: string): string {
  return `That reply cannot be used: ${error}. Reply again with only the JSON object {"scores": [{"answer": "A", "score": 0-10, "feedback": "..."}, ...]}, scoring every answer.`;
}
