// The fan-outs of the document jobs, in lanes: at most maxConcurrency activities, each making its
// share of the calls back to back on the first model of the chain (activities/document-lane.ts), so
// no workflow task stands between one call and the next. A lane signals each finished call: the
// history holds every answer as soon as it exists, and progress moves call by call. A lane that
// fails hands its failing call to the fallback chain, which goes on after the lane's attempt, and its
// unanswered calls go on in a new lane; calls already answered are never asked again.
import { defineSignal, setHandler } from '@temporalio/workflow';
import type { DocumentCallInput, DocumentCallResult, DocumentJobBase, LaneCallDone } from '../core/jobs/document-types.ts';
import { activitiesFor } from './call-with-fallback.ts';
import { failureDetailNumber } from './failure-chain.ts';
import { askAlongChain, callBase, type JobTotals } from './document-steps.ts';

export const documentCallDoneSignal = defineSignal<[LaneCallDone]>('documentCallDone');

type Call = Pick<DocumentCallInput, 'span' | 'task'>;

/** Lane `lane` of `lanes` takes every lanes-th call from its own: progress moves through the document in order. */
export function laneShares(calls: number, lanes: number): number[][] {
  return Array.from({ length: lanes }, (_, lane) => Array.from({ length: Math.ceil((calls - lane) / lanes) }, (_, step) => lane + step * lanes));
}

export class DocumentLanes {
  private fanOuts = 0;
  private answers = new Map<number, DocumentCallResult>();
  private onAnswer: (slot: number) => void = () => undefined;

  constructor(
    private readonly job: DocumentJobBase,
    private readonly totals: JobTotals,
  ) {
    // An answer of an earlier fan-out (from a lane the job already gave up on) is not this one's.
    setHandler(documentCallDoneSignal, ({ fanOut, slot, result }) => {
      if (fanOut === this.fanOuts) this.accept(slot, result);
    });
  }

  /** Every call made, at most maxConcurrency at a time; the answers in the calls' order. */
  async map(calls: Call[], onAnswer: (slot: number) => void = () => undefined): Promise<DocumentCallResult[]> {
    this.fanOuts += 1;
    this.answers = new Map();
    this.onAnswer = onAnswer;
    const lanes = Math.max(1, Math.min(this.job.maxConcurrency, calls.length));
    await Promise.all(laneShares(calls.length, lanes).map((share) => this.runLane(this.fanOuts, calls, share)));
    return calls.map((_, slot) => this.answers.get(slot)!);
  }

  private accept(slot: number, result: DocumentCallResult): void {
    if (this.answers.has(slot)) return;
    this.answers.set(slot, this.totals.add(result));
    this.onAnswer(slot);
  }

  private async runLane(fanOut: number, calls: Call[], share: number[]): Promise<void> {
    const first = this.job.targets[0]!;
    let pending = share;
    while (pending.length > 0) {
      try {
        const last = await activitiesFor(first, { laneCalls: pending.length }).callOnDocumentLane({
          ...callBase(this.job, first),
          fanOut,
          calls: pending.map((slot) => ({ slot, ...calls[slot]! })),
        });
        this.accept(last.slot, last.result);
      } catch (error) {
        const failed = failureDetailNumber(error, 'document_call') ?? pending.find((slot) => !this.answers.has(slot));
        if (failed !== undefined && !this.answers.has(failed)) this.accept(failed, await askAlongChain(this.job, calls[failed]!, error));
      }
      pending = pending.filter((slot) => !this.answers.has(slot));
    }
  }
}
