/** The pure parts of server/auth: the sign-in throttle and the cross-site judgement. */
import { describe, expect, it } from 'vitest';
import { isCrossSite } from '../../server/auth/origin';
import { SignInThrottle } from '../../server/auth/throttle';

describe('SignInThrottle', () => {
  it('lets the limit of failures through, then asks to wait until the window ends', () => {
    let now = 0;
    const t = new SignInThrottle({ perAccount: 3, perAddress: 10, windowMs: 60_000 }, () => now);
    for (let i = 0; i < 3; i++) {
      expect(t.retryAfter('Li', '1.2.3.4')).toBe(0);
      t.failed('Li', '1.2.3.4');
      now += 1000;
    }
    expect(t.retryAfter('li', '5.6.7.8')).toBe(57); // per account, whatever the case and address
    expect(t.retryAfter('wang', '1.2.3.4')).toBe(0);
    now = 60_000;
    expect(t.retryAfter('li', '1.2.3.4')).toBe(0);
  });

  it('counts per address across accounts; a success clears the account, not the address', () => {
    const t = new SignInThrottle({ perAccount: 2, perAddress: 3, windowMs: 60_000 }, () => 0);
    t.failed('a', 'ip');
    t.succeeded('a');
    t.failed('a', 'ip');
    expect(t.retryAfter('a', 'other')).toBe(0);
    t.failed('b', 'ip');
    expect(t.retryAfter('c', 'ip')).toBe(60);
  });
});

describe('isCrossSite', () => {
  const own = 'https://map.example.gov.cn';
  it.each([
    [{ origin: 'https://map.example.gov.cn' }, false],
    [{ origin: 'HTTPS://MAP.example.gov.cn' }, false],
    [{ origin: 'https://evil.example' }, true],
    [{ origin: 'http://map.example.gov.cn' }, true],
    [{ origin: 'null' }, true],
    [{ origin: 'https://evil.example', secFetchSite: 'same-origin' }, true],
    [{ secFetchSite: 'same-origin' }, false],
    [{ secFetchSite: 'none' }, false],
    [{ secFetchSite: 'same-site' }, true],
    [{ secFetchSite: 'cross-site' }, true],
    [{}, false],
  ])('%o → %s', (headers, cross) => {
    expect(isCrossSite(headers, own)).toBe(cross);
  });
});
