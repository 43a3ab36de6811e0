/**
 * Coordinate systems an import may arrive in, and the one function that takes a position from any
 * of them to WGS 84 longitude/latitude. Chinese map data comes in:
 *
 * - `wgs84` (EPSG:4326) and `cgcs2000` (EPSG:4490). CGCS2000 and WGS 84 differ by a few
 *   centimetres at Shangrao (both are ITRF-based, GRS80 and WGS 84 ellipsoids differ by 0.1 mm in
 *   the semi-minor axis): we take CGCS2000 longitude/latitude as WGS 84 unchanged, and say so.
 * - `EPSG:3857` (Web Mercator, metres), via proj4.
 * - CGCS2000 3° Gauss–Krüger: EPSG:4513–4533 (zones 25–45, false easting with the zone number in
 *   front: 39 500 000 m for zone 39) and EPSG:4534–4554 (the same zones named by central meridian,
 *   75°E–135°E, false easting 500 000 m). Shangrao (116.2°–118.7°E) lies in zone 39 (CM 117°E,
 *   EPSG:4527 / 4548) and, east of 118.5°E, zone 40 (CM 120°E, EPSG:4528 / 4549); zone 38 (CM 114°E,
 *   EPSG:4526 / 4547) is accepted too. The 6° zones EPSG:4491–4512 likewise. proj4 definitions are
 *   written out below from those parameters (GRS80 ellipsoid, scale 1, latitude of origin 0).
 * - `gcj02` (高德, 腾讯, Google China) and `bd09` (百度) through `gcoord`: GCJ-02 is WGS 84 shifted by
 *   a published-but-obfuscated formula, about 0.6 km at Shangrao; `gcoord` inverts it to within a
 *   few millimetres there (tested).
 */
import gcoord from 'gcoord';
import proj4 from 'proj4';
import { ImportError } from './errors';

export const CRS_NAMES = ['wgs84', 'cgcs2000', 'gcj02', 'bd09'] as const;
export type CrsName = (typeof CRS_NAMES)[number];

/** A coordinate system as the API names it: one of CRS_NAMES or `EPSG:n` for a supported n. */
export interface Crs {
  /** Normalised id: `wgs84`, `cgcs2000`, `gcj02`, `bd09` or `EPSG:n`. */
  id: string;
  /** Human label, zh + en. */
  label: string;
  /** Longitude/latitude in degrees (true) or projected metres (false). */
  geographic: boolean;
  /** One position to WGS 84 [lon, lat]. */
  toWgs84(p: readonly number[]): [number, number];
  /** WGS 84 [lon, lat] to this system (for exports and tests). */
  fromWgs84(p: readonly number[]): [number, number];
}

const GRS80 = '+ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';

/** proj4 definition for the CGCS2000 Gauss–Krüger EPSG codes we support, or undefined. */
export function gaussKrugerDef(epsg: number): { def: string; label: string } | undefined {
  const tm = (cm: number, fe: number) => `+proj=tmerc +lat_0=0 +lon_0=${cm} +k=1 +x_0=${fe} +y_0=0 ${GRS80}`;
  if (epsg >= 4491 && epsg <= 4501) {
    const zone = epsg - 4491 + 13;
    const cm = zone * 6 - 3;
    return { def: tm(cm, zone * 1e6 + 5e5), label: `CGCS2000 / 6° 高斯-克吕格 ${zone} 带 · 6-degree Gauss-Kruger zone ${zone} (CM ${cm}°E)` };
  }
  if (epsg >= 4502 && epsg <= 4512) {
    const cm = 75 + (epsg - 4502) * 6;
    return { def: tm(cm, 5e5), label: `CGCS2000 / 6° 高斯-克吕格 中央经线 ${cm}°E · 6-degree Gauss-Kruger CM ${cm}E` };
  }
  if (epsg >= 4513 && epsg <= 4533) {
    const zone = epsg - 4513 + 25;
    const cm = zone * 3;
    return { def: tm(cm, zone * 1e6 + 5e5), label: `CGCS2000 / 3° 高斯-克吕格 ${zone} 带 · 3-degree Gauss-Kruger zone ${zone} (CM ${cm}°E)` };
  }
  if (epsg >= 4534 && epsg <= 4554) {
    const cm = 75 + (epsg - 4534) * 3;
    return { def: tm(cm, 5e5), label: `CGCS2000 / 3° 高斯-克吕格 中央经线 ${cm}°E · 3-degree Gauss-Kruger CM ${cm}E` };
  }
  return undefined;
}

const identity = (label: string, id: string): Crs => ({
  id,
  label,
  geographic: true,
  toWgs84: (p) => [p[0], p[1]],
  fromWgs84: (p) => [p[0], p[1]],
});

const viaGcoord = (id: 'gcj02' | 'bd09', label: string): Crs => {
  const sys = id === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09;
  return {
    id,
    label,
    geographic: true,
    toWgs84: (p) => gcoord.transform([p[0], p[1]], sys, gcoord.WGS84) as [number, number],
    fromWgs84: (p) => gcoord.transform([p[0], p[1]], gcoord.WGS84, sys) as [number, number],
  };
};

const viaProj4 = (id: string, def: string, label: string): Crs => {
  const conv = proj4(def, 'EPSG:4326');
  return {
    id,
    label,
    geographic: false,
    toWgs84: (p) => conv.forward([p[0], p[1]]) as [number, number],
    fromWgs84: (p) => conv.inverse([p[0], p[1]]) as [number, number],
  };
};

