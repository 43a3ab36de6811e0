/** Renders a run's results as Markdown: header, tables per measurement, and the targets. */
import { sizeLabel } from './datasets';
import type { LoadResult } from './load';
import { latencyTable } from './api-latency';
import type { RunResults, SizeResult } from './results';

const n0 = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : 'n/a');
const n1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');
const n2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');
const kb = (b: number) => `${(b / 1000).toFixed(1)} kB`;
const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

const load = (r: LoadResult) => [n0(r.reqPerSec), n1(r.p50), n1(r.p99)];

export interface Target {
  what: string;
  at: string;
  measured: string;
  met: boolean | undefined;
}

/** The issue's targets, judged at 100k features (1M for start-up and memory), or the largest size measured. */
export function targets(r: RunResults): Target[] {
  const bySize = (n: number) => r.sizes.find((s) => s.features === n);
  const largest = (pred: (s: SizeResult) => boolean = () => true) => [...r.sizes].filter(pred).sort((a, b) => b.features - a.features)[0];
  const mid = bySize(100_000) ?? largest();
  const big = bySize(1_000_000) ?? largest();
  const browser = bySize(100_000)?.filter ? bySize(100_000) : largest((s) => s.filter !== undefined);
  const out: Target[] = [];
  const at = (s: SizeResult | undefined) => (s ? `${sizeLabel(s.features)} features` : 'not measured');
  const filter = mid?.cases.find((c) => c.id === 'filter');
  if (filter) {
    const rps = filter.server.reqPerSec / filter.nginx.reqPerSec;
    const p99 = filter.server.p99 / Math.max(filter.nginx.p99, 1);
    out.push({ what: 'cached filtered response: req/s ≥ 0.5× nginx', at: at(mid), measured: `${n2(rps)}×`, met: rps >= 0.5 });
    out.push({ what: 'cached filtered response: p99 ≤ 2× nginx', at: at(mid), measured: `${n2(p99)}× (${n1(filter.server.p99)} vs ${n1(filter.nginx.p99)} ms)`, met: p99 <= 2 });
  }
  const layer = mid?.cases.find((c) => c.id === 'layer');
  if (layer) {
    const x = layer.server.reqPerSec / layer.bare.reqPerSec;
    out.push({ what: 'route returning a prebuilt buffer (whole layer, cached): req/s ≥ 0.8× bare node:http', at: at(mid), measured: `${n2(x)}×`, met: x >= 0.8 });
  }
  if (mid) {
    const c = mid.compression;
    out.push({ what: 'gzip ≤ 0.33× raw (whole layer)', at: at(mid), measured: `${n2(c.gzip / c.raw)}×`, met: c.gzip / c.raw <= 0.33 });
    out.push({ what: 'brotli ≤ 0.2× raw (whole layer)', at: at(mid), measured: `${n2(c.br / c.raw)}×`, met: c.br / c.raw <= 0.2 });
  }
  if (big) {
    const x = big.startupMs / big.bareParse.totalMs;
    out.push({ what: 'start-up ≤ 3× bare JSON.parse (both spawn → done)', at: at(big), measured: `${n2(x)}× (${n1(big.startupMs / 1000)} s vs ${n1(big.bareParse.totalMs / 1000)} s)`, met: x <= 3 });
    const rss = Math.max(big.rssListeningMb, big.rssAfterMb);
    out.push({ what: 'resident memory ≤ 2 GB', at: at(big), measured: `${n0(rss)} MB`, met: rss <= 2000 });
  }
  if (browser?.filter) {
    const f = browser.filter;
    const frames = f.msP95 / f.frameMs;
    out.push({ what: 'filter change repainted within 2 frames (p95, in frames of the measured rAF interval)', at: at(browser), measured: `${n1(frames)} frames (p95 ${n0(f.msP95)} ms; frame ${n1(f.frameMs)} ms)`, met: frames <= 2 });
  }
  // First idle at every browser size over 10k (100k and 1M: tile mode above TILE_THRESHOLD), and the heap at the largest.
  for (const s of r.sizes.filter((x) => x.firstIdle && (x.features >= 100_000 || x === browser))) {
    const fi = s.firstIdle!;
    const x = fi.app / fi.bare;
    out.push({ what: `first idle ≤ 1.3× the bare MapLibre page${fi.tiles ? ' (both drawing the same tiles)' : ''}`, at: at(s), measured: `${n2(x)}× (${n0(fi.app)} vs ${n0(fi.bare)} ms)`, met: x <= 1.3 });
  }
  const heapAt = largest((s) => s.firstIdle?.heapMb !== undefined);
  if (heapAt) out.push({ what: "the page's JS heap < 300 MB", at: at(heapAt), measured: `${n0(heapAt.firstIdle!.heapMb!)} MB`, met: heapAt.firstIdle!.heapMb! < 300 });
  const planner = r.bundles.find((b) => b.view === '/');
  if (planner) out.push({ what: 'planner initial JS ≤ 920 kB gzip', at: 'build', measured: kb(planner.gzip), met: planner.gzip <= 920_000 });
  return out;
}

