// Guesses what kind of work a task is from its wording, so routing can pick a model good enough for
// it and no more expensive. Deterministic keyword and pattern rules, no model call: the same task
// always gets the same answer, and `reason` names the words that decided it.
//
// Rules, in order of precedence (the first type with the most points wins):
// - each matching pattern in the task description scores 2 points for its type;
// - when the description gives no clue, the input is checked: code-looking input (fences, `function`,
//   `def`, `import`, braces and semicolons) scores code; input ending in "?" scores qa;
// - no points at all: `general`.
// Confidence grows with the winning score and shrinks when a runner-up is close.

export const TASK_TYPES = [
  'summarization',
  'extraction',
  'classification',
  'translation',
  'code',
  'reasoning',
  'creative',
  'qa',
  'rewriting',
  'general',
] as const;
export type TaskType = (typeof TASK_TYPES)[number];

export interface TaskClassification {
  taskType: TaskType;
  /** 0 to 1. */
  confidence: number;
  reason: string;
}

type ScoredType = Exclude<TaskType, 'general'>;

/** Listed in precedence order: on a tie, the earlier type wins. */
const TASK_PATTERNS: ReadonlyArray<[ScoredType, readonly RegExp[]]> = [
  ['translation', [/\btranslat\w*/i, /\b(into|to) (english|french|german|spanish|italian|portuguese|japanese|chinese|korean|russian|arabic|dutch|polish|hindi)\b/i, /\blocali[sz]\w*/i]],
  ['code', [/\bcode\b/i, /\b(function|class|method|script|program|regex|sql query|unit tests?)\b/i, /\b(refactor|debug|implement|compile)\w*/i, /\b(typescript|javascript|python|rust|golang|java|c\+\+|bash)\b/i, /\bstack ?trace\b/i, /\bbug\b/i]],
  ['summarization', [/\bsummar\w*/i, /\btl;?dr\b/i, /\b(condense|recap|digest|key points|main points|gist|abstract)\b/i]],
  ['extraction', [/\bextract\w*/i, /\b(pull out|parse|list all|find all|named entities|entities)\b/i, /\binto (json|a table|csv)\b/i, /\b(fields|structured data)\b/i]],
  ['classification', [/\bclassif\w*/i, /\bcategori[sz]\w*/i, /\b(label|tag|sentiment|triage)\b/i, /\bwhich (category|class|bucket)\b/i, /\bspam or\b/i]],
  ['reasoning', [/\b(prove|proof|derive|deduce|logic puzzle|step by step)\b/i, /\b(solve|calculate|compute)\b/i, /\b(math|equation|probability)\b/i, /\b(analy[sz]e|trade-?offs?|plan)\b/i]],
  ['rewriting', [/\b(rewrite|rephrase|paraphrase|reword|proofread)\w*/i, /\b(simplify|shorten|polish)\b/i, /\b(fix|correct) (the )?(grammar|spelling|typos?)\b/i, /\bmake (it|this) (more|less)\b/i, /\b(formal|casual) tone\b/i]],
  ['creative', [/\b(story|poem|haiku|lyrics|slogan|tagline|joke|fiction|novel|screenplay)\b/i, /\bbrainstorm\w*/i, /\b(creative|imagine|invent)\b/i]],
  ['qa', [/^(what|who|when|where|why|how|which)\b/i, /\?\s*$/, /\b(answer|explain|question)\b/i]],
];

const CODE_INPUT = [/```/, /\b(function|def|class|import|const|let|return)\b[^\n]*[({:=]/, /[;{}]\s*\n/];
/** How much of the input's start (and end, for a closing question) is looked at: classification stays cheap for any length. */
const INPUT_SAMPLE_CHARS = 4096;

function scoreText(text: string): Map<ScoredType, string[]> {
  const found = new Map<ScoredType, string[]>();
  for (const [taskType, patterns] of TASK_PATTERNS) {
    const words = patterns.map((pattern) => text.match(pattern)?.[0]).filter((word): word is string => word !== undefined);
    if (words.length > 0) found.set(taskType, words);
  }
  return found;
}

function roundConfidence(value: number): number {
  return Math.round(value * 100) / 100;
}

export function classifyTask(task: string, input?: string): TaskClassification {
  const scores = new Map<ScoredType, number>();
  const evidence = new Map<ScoredType, string[]>();
  for (const [taskType, words] of scoreText(task)) {
    scores.set(taskType, words.length * 2);
    evidence.set(taskType, words.map((word) => `"${word.trim()}"`));
  }
  if (scores.size === 0 && input) {
    const start = input.slice(0, INPUT_SAMPLE_CHARS);
    if (CODE_INPUT.some((pattern) => pattern.test(start))) {
      scores.set('code', 1);
      evidence.set('code', ['input that looks like source code']);
    } else if (/\?\s*$/.test(input.slice(-INPUT_SAMPLE_CHARS))) {
      scores.set('qa', 1);
      evidence.set('qa', ['input that ends in a question']);
    }
  }
  const ranked = TASK_PATTERNS.map(([taskType]) => taskType)
    .filter((taskType) => scores.has(taskType))
    .sort((left, right) => (scores.get(right) ?? 0) - (scores.get(left) ?? 0));
  const winner = ranked[0];
  if (winner === undefined) {
    return { taskType: 'general', confidence: 0.3, reason: 'no task keywords matched; treated as general' };
  }
  const top = scores.get(winner) ?? 0;
  const runnerUp = ranked[1] === undefined ? 0 : (scores.get(ranked[1]) ?? 0);
  const confidence = roundConfidence(Math.min(0.95, 0.45 + 0.1 * top) - (runnerUp >= top ? 0.2 : runnerUp > 0 ? 0.1 : 0));
  const also = ranked[1] === undefined ? '' : `; also looked like ${ranked.slice(1).join(', ')}`;
  return { taskType: winner, confidence, reason: `${winner}: matched ${(evidence.get(winner) ?? []).join(', ')}${also}` };
}
