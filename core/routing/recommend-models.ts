// Ranks catalogue models for a task: drops those that cannot do it (capabilities, context window,
// output limit, provider not configured, over budget, below the task's quality floor) and orders the
// rest by the caller's priority. Estimates use list prices with no cache discount and leave out
// hidden reasoning tokens, so they are a floor for reasoning models.
import { computeCost } from '../costs/compute-cost.ts';
import type { ModelCapability, ModelEntry, QualityTier } from '../models/model-entry.ts';
import type { ModelRegistry } from '../models/registry.ts';
import { emptyUsage, type ProviderId } from '../providers/types.ts';
import type { TaskType } from './classify-task.ts';

export type RoutingPriority = 'cost' | 'quality' | 'speed' | 'balanced';

export interface RecommendationRequest {
  taskType: TaskType;
  expectedInputTokens: number;
  /** Defaults per task type (see DEFAULT_OUTPUT_TOKENS). */
  expectedOutputTokens?: number | undefined;
  requiredCapabilities?: readonly ModelCapability[] | undefined;
  maxCostUsd?: number | undefined;
  priority: RoutingPriority;
  /** Only these providers; all providers when absent. */
  configuredProviders?: readonly ProviderId[] | undefined;
}

export interface Recommendation {
  model: ModelEntry;
  estimatedCostUsd: number;
  /** 0 to 1, higher is better for the requested priority. */
  score: number;
  reason: string;
}

/** The worst quality tier still good enough for each task type (1 = top … 3 = basic). */
export const MINIMUM_QUALITY_TIER: Record<TaskType, QualityTier> = {
  summarization: 3,
  extraction: 3,
  classification: 3,
  translation: 3,
  code: 2,
  reasoning: 2,
  creative: 2,
  qa: 3,
  rewriting: 3,
  general: 3,
};

/** Output size when the caller gives none; `null` means "about as long as the input". */
export const DEFAULT_OUTPUT_TOKENS: Record<TaskType, number | null> = {
  summarization: 500,
  extraction: 500,
  classification: 20,
  translation: null,
  code: 1_500,
  reasoning: 2_000,
  creative: 1_000,
  qa: 500,
  rewriting: null,
  general: 800,
};

const WEIGHTS: Record<RoutingPriority, { cost: number; quality: number; speed: number }> = {
  cost: { cost: 1, quality: 0, speed: 0 },
  quality: { cost: 0.1, quality: 0.9, speed: 0 },
  speed: { cost: 0.1, quality: 0.1, speed: 0.8 },
  balanced: { cost: 0.5, quality: 0.3, speed: 0.2 },
};

export function estimateCostUsd(entry: ModelEntry, inputTokens: number, outputTokens: number): number {
  return computeCost(entry, { ...emptyUsage(), inputTokens, outputTokens }).total_usd;
}

function formatUsd(value: number): string {
  return value === 0 ? '$0' : `$${value.toPrecision(3)}`;
}

function whyExcluded(entry: ModelEntry, request: RecommendationRequest, outputTokens: number, cost: number): string | null {
  if (entry.kind !== 'chat') return 'not a chat model';
  if (request.configuredProviders && !request.configuredProviders.includes(entry.provider)) return 'provider not configured';
  const missing = (request.requiredCapabilities ?? []).filter((capability) => !entry.capabilities[capability]);
  if (missing.length > 0) return `lacks ${missing.join(', ')}`;
  if (entry.qualityTier > MINIMUM_QUALITY_TIER[request.taskType]) return 'below the quality floor';
  if (request.expectedInputTokens + outputTokens > entry.contextWindow) return 'context window too small';
  if (outputTokens > entry.maxOutputTokens) return 'output limit too small';
  if (request.maxCostUsd !== undefined && cost > request.maxCostUsd) return 'over budget';
  return null;
}

function lead(priority: RoutingPriority, rank: number): string {
  const first = rank === 0;
  switch (priority) {
    case 'cost':
      return first ? 'cheapest adequate model' : 'adequate, not the cheapest';
    case 'quality':
      return first ? 'highest quality tier, cheapest within it' : 'ranked by quality tier, then price';
    case 'speed':
      return first ? 'fastest adequate model' : 'ranked by speed tier';
    case 'balanced':
      return first ? 'best balance of price, quality and speed' : 'ranked by balance of price, quality and speed';
  }
}

export function recommendModels(registry: ModelRegistry, request: RecommendationRequest): Recommendation[] {
  const outputTokens = request.expectedOutputTokens ?? DEFAULT_OUTPUT_TOKENS[request.taskType] ?? request.expectedInputTokens;
  const candidates = registry
    .list({ kind: 'chat' })
    .map((model) => ({ model, cost: estimateCostUsd(model, request.expectedInputTokens, outputTokens) }))
    .filter(({ model, cost }) => whyExcluded(model, request, outputTokens, cost) === null);
  if (candidates.length === 0) return [];

  // Prices span orders of magnitude, so cost is scored on a log scale. Free (local) models count as
  // half the cheapest paid one: best on cost without stretching the scale for the paid ones.
  const paidCosts = candidates.map(({ cost }) => cost).filter((cost) => cost > 0);
  const costFloor = paidCosts.length > 0 ? Math.min(...paidCosts) / 2 : 1;
  const logCosts = candidates.map(({ cost }) => Math.log(Math.max(cost, costFloor)));
  const cheapest = Math.min(...logCosts);
  const dearest = Math.max(...logCosts);
  const weights = WEIGHTS[request.priority];
  const scored = candidates.map(({ model, cost }, index) => {
    const costScore = dearest === cheapest ? 1 : (dearest - (logCosts[index] ?? dearest)) / (dearest - cheapest);
    const qualityScore = (3 - model.qualityTier) / 2;
    const speedScore = (3 - model.speedTier) / 2;
    const score = Math.round((weights.cost * costScore + weights.quality * qualityScore + weights.speed * speedScore) * 1000) / 1000;
    return { model, cost, score };
  });
  scored.sort(
    (left, right) =>
      right.score - left.score ||
      left.cost - right.cost ||
      left.model.qualityTier - right.model.qualityTier ||
      left.model.speedTier - right.model.speedTier,
  );

  const required = request.requiredCapabilities ?? [];
  const floor = MINIMUM_QUALITY_TIER[request.taskType];
  return scored.map(({ model, cost, score }, rank) => {
    const facts = [
      lead(request.priority, rank),
      `est. ${formatUsd(cost)} for ${request.expectedInputTokens} in / ${outputTokens} out at $${model.prices.input}/$${model.prices.output} per M`,
      `quality tier ${model.qualityTier} (${request.taskType} needs ${floor} or better)`,
      `speed tier ${model.speedTier}`,
    ];
    if (required.length > 0) facts.push(`has ${required.join(', ')}`);
    return { model, estimatedCostUsd: cost, score, reason: facts.join('; ') };
  });
}
