/** One load-generator run with autocannon: req/s, p50 and p99 latency, errors. */
import autocannon from 'autocannon';

export interface LoadResult {
  reqPerSec: number;
  p50: number;
  p99: number;
  /** Mean bytes per response. */
  bytes: number;
  non2xx: number;
  errors: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  /** Seconds of measurement. */
  seconds: number;
  /** Seconds of warm-up before it (results discarded). */
  warmup: number;
  /** A fresh path per request (cache-miss case); otherwise the url's path every time. */
  pathFor?: (n: number) => string;
}

const HEADERS = { 'accept-encoding': 'gzip' };

function once(opts: LoadOptions, seconds: number, counter: { n: number }): Promise<autocannon.Result> {
  const requests = opts.pathFor
    ? [{ setupRequest: (req: autocannon.Request) => ({ ...req, path: opts.pathFor!(counter.n++) }) }]
    : undefined;
  return autocannon({ url: opts.url, connections: opts.connections, duration: seconds, headers: HEADERS, requests });
}

export async function load(opts: LoadOptions): Promise<LoadResult> {
  const counter = { n: 0 };
  if (opts.warmup > 0) await once(opts, opts.warmup, counter);
  const r = await once(opts, opts.seconds, counter);
  return {
    reqPerSec: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    bytes: r.requests.total ? r.throughput.total / r.requests.total : 0,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}
