// Streamed text reaches the workflow without holes: failed sends are retried, and what could not be
// sent goes out with the next flush from the same offset.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeltaForwarder } from '../../../activities/delta-forwarder.ts';
import type { StreamDelta } from '../../../core/jobs/types.ts';

function receiver(failures: number) {
  const received: StreamDelta[] = [];
  let remaining = failures;
  const send = async (delta: StreamDelta) => {
    if (remaining > 0) {
      remaining -= 1;
      throw new Error('signal failed');
    }
    received.push(delta);
  };
  return { received, send };
}

function assemble(deltas: StreamDelta[]): string {
  let text = '';
  for (const delta of deltas) if (delta.offset === text.length) text += delta.text;
  return text;
}

describe('DeltaForwarder', () => {
  it('tags every delta with its stream and attempt', async () => {
    const { received, send } = receiver(0);
    const forwarder = new DeltaForwarder(send, { stream: 1, attempt: 3 });
    forwarder.append('hello');
    await forwarder.flush();
    assert.deepEqual(received, [{ stream: 1, attempt: 3, offset: 0, text: 'hello' }]);
  });

  it('retries a failed send instead of dropping the text', async () => {
    const { received, send } = receiver(2);
    const errors: unknown[] = [];
    const forwarder = new DeltaForwarder(send, { stream: 0, attempt: 1 }, { backoffMs: 1, onError: (error) => errors.push(error) });
    forwarder.append('first ');
    await forwarder.flush();
    forwarder.append('second');
    await forwarder.flush();
    assert.equal(errors.length, 2);
    assert.equal(assemble(received), 'first second');
    assert.equal(forwarder.delivered, 'first second'.length);
  });

  it('sends what a flush gave up on with the next flush, from the same offset', async () => {
    const { received, send } = receiver(3);
    const forwarder = new DeltaForwarder(send, { stream: 0, attempt: 1 }, { tries: 2, backoffMs: 1 });
    forwarder.append('lost for a while ');
    await forwarder.flush();
    assert.equal(received.length, 0);
    assert.equal(forwarder.delivered, 0);
    forwarder.append('then found');
    await forwarder.flush();
    assert.deepEqual(received, [{ stream: 0, attempt: 1, offset: 0, text: 'lost for a while then found' }]);
  });

  it('keeps flushes in order and does not pile them up', async () => {
    const received: StreamDelta[] = [];
    const send = async (delta: StreamDelta) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      received.push(delta);
    };
    const forwarder = new DeltaForwarder(send, { stream: 0, attempt: 1 });
    const flushes: Array<Promise<void>> = [];
    for (const word of ['a ', 'b ', 'c ', 'd ']) {
      forwarder.append(word);
      flushes.push(forwarder.flush());
    }
    await Promise.all(flushes);
    assert.equal(assemble(received), 'a b c d ');
    assert.ok(received.length <= 2, `${received.length} sends for four flushes issued while one ran`);
  });
});
