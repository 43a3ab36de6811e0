/**
 * The drawing library (terra-draw with its MapLibre adapter) on the planner's map, for one edit at a
 * time: reshape a feature's geometry (move a point; drag, add or remove a line's or polygon's
 * vertices) or draw a new one. It draws its own layers above ours; the feature as stored stays
 * drawn underneath until the edit is saved, so the change is visible. `stop()` removes everything.
 * Snapping is off; the keyboard shortcuts that would delete a feature are off (Esc is the page's).
 */
import type { Map as MlMap } from 'maplibre-gl';
import { TerraDraw, TerraDrawLineStringMode, TerraDrawPointMode, TerraDrawPolygonMode, TerraDrawSelectMode, type GeoJSONStoreFeatures } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import type { DrawKind, Part } from './geometry';

const MODE: Record<DrawKind, string> = { point: 'point', line: 'linestring', polygon: 'polygon' };
const COLOUR = '#d62828';
const WHITE = '#ffffff';

export interface DrawSession {
  /** The parts as they are now (in the order given or drawn); empty while nothing is drawn. */
  parts(): Part[];
  stop(): void;
}

function create(map: MlMap) {
  const editable = { feature: { draggable: true, coordinates: { draggable: true, midpoints: true, deletable: true } } };
  return new TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({ map, prefixId: 'sgm-draw' }),
    modes: [
      new TerraDrawPointMode({ styles: { pointColor: COLOUR, pointWidth: 7, pointOutlineColor: WHITE, pointOutlineWidth: 2 } }),
      new TerraDrawLineStringMode({ keyEvents: { cancel: null, finish: 'Enter' }, styles: { lineStringColor: COLOUR, lineStringWidth: 3 } }),
      new TerraDrawPolygonMode({ keyEvents: { cancel: null, finish: 'Enter' }, styles: { fillColor: COLOUR, fillOpacity: 0.15, outlineColor: COLOUR, outlineWidth: 3 } }),
      new TerraDrawSelectMode({
        allowManualDeselection: false,
        keyEvents: { deselect: null, delete: null, rotate: null, scale: null },
        flags: { point: { feature: { draggable: true } }, linestring: editable, polygon: editable },
        styles: {
          selectedPointColor: COLOUR,
          selectedPointWidth: 8,
          selectedPointOutlineColor: WHITE,
          selectedPointOutlineWidth: 2,
          selectedLineStringColor: COLOUR,
          selectedLineStringWidth: 3,
          selectedPolygonColor: COLOUR,
          selectedPolygonFillOpacity: 0.15,
          selectedPolygonOutlineColor: COLOUR,
          selectedPolygonOutlineWidth: 3,
          selectionPointColor: WHITE,
          selectionPointOutlineColor: COLOUR,
          selectionPointWidth: 5,
          selectionPointOutlineWidth: 2,
          midPointColor: COLOUR,
          midPointOutlineColor: WHITE,
          midPointWidth: 3,
        },
      }),
    ],
  });
}

const ofIds = (draw: TerraDraw, ids: readonly (string | number)[]): Part[] =>
  ids.map((id) => draw.getSnapshotFeature(id)?.geometry).filter((g): g is Part => g?.type === 'Point' || g?.type === 'LineString' || g?.type === 'Polygon');

/** Reshape existing parts: each becomes a selectable drawing (a point is dragged whole; lines and polygons by their vertices). */
export function reshape(map: MlMap, parts: readonly Part[]): DrawSession {
  const draw = create(map);
  let ids: (string | number)[] = [];
  const init = () => {
    const features: GeoJSONStoreFeatures[] = parts.map((g) => ({
      id: draw.getFeatureId(),
      type: 'Feature',
      geometry: g,
      properties: { mode: g.type === 'Point' ? 'point' : g.type === 'LineString' ? 'linestring' : 'polygon' },
    }));
    draw.setMode('select');
    draw.addFeatures(features);
    ids = features.map((f) => f.id!);
    // Only one drawing can be selected (show its handles) at a time; a single part is selected at once.
    if (ids.length === 1) draw.selectFeature(ids[0]);
  };
  draw.on('ready', init);
  draw.start();
  return {
    parts: () => ofIds(draw, ids),
    stop: () => draw.stop(),
  };
}

/** Draw one new part of `kind`; `onDrawn` once it is finished (then it can be adjusted like a reshape). */
export function drawNew(map: MlMap, kind: DrawKind, onDrawn: (part: Part) => void): DrawSession {
  const draw = create(map);
  let id: string | number | undefined;
  draw.on('ready', () => draw.setMode(MODE[kind]));
  draw.on('finish', (fid) => {
    if (id !== undefined) return;
    id = fid;
    draw.setMode('select');
    draw.selectFeature(fid);
    const [g] = ofIds(draw, [fid]);
    if (g) onDrawn(g);
  });
  draw.start();
  return {
    parts: () => (id === undefined ? [] : ofIds(draw, [id])),
    stop: () => draw.stop(),
  };
}
