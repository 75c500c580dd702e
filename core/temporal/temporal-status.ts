// Whether the gateway can reach Temporal right now. While the embedded server restarts, calls that
// need Temporal are refused at once with a message an agent can act on, instead of hanging on
// retries; calls that do not need it (local tools) go on.
export class TemporalUnavailableError extends Error {
  constructor(reason: string) {
    super(`Temporal unavailable, retry in a moment: ${reason}. Jobs already started resume when it is back; /healthz answers 200 again then.`);
    this.name = 'TemporalUnavailableError';
  }
}

export class TemporalStatus {
  private downReason: string | undefined;
  private downAt: number | undefined;

  get available(): boolean {
    return this.downReason === undefined;
  }

  /** Why Temporal is unavailable, and since when (epoch ms); undefined while it is available. */
  get outage(): { reason: string; since: number } | undefined {
    return this.downReason === undefined ? undefined : { reason: this.downReason, since: this.downAt! };
  }

  markDown(reason: string): void {
    if (this.downReason === undefined) this.downAt = Date.now();
    this.downReason = reason;
  }

  markUp(): void {
    this.downReason = undefined;
    this.downAt = undefined;
  }

  /** Throws TemporalUnavailableError while Temporal is unavailable. */
  check(): void {
    if (this.downReason !== undefined) throw new TemporalUnavailableError(this.downReason);
  }
}
