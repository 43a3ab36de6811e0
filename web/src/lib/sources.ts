/** How a feature's sources read in the detail panel: one line per source, and what its position rests on. */
import type { PublicFeatureProperties } from '../../../core/api';
import type { Source } from '../../../core/schema';

/** "title · publisher · date" (free-text sources as written). */
export function sourceLine(s: string | Source): string {
  if (typeof s === 'string') return s;
  return [s.title, s.publisher, s.date].filter(Boolean).join(' · ');
}

export function sourceUrl(s: string | Source): string | undefined {
  return typeof s === 'string' ? undefined : s.url;
}

/** The sources cited for the feature's location. */
export function locationSources(p: Pick<PublicFeatureProperties, 'sources'>): (string | Source)[] {
  return p.sources.filter((s) => typeof s !== 'string' && s.about.includes('location'));
}

/** What the position rests on: a cited source, the plan's words only, or nothing found (also for older data without the field). */
export function locationBasis(p: Pick<PublicFeatureProperties, 'location_source' | 'sources'>): 'cited' | 'plan' | 'none_found' {
  if (p.location_source) return p.location_source;
  return locationSources(p).length > 0 ? 'cited' : 'none_found';
}
