/**
 * "Since the last briefing": the change sets and progress reports since a date (`since=` in the URL,
 * default the last 30 days), newest first; "nothing changed" said plainly. Who changed what is shown
 * only when the screen is signed in (viewer or above): anonymous answers carry no names and only
 * public fields (the server sees to that).
 */
import { useEffect, useState } from 'react';
import type { ChangesResponse } from '../../../core/changes';
import type { Lang } from '../../../core/contract';
import type { Translate } from '../i18n';
import { endOfShanghaiDay } from '../../../core/asof';
import { fetchChangesSince } from '../lib/history';

const REFRESH_MS = 60_000;

/** What a change set did, in a few words: the first change and how many more. */
export function changeWords(cs: ChangesResponse['change_sets'][number], t: Translate): string {
  const c = cs.changes[0];
  if (!c) return t(`history.kind.${cs.kind}` as never);
  const what = c.op === 'progress' ? c.target : c.feature;
  const more = cs.changes.length > 1 ? ` +${cs.changes.length - 1}` : '';
  return `${t(`history.op.${c.op}` as never)} ${what ?? ''}${more}`;
}

export interface ChangesState {
  data?: ChangesResponse;
  error?: boolean;
}

/**
 * The change sets of a period (tour=time): from the start of its first day to the end of its last,
 * in Asia/Shanghai (the days `asof` counts by), the newest 20.
 */
export async function fetchChangesBetween(since: string, until: string, signal?: AbortSignal): Promise<ChangesResponse> {
  const q = new URLSearchParams({ since: `${since}T00:00:00+08:00`, until: endOfShanghaiDay(until), limit: '20' });
  const res = await fetch(`/api/changes?${q}`, { headers: { accept: 'application/json' }, signal });
  if (!res.ok) throw new Error(`HTTP ${res.status} for /api/changes`);
  return (await res.json()) as ChangesResponse;
}

/**
 * /api/changes since a date (the newest 20 change sets), again every minute; a failed refresh keeps
 * what was shown. With `until` (a day): only the changes up to the end of that day.
 */
export function useChangesSince(since: string, until?: string): ChangesState {
  const [state, setState] = useState<ChangesState>({});
  useEffect(() => {
    let stop = false;
    setState({});
    const load = () =>
      (until ? fetchChangesBetween(since, until) : fetchChangesSince(since)).then(
        (data) => !stop && setState({ data }),
        () => !stop && setState((s) => ({ ...s, error: !s.data })),
      );
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [since, until]);
  return state;
}

/** The panel, over the changes read by {@link useChangesSince} (the screen's map rings the same ones). */
export function SincePanel({ since, until, t, state }: { since: string; until?: string; lang: Lang; t: Translate; state: ChangesState }) {
  const d = state.data;
  const title = until ? t('screen.since.period') : t('screen.since.title');
  return (
    <section className="scr-panel scr-since" data-since={since} data-until={until ?? ''} aria-label={title}>
      <h2 className="scr-h">
        {title} <span className="scr-since-from">{until ? t('screen.since.between', { since, until }) : t('screen.since.from', { since })}</span>
      </h2>
      {state.error && <p className="scr-since-line">{t('screen.since.error')}</p>}
      {d && d.numberMatched === 0 && (
        <p className="scr-since-line" data-since-nothing>
          {until ? t('screen.since.nothingBetween', { since, until }) : t('screen.since.nothing', { since })}
        </p>
      )}
      {d && d.numberMatched > 0 && (
        <>
          <p className="scr-since-line" data-since-count={d.numberMatched}>
            {t('screen.since.count', { count: d.numberMatched })}
          </p>
          <ul className="scr-since-list">
            {d.change_sets.slice(0, 3).map((cs) => (
              <li key={cs.id} data-since-change={cs.id}>
                {cs.at.slice(0, 10)} · {changeWords(cs, t)}
                {cs.author && <span data-since-author> · {t('screen.since.by', { name: cs.author.username })}</span>}
                {cs.note ? ` — ${cs.note}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
