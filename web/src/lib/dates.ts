/** Days in the address (`since=`) and around it: small, for every page. */

/** The day `days` before `now`, as YYYY-MM-DD (the screen's default `since`: 30 days). */
export function daysBefore(now: Date, days: number): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
}

/** A valid `since=` from the URL (YYYY-MM-DD), or undefined. */
export function parseSince(value: string | null): string | undefined {
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? value : undefined;
}
