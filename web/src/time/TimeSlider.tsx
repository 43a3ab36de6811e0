/**
 * The planner's time slider: the end of every month from the plan (March 2022) to today, with
 * play / pause. It writes `asof` to the address like any other parameter (the last stop is "now":
 * no asof). A real <input type=range> with a label and aria-valuetext, so keyboard and screen
 * readers use it as any slider (arrows, Home, End).
 */
import { useEffect, useMemo, useState } from 'react';
import { shanghaiToday } from '../../../core/asof';
import type { Translate } from '../i18n';
import { monthStops } from './asof';
import './time.css';

/** Time per month while playing. */
const STEP_MS = 1500;

export interface TimeSliderProps {
  asof: string | undefined;
  /** The day chosen (undefined = now); `replace`: while dragging or playing, not a history entry each. */
  onChange: (asof: string | undefined, mode: 'push' | 'replace') => void;
  /** The answer for this day says it is before the history (the data as first loaded). */
  beforeHistory: boolean;
  t: Translate;
}

export function TimeSlider({ asof, onChange, beforeHistory, t }: TimeSliderProps) {
  const today = shanghaiToday();
  const stops = useMemo(() => monthStops(today, asof), [today, asof]);
  const index = asof ? stops.indexOf(asof) : stops.length - 1;
  const [playing, setPlaying] = useState(false);
  const toAsof = (i: number) => (i >= stops.length - 1 && stops[i] === today ? undefined : stops[i]);
  const say = (d: string) => (d === today ? t('time.valueNow', { date: d }) : t('time.value', { date: d }));

  useEffect(() => {
    if (!playing) return;
    if (index >= stops.length - 1) {
      setPlaying(false);
      return;
    }
    const timer = window.setTimeout(() => onChange(toAsof(index + 1), 'replace'), STEP_MS);
    return () => window.clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [playing, index]);

  const play = () => {
    if (playing) return setPlaying(false);
    if (index >= stops.length - 1) onChange(stops[0], 'push'); // from the start when at now
    setPlaying(true);
  };

  return (
    <section className="sgm-section sgm-time" aria-labelledby="sgm-time-h" data-testid="time">
      <h2 id="sgm-time-h">{t('time.title')}</h2>
      <p className="sgm-time-asof" data-asof={asof ?? ''} aria-live="polite">
        {asof ? t('time.showing', { date: asof }) : t('time.showingNow', { date: today })}
      </p>
      {asof && beforeHistory && (
        <p className="sgm-time-before" data-testid="before-history">
          {t('time.beforeHistory', { date: asof })}
        </p>
      )}
      <label className="sgm-label" htmlFor="sgm-time-range">
        {t('time.slider')}
      </label>
      <input
        id="sgm-time-range"
        className="sgm-time-range"
        type="range"
        min={0}
        max={stops.length - 1}
        step={1}
        value={index}
        aria-valuetext={say(stops[index])}
        onChange={(e) => {
          setPlaying(false);
          onChange(toAsof(Number(e.target.value)), 'replace');
        }}
      />
      <div className="sgm-time-ends" aria-hidden="true">
        <span>{stops[0]}</span>
        <span>{t('time.now')}</span>
      </div>
      <div className="sgm-time-buttons">
        <button type="button" aria-pressed={playing} onClick={play}>
          {playing ? t('time.pause') : t('time.play')}
        </button>
        {asof && (
          <button
            type="button"
            onClick={() => {
              setPlaying(false);
              onChange(undefined, 'push');
            }}
          >
            {t('time.backToNow')}
          </button>
        )}
      </div>
    </section>
  );
}