export function renderResults(r: RunResults): string {
  const parts: string[] = [];
  parts.push(`# Benchmark results${r.quick ? ' (quick mode)' : ''}\n`);
  parts.push(`Date: ${r.date}\n`);
  parts.push('## Machine\n');
  parts.push(table(['', ''], Object.entries(r.machine).map(([k, v]) => [k, v])));
  parts.push('\n## Commands\n');
  parts.push(['```sh', ...r.commands, '```'].join('\n'));
  parts.push(
    `\nLoad: autocannon, ${r.settings.connections} connections, ${r.settings.warmup} s warm-up then ${r.settings.seconds} s per case, loopback, \`accept-encoding: gzip\`. ` +
      'nginx (1 worker) and the bare node:http server serve the exact gzip bytes the real server sent for the case. ' +
      `Browser: Debian Chromium headless (software WebGL), 1440×900, first idle median of ${r.settings.idleRuns} run(s); ${r.settings.changes} filter changes.\n`,
  );

  parts.push('## Targets\n');
  parts.push(table(['target', 'at', 'measured', ''], targets(r).map((t) => [t.what, t.at, t.measured, t.met === undefined ? '—' : t.met ? 'met' : '**gap**'])));

  if (r.apiLatency?.length) {
    const worst = Math.max(...r.apiLatency.map((x) => x.p99Ms));
    parts.push('\n## API server time on the shipped data (`data/`, in process)\n');
    parts.push(
      `Every endpoint through \`app.request()\` (routing, validation, store, response cache; no socket), \`accept-encoding: br, gzip\`. ` +
        `Goal: every warm response under 5 ms — worst warm p99 here ${worst.toFixed(2)} ms (${worst < 5 ? 'met' : '**gap**'}). ` +
        'Cold is the first request of a path, when its body is built and compressed.\n',
    );
    parts.push(latencyTable(r.apiLatency));
  }

  parts.push('\n## Start-up and memory\n');
  parts.push(
    table(
      ['features', 'data', 'bare JSON.parse (in process)', 'bare JSON.parse (spawn → done)', 'server start-up (spawn → listening)', 'start-up ÷ bare', 'RSS listening', 'RSS after load'],
      r.sizes.map((s) => [
        sizeLabel(s.features),
        mb(s.dataBytes),
        `${n0(s.bareParse.parseMs)} ms`,
        `${n0(s.bareParse.totalMs)} ms`,
        `${n0(s.startupMs)} ms`,
        `${n2(s.startupMs / s.bareParse.totalMs)}×`,
        `${n0(s.rssListeningMb)} MB`,
        `${n0(s.rssAfterMb)} MB`,
      ]),
    ),
  );

  parts.push('\n## Compression (whole layer `cold-chain-bases`, as the server sends it)\n');
  parts.push(
    table(
      ['features', 'raw', 'gzip', 'gzip ÷ raw', 'brotli', 'brotli ÷ raw'],
      r.sizes.map((s) => [sizeLabel(s.features), kb(s.compression.raw), kb(s.compression.gzip), n2(s.compression.gzip / s.compression.raw), kb(s.compression.br), n2(s.compression.br / s.compression.raw)]),
    ),
  );

  for (const s of r.sizes) {
    parts.push(`\n## Server at ${sizeLabel(s.features)} features\n`);
    parts.push(
      table(
        ['case', 'gzip bytes', 'server req/s', 'p50 ms', 'p99 ms', 'nginx req/s', 'p50 ms', 'p99 ms', 'bare node req/s', 'p50 ms', 'p99 ms', 'server ÷ nginx req/s', 'server ÷ nginx p99', 'server ÷ bare node req/s', 'errors / non-2xx'],
        s.cases.map((c) => [
          `${c.id}: ${c.label}`,
          n0(c.bytes),
          ...load(c.server),
          ...load(c.nginx),
          ...load(c.bare),
          n2(c.server.reqPerSec / c.nginx.reqPerSec),
          n2(c.server.p99 / Math.max(c.nginx.p99, 1)),
          n2(c.server.reqPerSec / c.bare.reqPerSec),
          `${c.server.errors + c.nginx.errors + c.bare.errors} / ${c.server.non2xx + c.nginx.non2xx + c.bare.non2xx}`,
        ]),
      ),
    );
  }

  const withBrowser = r.sizes.filter((s) => s.firstIdle || s.filter);
  parts.push('\n## Browser\n');
  parts.push(
    table(
      ['features', 'first idle `/`', 'first idle bare MapLibre', '`/` ÷ bare', 'filter → paint median', 'p95', 'rAF callbacks median / p95', 'p95 in frames', 'frame (rAF interval)', 'drawn from', 'JS heap `/`'],
      withBrowser.map((s) => [
        sizeLabel(s.features),
        `${n0(s.firstIdle?.app ?? NaN)} ms`,
        `${n0(s.firstIdle?.bare ?? NaN)} ms`,
        `${n2((s.firstIdle?.app ?? NaN) / (s.firstIdle?.bare ?? NaN))}×`,
        `${n0(s.filter?.msMedian ?? NaN)} ms`,
        `${n0(s.filter?.msP95 ?? NaN)} ms`,
        `${s.filter?.framesMedian ?? 'n/a'} / ${s.filter?.framesP95 ?? 'n/a'}`,
        n1((s.filter?.msP95 ?? NaN) / (s.filter?.frameMs ?? NaN)),
        `${n1(s.filter?.frameMs ?? NaN)} ms`,
        s.firstIdle?.tiles ? 'tiles (bare: same tiles)' : 'GeoJSON',
        s.firstIdle?.heapMb === undefined ? '—' : `${n0(s.firstIdle.heapMb)} MB`,
      ]),
    ),
  );

  const withTyping = r.sizes.filter((s) => s.typing);
  if (withTyping.length) {
    parts.push('\n### Typing in the planner\'s search box (one key per 120 ms)\n');
    parts.push(
      table(
        ['features', 'typed', 'key → next frame median', 'max', 'last key → map painted', '/api/stats requests', 'address writes', 'planner renders'],
        withTyping.map((s) => {
          const t = s.typing!;
          return [sizeLabel(s.features), `\`${t.text}\``, `${n0(t.keyToFrameMedian)} ms`, `${n0(t.keyToFrameMax)} ms`, `${n0(t.lastKeyToPaint)} ms`, String(t.statsRequests), String(t.urlWrites), Number.isFinite(t.plannerRenders) ? String(t.plannerRenders) : 'not counted'];
        }),
      ),
    );
  }

  parts.push('\n## JS bundles (initial JS per view: entry chunk + static imports, from the Vite manifest)\n');
  parts.push(table(['view', 'chunks', 'raw', 'gzip (level 9)'], r.bundles.map((b) => [`\`${b.view}\``, String(b.files), kb(b.raw), kb(b.gzip)])));

  if (r.notes.length) parts.push(`\n## Notes\n\n${r.notes.map((n) => `- ${n}`).join('\n')}`);
  return `${parts.join('\n')}\n`;
}
