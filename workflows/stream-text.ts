// The text of a streamed completion as the workflow assembles it from the activity's deltas. Each
// delta is tagged with the stream (which model of the fallback chain) and the activity attempt that
// produced it: a retried or fallen-back stream starts the text afresh instead of being spliced onto
// the text of the attempt that failed, and late deltas of an abandoned attempt are ignored. Offsets
// make a delta delivered twice harmless.
import type { StreamDelta } from '../core/jobs/types.ts';

export class StreamText {
  text = '';
  /** How many times the text started afresh after some of it had been read. */
  restarts = 0;
  private stream = -1;
  private attempt = 0;

  apply(delta: StreamDelta): void {
    const order = delta.stream - this.stream || delta.attempt - this.attempt;
    if (order < 0) return;
    if (order > 0) {
      if (this.text.length > 0) this.restarts += 1;
      this.text = '';
      this.stream = delta.stream;
      this.attempt = delta.attempt;
    }
    const end = delta.offset + delta.text.length;
    if (delta.offset === this.text.length) this.text += delta.text;
    else if (delta.offset < this.text.length && end > this.text.length) this.text += delta.text.slice(this.text.length - delta.offset);
  }
}
