/** Export actions of the planner: files of the current selection and a PNG of the map. */
import type { ApiFeature, LayerInfo } from '../../../core/api';
import type { Lang } from '../../../core/contract';
import { localName, type Translate } from '../i18n';
import { downloadBlob, exportName, featuresToCsv, featuresToGeoJson } from '../lib/export';
import { isoDate } from '../lib/format';
import { composeSnapshot, type MapHandle } from '../map';
import { symbolColour } from '../map/symbol-colour';

/**
 * @param ctx.serverUrl - tile mode (the page does not hold every feature): GeoJSON and CSV are the
 *   server's files of the filter (`GET /api/export`, lib/export-url.ts) instead of being written here.
 */
export async function runExport(
  kind: 'geojson' | 'csv' | 'png',
  ctx: { features: ApiFeature[]; layers: LayerInfo[]; visibleLayerIds: string[]; map: MapHandle | null; lang: Lang; t: Translate; serverUrl?: (format: 'geojson' | 'csv') => string },
): Promise<void> {
  const date = isoDate(new Date());
  const stem = exportName(date);
  if (kind !== 'png' && ctx.serverUrl) {
    const a = document.createElement('a');
    a.href = ctx.serverUrl(kind);
    a.download = `${stem}.${kind}`;
    document.body.append(a);
    a.click();
    a.remove();
    return;
  }
  if (kind === 'csv') return downloadBlob(new Blob([featuresToCsv(ctx.features, ctx.t)], { type: 'text/csv;charset=utf-8' }), `${stem}.csv`);
  if (kind === 'geojson') return downloadBlob(new Blob([featuresToGeoJson(ctx.features)], { type: 'application/geo+json' }), `${stem}.geojson`);
  if (!ctx.map) return;
  const canvas = composeSnapshot(await ctx.map.snapshot(), {
    title: ctx.t('app.title'),
    subtitle: ctx.t('app.subtitle'),
    dateLine: `${ctx.t('export.dateLabel')} ${date}`,
    legend: ctx.layers.filter((l) => ctx.visibleLayerIds.includes(l.id)).map((l) => ({ label: localName(l, ctx.lang), color: symbolColour(l.color, 'light') })),
  });
  const blob = await new Promise<Blob | null>((ok) => canvas.toBlob(ok, 'image/png'));
  if (blob) downloadBlob(blob, `${stem}.png`);
}
