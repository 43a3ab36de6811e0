/** Apply a basemap input to a live MapLibre map in place (paint properties, source data, online raster). */
import type { Map as MlMap, GeoJSONSource } from 'maplibre-gl';
import { ownBasemapShown } from './own-basemap';
import { buildBasemapStyle, countyFillColor, countyFillOpacity, countyLineColor, countyLineWidth, PALETTES, type BasemapInput } from './style';

const dataIds = new WeakMap<object, number>();
let nextId = 1;
function idOf(o: object | undefined): number {
  if (!o) return 0;
  let id = dataIds.get(o);
  if (!id) dataIds.set(o, (id = nextId++));
  return id;
}

/** A cheap key that changes when any input of the basemap changes (data compared by identity). */
export function basemapInputKey(i: BasemapInput): string {
  return [i.theme, idOf(i.counties), idOf(i.context), (i.selectedCounties ?? []).join(','), i.basemap ?? 'none', JSON.stringify(i.config?.basemaps ?? null)].join('|');
}

export function applyBasemap(map: MlMap, input: BasemapInput): void {
  const p = PALETTES[input.theme];
  const sel = input.selectedCounties ?? [];
  map.setPaintProperty('background', 'background-color', p.background);
  map.setPaintProperty('context-fill', 'fill-color', p.contextFill);
  map.setPaintProperty('context-line', 'line-color', p.contextLine);
  map.setPaintProperty('county-fill', 'fill-color', countyFillColor(input.theme, sel));
  map.setPaintProperty('county-line', 'line-color', countyLineColor(input.theme, sel));
  map.setPaintProperty('county-line', 'line-width', countyLineWidth(sel));
  (map.getSource('counties') as GeoJSONSource | undefined)?.setData(input.counties);
  if (input.context) (map.getSource('context') as GeoJSONSource | undefined)?.setData(input.context);

  const want = buildBasemapStyle(input);
  const online = want.sources.online;
  const has = !!map.getSource('online');
  if (has) {
    map.removeLayer('online');
    map.removeSource('online');
  }
  if (online) {
    map.addSource('online', online);
    map.addLayer({ id: 'online', type: 'raster', source: 'online' }, 'context-fill');
  }
  map.setPaintProperty('county-fill', 'fill-opacity', countyFillOpacity(!!online || !!ownBasemapShown(input.basemap, input.config)));
}
