import { describe, expect, it } from 'vitest';
import { option } from '../../bench/args';

describe('bench option', () => {
  it('is the value after --name', () => {
    expect(option('sizes', ['--runs', '2', '--sizes', '10000,25000'])).toBe('10000,25000');
    expect(option('runs', ['--runs', '2', '--sizes', '10000,25000'])).toBe('2');
  });
  it('is undefined when the option is absent or has no value', () => {
    expect(option('sizes', ['--runs', '2'])).toBeUndefined();
    expect(option('sizes', ['--sizes'])).toBeUndefined();
  });
});
