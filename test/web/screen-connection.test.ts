import { describe, expect, it } from 'vitest';
import { INITIAL_CONNECTION, backoffDelay, connectionFailed, connectionOk, secondsToRetry } from '../../web/src/screen/connection';

const o = { refreshMs: 60_000, baseMs: 1000, maxMs: 30_000 };

describe('backoff', () => {
  it('doubles from 1 s and caps at 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((n) => backoffDelay(n))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });
});

describe('connection', () => {
  it('goes offline on failure and retries sooner than the regular refresh', () => {
    let c = connectionOk(INITIAL_CONNECTION, 0, o);
    expect(c).toMatchObject({ online: true, nextAt: 60_000, lastOkAt: 0 });
    c = connectionFailed(c, 100_000, o);
    expect(c).toMatchObject({ online: false, failures: 1, nextAt: 101_000, lastOkAt: 0 });
    c = connectionFailed(c, 101_000, o);
    expect(c.nextAt).toBe(103_000);
    expect(secondsToRetry(c, 101_500)).toBe(2);
  });

  it('recovers on the first success and forgets the failures', () => {
    let c = INITIAL_CONNECTION;
    for (let i = 0; i < 8; i++) c = connectionFailed(c, i, o);
    c = connectionOk(c, 500, o);
    expect(c).toEqual({ online: true, failures: 0, lastOkAt: 500, nextAt: 60_500 });
  });
});
