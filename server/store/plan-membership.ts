/**
 * Which counties a feature counts in. The geometry decides for surveyed and approximate features;
 * a schematic feature's drawn position says nothing about its county, so it counts in the counties
 * the plan's words name for it (`plan_counties`) — or in none: "city-wide / location not known" —
 * and carries no length or area (a sketch has none). Places outside the city count in no county.
 */
import type { Geometry } from 'geojson';
import { COUNTY_CODES } from '../../core/contract';
import type { FeatureProperties } from '../../core/schema';
import type { CountyIndex, Membership } from './membership';

export function featureMembership(p: Pick<FeatureProperties, 'outside' | 'precision' | 'plan_counties'>, geometry: Geometry, index: CountyIndex): Membership {
  if (p.precision === 'schematic') {
    const named = p.outside ? [] : COUNTY_CODES.filter((c) => (p.plan_counties ?? []).includes(c));
    return { counties: named, kmByCounty: {}, km2ByCounty: {}, km: 0, km2: 0 };
  }
  const m = index.membershipOf(geometry);
  return p.outside ? { counties: [], kmByCounty: {}, km2ByCounty: {}, km: m.km, km2: m.km2 } : m;
}