/** What `crs` may be, for error messages. */
export const CRS_ALLOWED =
  'wgs84, cgcs2000 (EPSG:4490, taken as WGS 84), gcj02 (高德/腾讯), bd09 (百度), EPSG:4326, EPSG:4490, EPSG:3857, EPSG:4491–4554 (CGCS2000 Gauss–Krüger; Shangrao: EPSG:4527/4528 or 4548/4549)';

/** The coordinate system named `name` (case-insensitive), or an ImportError naming what is allowed. */
export function parseCrs(name: string): Crs {
  const s = name.trim().toLowerCase().replace(/\s+/g, '');
  if (s === 'wgs84' || s === 'epsg:4326') return identity('WGS 84 (EPSG:4326)', 'wgs84');
  if (s === 'cgcs2000' || s === 'epsg:4490')
    return identity('CGCS2000 (EPSG:4490)，按 WGS 84 处理（本市范围内相差数厘米）· taken as WGS 84 (they differ by centimetres here)', 'cgcs2000');
  if (s === 'gcj02' || s === 'gcj-02') return viaGcoord('gcj02', 'GCJ-02 (高德/腾讯 · AMap/Tencent)');
  if (s === 'bd09' || s === 'bd-09') return viaGcoord('bd09', 'BD-09 (百度 · Baidu)');
  if (s === 'epsg:3857' || s === 'epsg:900913') return viaProj4('EPSG:3857', 'EPSG:3857', 'Web Mercator (EPSG:3857)');
  const m = /^epsg:(\d{4,5})$/.exec(s);
  const gk = m ? gaussKrugerDef(Number(m[1])) : undefined;
  if (m && gk) return viaProj4(`EPSG:${m[1]}`, gk.def, gk.label);
  throw new ImportError(400, 'bad_crs', `Unknown or unsupported coordinate system "${name.slice(0, 40)}"; allowed: ${CRS_ALLOWED}.`, { field: 'crs' });
}

/**
 * The EPSG code (or crs name) a shapefile's .prj (ESRI WKT) describes, or undefined when we cannot
 * tell. Reads AUTHORITY["EPSG",n] first, then ESRI's names (CGCS2000_3_Degree_GK_Zone_39,
 * CGCS2000_3_Degree_GK_CM_117E, GCS_China_Geodetic_Coordinate_System_2000, GCS_WGS_1984,
 * WGS_1984_Web_Mercator_Auxiliary_Sphere), then a Gauss–Krüger/Transverse Mercator on CGCS2000 by its
 * central meridian and false easting.
 */
export function crsFromPrj(wkt: string): string | undefined {
  const text = wkt.replace(/\s+/g, ' ');
  const head = /^\s*(PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS)\s*\[\s*"([^"]*)"/i.exec(text);
  const kind = head?.[1].toUpperCase();
  const name = head?.[2] ?? '';
  // The last AUTHORITY in a WKT1 PROJCS/GEOGCS is the whole system's.
  const auths = [...text.matchAll(/(?:AUTHORITY|ID)\s*\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]/gi)].map((x) => Number(x[1]));
  const whole = auths.at(-1);
  if (whole !== undefined && (whole === 4326 || whole === 4490 || whole === 3857 || gaussKrugerDef(whole))) return whole === 4326 ? 'wgs84' : whole === 4490 ? 'cgcs2000' : `EPSG:${whole}`;
  let m = /CGCS2000_3_Degree_GK_Zone_(\d+)/i.exec(name);
  if (m) return `EPSG:${4513 + Number(m[1]) - 25}`;
  m = /CGCS2000_3_Degree_GK_CM_(\d+)E/i.exec(name);
  if (m) return `EPSG:${4534 + (Number(m[1]) - 75) / 3}`;
  m = /CGCS2000_GK_Zone_(\d+)/i.exec(name);
  if (m) return `EPSG:${4491 + Number(m[1]) - 13}`;
  m = /CGCS2000_GK_CM_(\d+)E/i.exec(name);
  if (m) return `EPSG:${4502 + (Number(m[1]) - 75) / 6}`;
  if (/Web_Mercator|Pseudo[-_ ]Mercator|Popular Visualisation/i.test(name)) return 'EPSG:3857';
  const cgcs = /China[_ ]Geodetic[_ ]Coordinate[_ ]System[_ ]2000|CGCS[_ ]?2000/i.test(text);
  if (kind?.startsWith('GEOG')) {
    if (cgcs) return 'cgcs2000';
    if (/WGS[_ ]?(19)?84/i.test(text)) return 'wgs84';
    return undefined;
  }
  if (kind?.startsWith('PROJ') && cgcs && /Gauss|Transverse_Mercator/i.test(text)) {
    const num = (p: string) => {
      const r = new RegExp(`PARAMETER\\s*\\[\\s*"${p}"\\s*,\\s*(-?[\\d.]+)`, 'i').exec(text);
      return r ? Number(r[1]) : undefined;
    };
    const cm = num('Central_Meridian');
    const fe = num('False_Easting');
    if (cm === undefined || fe === undefined) return undefined;
    if (cm % 3 === 0 && fe === 500000) return `EPSG:${4534 + (cm - 75) / 3}`;
    if (cm % 3 === 0 && fe === (cm / 3) * 1e6 + 5e5) return `EPSG:${4513 + cm / 3 - 25}`;
  }
  return undefined;
}
