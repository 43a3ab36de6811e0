/**
 * What every format parser hands on: records with a row number the user can find in their file,
 * named fields and, where the format carries one, a geometry in the file's coordinate system.
 */
import type { Geometry } from 'geojson';

export type FieldValue = string | number | boolean | null | unknown[] | Record<string, unknown>;

export interface SourceRecord {
  /** Where the user finds it: the line of a CSV (header = 1), the row of a sheet, the feature's number (1-based) in other formats. */
  row: number;
  fields: Record<string, FieldValue>;
  /** The record's own geometry (GeoJSON, Shapefile, KML, GPX), in the file's coordinate system; absent for tables. */
  geometry?: Geometry | null;
}

export interface SourceTable {
  /** geojson, csv, xlsx, shapefile, kml, kmz, gpx. */
  format: string;
  /** Column / property names in file order. */
  headers: string[];
  records: SourceRecord[];
  /** Text encoding found (CSV, DBF), e.g. UTF-8, GB18030. */
  encoding?: string;
  /** The coordinate system the file states (a Shapefile's .prj), as a `crs` value; undefined when it states none we know. */
  statedCrs?: string;
  /** What the parser noticed that the user should know (e.g. "sheet 2 of 3 ignored"). */
  notes: string[];
  /** What rows are called in this format, for messages: 行 line, 记录 record. */
  rowLabel: 'line' | 'row' | 'feature';
}

/** Let other requests run. */
export const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A per-row check that yields to the event loop once `sliceMs` have passed since the last yield, so
 * a long parse never holds other requests up by more than about that long. Cheap when it does not yield.
 */
export function yielder(sliceMs = 2): () => Promise<void> | undefined {
  let last = performance.now();
  return () => {
    const now = performance.now();
    if (now - last < sliceMs) return undefined;
    return yieldToLoop().then(() => {
      last = performance.now();
    });
  };
}
