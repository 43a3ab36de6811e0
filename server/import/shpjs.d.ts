/** shpjs 6 ships no types; the two functions server/import uses. */
declare module 'shpjs' {
  export function parseShp(shp: ArrayBuffer | Uint8Array | DataView, prj?: string | false): unknown[];
  export function parseDbf(dbf: ArrayBuffer | Uint8Array | DataView, encoding?: string): Record<string, unknown>[];
  const getShapefile: (base: unknown) => Promise<unknown>;
  export default getShapefile;
}
