/** answerRange (server/basemap/range.ts): the range rules, without HTTP. */
import { describe, expect, it } from 'vitest';
import { answerRange } from '../../../server/basemap/range';

const TAG = '"abc-1"';

describe('answerRange', () => {
  it('answers the whole file without a Range', () => {
    expect(answerRange({}, 1000, TAG)).toEqual({ status: 200, start: 0, end: 999, length: 1000 });
  });

  it('answers one range with 206 and its Content-Range, cut at the end of the file', () => {
    expect(answerRange({ range: 'bytes=0-126' }, 1000, TAG)).toEqual({ status: 206, start: 0, end: 126, length: 127, contentRange: 'bytes 0-126/1000' });
    expect(answerRange({ range: 'bytes=900-' }, 1000, TAG)).toMatchObject({ status: 206, start: 900, end: 999, length: 100 });
    expect(answerRange({ range: 'bytes=990-5000' }, 1000, TAG)).toMatchObject({ status: 206, start: 990, end: 999, contentRange: 'bytes 990-999/1000' });
    expect(answerRange({ range: 'bytes=-10' }, 1000, TAG)).toMatchObject({ status: 206, start: 990, end: 999 });
    expect(answerRange({ range: 'bytes=-5000' }, 1000, TAG)).toMatchObject({ status: 206, start: 0, end: 999 });
  });

  it('refuses a range that starts beyond the file with 416 naming the size', () => {
    expect(answerRange({ range: 'bytes=1000-1100' }, 1000, TAG)).toEqual({ status: 416, contentRange: 'bytes */1000' });
    expect(answerRange({ range: 'bytes=-0' }, 1000, TAG)).toEqual({ status: 416, contentRange: 'bytes */1000' });
    expect(answerRange({ range: 'bytes=99999999999999999999-' }, 1000, TAG)).toEqual({ status: 416, contentRange: 'bytes */1000' });
    expect(answerRange({ range: 'bytes=0-10' }, 0, TAG)).toEqual({ status: 416, contentRange: 'bytes */0' });
  });

  it('ignores a Range it does not serve (several ranges, other units, bad syntax): the whole file', () => {
    for (const range of ['bytes=0-1,5-6', 'items=0-1', 'bytes=5-1', 'bytes=abc', 'bytes=-'])
      expect(answerRange({ range }, 1000, TAG), range).toMatchObject({ status: 200, length: 1000 });
  });

  it('applies the range only while If-Range names the current ETag', () => {
    expect(answerRange({ range: 'bytes=0-9', ifRange: TAG }, 1000, TAG)).toMatchObject({ status: 206, length: 10 });
    expect(answerRange({ range: 'bytes=0-9', ifRange: '"old-0"' }, 1000, TAG)).toMatchObject({ status: 200, length: 1000 });
    expect(answerRange({ range: 'bytes=0-9', ifRange: 'Wed, 21 Oct 2015 07:28:00 GMT' }, 1000, TAG)).toMatchObject({ status: 200 });
  });

  it('answers 304 when If-None-Match names the current ETag', () => {
    expect(answerRange({ ifNoneMatch: TAG }, 1000, TAG)).toEqual({ status: 304 });
    expect(answerRange({ ifNoneMatch: `"x", W/${TAG}` }, 1000, TAG)).toEqual({ status: 304 });
    expect(answerRange({ ifNoneMatch: '"x"' }, 1000, TAG)).toMatchObject({ status: 200 });
  });
});
