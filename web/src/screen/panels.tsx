/** The screen's panels: plain components from figures to markup (no data loading here). */
import type { StatsResponse } from '../../../core/api';
import type { Lang } from '../../../core/contract';
import { STANDINGS, standingRank } from '../../../core/deadlines';
import type { Translate } from '../i18n';
import { formatNumber, measureNumeral as numeral } from '../lib/format';
import { goalParts, HABITAT_LAYER, reportedText, lengthShown, PIPELINE_LAYER, targetHeadline, type AimFigure, type LayerFigure, type TargetFigure } from '../lib/figures';

import { symbolColour } from '../map/symbol-colour';
type T = Translate;

export function BigFigure({ id, value, label, digits = 0, lang }: { id: string; value: number; label: string; digits?: number; lang: Lang }) {
  return (
    <div className="scr-big">
      <div className="scr-headline" data-figure={id} data-value={String(value)}>
        {formatNumber(value, lang, digits)}
      </div>
      <div className="scr-label">{label}</div>
    </div>
  );
}

export function TotalsPanel({ stats, layers, lang, t }: { stats: StatsResponse; layers: LayerFigure[]; lang: Lang; t: T }) {
  const pipes = layers.find((l) => l.id === PIPELINE_LAYER);
  const habitats = layers.find((l) => l.id === HABITAT_LAYER);
  return (
    <section className="scr-panel scr-totals" aria-label={t('screen.layers')}>
      <div className="scr-bigrow">
        <BigFigure id="total" value={stats.totals.features} label={t('screen.totalFeatures')} lang={lang} />
        {pipes &&
          (lengthShown(pipes) ? (
            <BigFigure id="pipeline-km" value={pipes.line_km} digits={0} label={t('screen.lineKm')} lang={lang} />
          ) : (
            <BigFigure id="pipeline-count" value={pipes.count} label={t('screen.pipelinesNoLength')} lang={lang} />
          ))}
        {habitats &&
          (habitats.with_extent > 0 ? (
            <BigFigure id="habitat-km2" value={habitats.polygon_km2} digits={0} label={t('screen.areaKm2')} lang={lang} />
          ) : (
            <BigFigure id="habitat-sites" value={habitats.count} label={t('screen.habitatSites')} lang={lang} />
          ))}
      </div>
      <h2 className="scr-h">{t('screen.layers')}</h2>
      <ul className="scr-layers">
        {layers.map((l) => (
          <li key={l.id}>
            <span className="scr-swatch" style={{ background: symbolColour(l.color, 'dark') }} aria-hidden="true" />
            <span className="scr-layer-name">{lang === 'en' ? l.name_en : l.name}</span>
            <span className="scr-layer-count" data-figure={`layer:${l.id}`} data-value={String(l.count)}>
              {formatNumber(l.count, lang, 0)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function TargetCard({ f, lang, t, cityGoal }: { f: TargetFigure; lang: Lang; t: T; cityGoal: boolean }) {
  const what = lang === 'en' ? f.target.what_en : f.target.what;
  const g = goalParts(f, lang);
  let status: string;
  if (f.progress === 'untracked') status = t('screen.notMapped');
  else if (f.progress === 'reported') status = t('screen.completed', { completed: f.completed ?? 0 }) + (f.percent !== null ? ` · ${f.percent}%` : '');
  else status = t('screen.progressUnknown');
  if (f.reported) status = reportedText(f.reported, g.unit, t as never);
  const unit = g.unit === '%' ? '%' : g.unit;
  const head = targetHeadline(f);
  return (
    <li className={`scr-card scr-card--${f.progress}`} data-target={f.target.id}>
      <div className="scr-card-what">
        <span className="scr-card-measure">{lang === 'en' ? `M${f.measureId}` : `（${numeral(f.measureId)}）`}</span> {what}
      </div>
      <div className="scr-card-figure">
        {head.kind === 'progress' ? (
          <>
            <span className="scr-headline" data-figure={`target:${f.target.id}`} data-value={String(head.value)}>
              {formatNumber(head.value, lang, 0)}
            </span>
            {g.figure !== null && <span className="scr-card-goal">/ {g.figure}</span>}
          </>
        ) : g.figure !== null ? (
          <>
            <span className="scr-headline scr-headline--goal">{g.figure}{unit === '%' ? '%' : ''}</span>
            {unit !== '%' && unit && <span className="scr-card-goal">{unit}</span>}
          </>
        ) : (
          <span className="scr-card-words">{g.words}</span>
        )}
      </div>
      <div className="scr-card-sub">
        {head.kind === 'progress'
          ? [
              t('screen.completedOnMap', { unit: (lang === 'en' ? f.target.unit_en : f.target.unit) || t('screen.features') }),
              f.target.year === null ? g.year : t('screen.by', { year: g.year }),
              cityGoal && f.target.value !== null ? t('screen.targetCity') : null,
            ]
              .filter(Boolean)
              .join(' · ')
          : `${t('screen.target')} · ${g.year}`}
      </div>
      <div className={`scr-card-status scr-status--${f.progress}`}>{status}</div>
      <Standing f={f} t={t} />
    </li>
  );
}

/** Where a target stands against its deadline (core/deadlines.ts), in words with a sign and a colour. */
function Standing({ f, t }: { f: TargetFigure; t: T }) {
  if (!f.standing) return null;
  return (
    <div className={`scr-standing scr-standing--${f.standing}`} data-standing={f.standing}>
      {t(`screen.standing.${f.standing}`, { deadline: f.deadline ?? '' })}
    </div>
  );
}

/** The most pressing first (missed, not reported, open, met, no deadline); the plan's order within each. */
export function byStanding(targets: readonly TargetFigure[]): TargetFigure[] {
  const rank = (f: TargetFigure) => (f.standing ? standingRank(f.standing) : STANDINGS.length);
  return targets
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
    .map((x) => x.f);
}

function AimCard({ aims, lang, t }: { aims: AimFigure[]; lang: Lang; t: T }) {
  return (
    <li className="scr-card scr-card--aims" data-target="aims">
      <div className="scr-card-what">{t('screen.aims')}</div>
      <ul className="scr-aims">
        {aims.slice(0, 4).map((a) => (
          <li key={a.id}>
            <span className="scr-aim-count" data-figure={`aim:${a.id}`} data-value={String(a.count)}>
              {a.count}
            </span>
            <span className="scr-aim-name">{lang === 'en' ? a.name_en : a.name}</span>
            <span className={`scr-aim-status scr-status--${a.completed > 0 ? 'reported' : 'unknown'}`}>
              {a.completed > 0 ? t('screen.completed', { completed: a.completed }) : t('screen.progressUnknown')}
            </span>
          </li>
        ))}
      </ul>
    </li>
  );
}

/** Targets no mapped feature works towards: one card listing each with its goal, legible at a distance. */
function UnmappedCard({ targets, lang, t }: { targets: TargetFigure[]; lang: Lang; t: T }) {
  return (
    <li className="scr-card scr-card--unmapped" data-target="unmapped" style={{ gridColumn: `span ${Math.min(4, Math.ceil(targets.length / 3))}` }}>
      <div className="scr-card-what">{t('screen.unmappedTargets', { count: targets.length })}</div>
      <ul className="scr-unmapped">
        {targets.map((f) => {
          const g = goalParts(f, lang);
          const goal = g.figure !== null ? `${g.figure}${g.unit === '%' ? '%' : g.unit ? ` ${g.unit}` : ''}` : (g.words ?? '');
          return (
            <li key={f.target.id} data-unmapped-target={f.target.id}>
              <span className="scr-card-measure">{lang === 'en' ? `M${f.measureId}` : `（${numeral(f.measureId)}）`}</span>
              <span className="scr-unmapped-what">{lang === 'en' ? f.target.what_en : f.target.what}</span>
              <span className="scr-unmapped-goal">
                {goal} · {g.year}
              </span>
              {f.standing && f.standing !== 'no_deadline' && (
                <span className={`scr-standing scr-standing--${f.standing}`} data-standing={f.standing} title={t(`screen.standing.${f.standing}`, { deadline: f.deadline ?? '' })}>
                  {t(`screen.standingShort.${f.standing}`)}
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </li>
  );
}

export function TargetsBand(p: { targets: TargetFigure[]; aims: AimFigure[]; lang: Lang; t: T; cityGoal: boolean; emptyText: string }) {
  const sorted = byStanding(p.targets);
  const mapped = sorted.filter((f) => f.progress !== 'untracked');
  const unmapped = sorted.filter((f) => f.progress === 'untracked');
  return (
    <section className="scr-band" aria-label={p.t('screen.targets')}>
      <h2 className="scr-h">{p.t('screen.targets')}</h2>
      <ul className="scr-cards">
        {mapped.map((f) => (
          <TargetCard key={f.target.id} f={f} lang={p.lang} t={p.t} cityGoal={p.cityGoal} />
        ))}
        {unmapped.length > 0 && <UnmappedCard targets={unmapped} lang={p.lang} t={p.t} />}
        {p.aims.length > 0 && <AimCard aims={p.aims} lang={p.lang} t={p.t} />}
        {p.targets.length === 0 && p.aims.length === 0 && <li className="scr-card scr-card--empty">{p.emptyText}</li>}
      </ul>
    </section>
  );
}
