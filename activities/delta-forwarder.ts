// Forwards a streaming activity's text to its workflow in deltas. A delta that cannot be delivered is
// retried with backoff and never dropped: what was not confirmed is sent again from its offset by the
// next flush, so the workflow's text has no holes even when signals fail for a while.
import type { StreamDelta } from '../core/jobs/types.ts';

export interface DeltaForwarderOptions {
  /** Tries per flush before leaving the text to the next flush. */
  tries?: number;
  /** First delay between tries; doubles each time. */
  backoffMs?: number;
  onError?: (error: unknown) => void;
}

export class DeltaForwarder {
  private text = '';
  private confirmed = 0;
  private queue: Promise<void> = Promise.resolve();
  /** A flush queued behind the running one; later flushes join it rather than piling up. */
  private waiting: Promise<void> | undefined;

  constructor(
    private readonly send: (delta: StreamDelta) => Promise<void>,
    private readonly tag: Pick<StreamDelta, 'stream' | 'attempt'>,
    private readonly options: DeltaForwarderOptions = {},
  ) {}

  append(text: string): void {
    this.text += text;
  }

  /** Characters the workflow has confirmed receiving. */
  get delivered(): number {
    return this.confirmed;
  }

  /** Sends what has not been confirmed yet; flushes run one after another. */
  flush(): Promise<void> {
    if (this.waiting) return this.waiting;
    const next = this.queue.then(() => {
      this.waiting = undefined;
      return this.sendPending();
    });
    this.waiting = next;
    this.queue = next;
    return next;
  }

  private async sendPending(): Promise<void> {
    const tries = this.options.tries ?? 5;
    let delay = this.options.backoffMs ?? 100;
    for (let attempt = 1; this.confirmed < this.text.length; attempt += 1) {
      const end = this.text.length;
      try {
        await this.send({ ...this.tag, offset: this.confirmed, text: this.text.slice(this.confirmed, end) });
        this.confirmed = end;
      } catch (error) {
        this.options.onError?.(error);
        if (attempt >= tries) return;
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay *= 2;
      }
    }
  }
}
