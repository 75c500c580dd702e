// Where a tournament's state is read from: the running workflow (its `results` query) while it runs,
// else the results store, which outlives the workflow's history. Shared by the tournament tools.
import { TOURNAMENT_ID_PATTERN } from '../core/tournaments/tournament-store.ts';
import type { TournamentResults } from '../core/tournaments/types.ts';
import type { McpDeps } from './deps.ts';
import { JobNotFoundError, type JobStatus } from './job-service.ts';
import { ToolInputError } from './tool-result.ts';

export function checkTournamentId(id: string): void {
  if (!TOURNAMENT_ID_PATTERN.test(id)) throw new ToolInputError(`tournament_id: "${id}" is not a tournament id (tournament- and a UUID, as create_tournament returned)`);
}

async function jobStatus(deps: Pick<McpDeps, 'jobs'>, id: string): Promise<JobStatus | undefined> {
  try {
    return (await deps.jobs.describe(id)).status;
  } catch (error) {
    if (error instanceof JobNotFoundError) return undefined;
    throw error;
  }
}

/** A stored snapshot still marked running whose workflow has ended without recording its end. */
function settled(stored: TournamentResults, status: JobStatus | undefined): TournamentResults {
  if (stored.status !== 'running' || status === 'running') return stored;
  return { ...stored, status: 'failed', phase: 'done', error: `the tournament's workflow ended (${status ?? 'history deleted'}) without recording its end` };
}

export async function readTournament(deps: Pick<McpDeps, 'jobs' | 'tournaments'>, id: string): Promise<TournamentResults> {
  checkTournamentId(id);
  const status = await jobStatus(deps, id);
  if (status === 'running') {
    try {
      return await deps.jobs.query<TournamentResults>(id, 'results');
    } catch {
      // No worker answers the query right now: the last saved round is the best answer.
    }
  }
  const stored = await deps.tournaments.get(id);
  if (stored) return settled(stored, status);
  throw new ToolInputError(`tournament_id: no tournament "${id}" on this gateway; list_tournaments shows the known ones`);
}

export async function listTournaments(deps: Pick<McpDeps, 'jobs' | 'tournaments'>): Promise<TournamentResults[]> {
  const stored = await deps.tournaments.list();
  return Promise.all(stored.map(async (each) => (each.status === 'running' ? settled(each, await jobStatus(deps, each.tournament_id)) : each)));
}
