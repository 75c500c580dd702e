// The workflow's assembly of streamed text from tagged deltas: retries start afresh, duplicates and
// late deltas of abandoned attempts change nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StreamText } from '../../../workflows/stream-text.ts';

describe('StreamText', () => {
  it('appends deltas in order and ignores a delta delivered twice', () => {
    const stream = new StreamText();
    stream.apply({ stream: 0, attempt: 1, offset: 0, text: 'Hello ' });
    stream.apply({ stream: 0, attempt: 1, offset: 0, text: 'Hello ' });
    stream.apply({ stream: 0, attempt: 1, offset: 6, text: 'world' });
    assert.equal(stream.text, 'Hello world');
    assert.equal(stream.restarts, 0);
  });

  it('takes only the new tail of a delta that overlaps what arrived', () => {
    const stream = new StreamText();
    stream.apply({ stream: 0, attempt: 1, offset: 0, text: 'abc' });
    stream.apply({ stream: 0, attempt: 1, offset: 1, text: 'bcdef' });
    assert.equal(stream.text, 'abcdef');
  });

  it('starts afresh when a retried attempt streams, instead of splicing onto the failed text', () => {
    const stream = new StreamText();
    stream.apply({ stream: 0, attempt: 1, offset: 0, text: 'The first try was cut he' });
    stream.apply({ stream: 0, attempt: 2, offset: 0, text: 'The second try' });
    stream.apply({ stream: 0, attempt: 2, offset: 14, text: ' finished.' });
    assert.equal(stream.text, 'The second try finished.');
    assert.equal(stream.restarts, 1);
  });

  it('ignores late deltas of an attempt that was given up', () => {
    const stream = new StreamText();
    stream.apply({ stream: 0, attempt: 2, offset: 0, text: 'new' });
    stream.apply({ stream: 0, attempt: 1, offset: 0, text: 'old text arriving late' });
    stream.apply({ stream: 0, attempt: 1, offset: 22, text: ' and more' });
    assert.equal(stream.text, 'new');
  });

  it('lets a fallback model replace the text of the one before, whatever its attempt number', () => {
    const stream = new StreamText();
    stream.apply({ stream: 0, attempt: 3, offset: 0, text: 'first model' });
    stream.apply({ stream: 1, attempt: 1, offset: 0, text: 'fallback model' });
    stream.apply({ stream: 0, attempt: 3, offset: 11, text: ' late' });
    assert.equal(stream.text, 'fallback model');
    assert.equal(stream.restarts, 1);
  });

  it('does not count a restart when nothing had arrived before it', () => {
    const stream = new StreamText();
    stream.apply({ stream: 0, attempt: 2, offset: 0, text: 'only try that spoke' });
    assert.equal(stream.restarts, 0);
  });
});
