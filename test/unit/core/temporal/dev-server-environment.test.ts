// The embedded dev server's Go runtime settings: tuned defaults, and an operator's own values kept.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { devServerEnvironment } from '../../../../core/temporal/dev-server.ts';

describe('devServerEnvironment', () => {
  it('lets the Go heap grow before collecting, within a memory limit', () => {
    const environment = devServerEnvironment({ PATH: '/usr/bin' });
    assert.equal(environment.GOGC, '400');
    assert.equal(environment.GOMEMLIMIT, '512MiB');
    assert.equal(environment.PATH, '/usr/bin');
  });

  it('keeps GOGC and GOMEMLIMIT the operator already set', () => {
    const environment = devServerEnvironment({ GOGC: '100', GOMEMLIMIT: '256MiB' });
    assert.equal(environment.GOGC, '100');
    assert.equal(environment.GOMEMLIMIT, '256MiB');
  });
});
