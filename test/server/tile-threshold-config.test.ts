/** `TILE_THRESHOLD`: its default (measured: bench/threshold.ts), 0 = always tiles, and a clear refusal of anything else. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_TILE_THRESHOLD, publicConfig, readConfig } from '../../server/config';

const base = { WEB_DIR: '/nonexistent-web-dir' };

describe('TILE_THRESHOLD', () => {
  it('defaults to the measured 25,000 features and is given to the pages as tiles.threshold', () => {
    expect(DEFAULT_TILE_THRESHOLD).toBe(25_000);
    const cfg = readConfig(base);
    expect(cfg.tileThreshold).toBe(25_000);
    expect(publicConfig(cfg).tiles).toEqual({ threshold: 25_000 });
  });

  it('takes a whole number, 0 meaning always tiles', () => {
    expect(readConfig({ ...base, TILE_THRESHOLD: '0' }).tileThreshold).toBe(0);
    expect(readConfig({ ...base, TILE_THRESHOLD: '100000' }).tileThreshold).toBe(100_000);
  });

  it.each(['-1', '2.5', 'many', '1e5', ' 5'])('refuses %j, naming the setting and what is allowed', (v) => {
    expect(() => readConfig({ ...base, TILE_THRESHOLD: v })).toThrow(/TILE_THRESHOLD must be a whole number/);
  });
});
