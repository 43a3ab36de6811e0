/**
 * The selected measure: title, text, lead departments, the targets it states against what the map
 * counts (the same figures as the briefing screen), and the titles it asks places to pursue.
 */
import type { ReactNode } from 'react';
import type { Lang } from '../../../core/contract';
import type { Measure } from '../../../core/schema';
import type { Translate } from '../i18n';
import { STANDINGS, standingRank } from '../../../core/deadlines';
import { goalText, reportedText, type AimFigure, type TargetFigure } from '../lib/figures';
import { measureNumeral, sectionNumeral } from '../lib/format';

export interface MeasureInfoProps {
  measure: Measure;
  /** The measure's targets beside the map's counts; undefined while the figures load. */
  targets: TargetFigure[] | undefined;
  aims: AimFigure[];
  lang: Lang;
  t: Translate;
  /** Editors: a "report progress" control under each target (web/src/edit/ProgressForm.tsx). */
  report?: (targetId: string) => ReactNode;
}

function progressText(f: TargetFigure, t: Translate): string {
  if (f.progress === 'untracked' || f.current === null) return t('measure.notMapped');
  const counted = f.target.tracked_by?.unit === 'counties' ? t('measure.currentCounties', { current: f.current }) : t('measure.current', { current: f.current });
  const done = f.progress === 'reported' ? t('measure.completed', { completed: f.completed ?? 0 }) : t('measure.progressUnknown');
  return `${counted} · ${done}`;
}

/** Targets in the order of their standing: the most pressing first (missed, not reported, open, met, no deadline). */
function sortByStanding<T extends { id: string }>(list: readonly T[], figures: TargetFigure[] | undefined): T[] {
  const rank = (id: string) => {
    const s = figures?.find((f) => f.target.id === id)?.standing;
    return s ? standingRank(s) : STANDINGS.length;
  };
  return [...list].sort((a, b) => rank(a.id) - rank(b.id));
}

export function MeasureInfo({ measure, targets, aims, lang, t, report }: MeasureInfoProps) {
  return (
    <section className="sgm-section" aria-labelledby="sgm-measure-h" data-measure-info={measure.id}>
      <p className="sgm-muted">
        {t('measure.section', { id: measure.section, numeral: sectionNumeral(measure.section) })} · {lang === 'en' ? measure.section_title_en : measure.section_title}
      </p>
      <h2 id="sgm-measure-h">
        {t('measure.label', { id: measure.id, numeral: measureNumeral(measure.id) })} {lang === 'en' ? measure.title_en : measure.title}
      </h2>
      <details>
        <summary>{t('measure.text')}</summary>
        <p lang="zh-CN" className="sgm-measure-text">
          {measure.text}
        </p>
      </details>
      {measure.departments.length > 0 && (
        <p>
          <strong>{t(measure.departments_exhaustive === false ? 'measure.departmentsPartial' : 'measure.departments')}</strong>{lang === 'en' ? ': ' : '：'}
          <span lang="zh-CN" data-departments-exhaustive={String(measure.departments_exhaustive !== false)}>
            {measure.departments.join('、')}
            {measure.departments_exhaustive === false ? '等' : ''}
          </span>
        </p>
      )}
      {(measure.targets.length > 0 || aims.length === 0) && <h3 className="sgm-subhead">{t('measure.targets')}</h3>}
      {measure.targets.length === 0 && aims.length === 0 && <p className="sgm-muted">{t('measure.noTargets')}</p>}
      {measure.targets.length > 0 && (
        <ul className="sgm-targets">
          {sortByStanding(measure.targets, targets).map((target) => {
            const f = targets?.find((x) => x.target.id === target.id);
            return (
              <li key={target.id} data-target={target.id}>
                <div>
                  {lang === 'en' ? target.what_en : target.what}：{goalText(f ?? { target, goal: target.value }, lang)}
                </div>
                <div className="sgm-muted">{f ? progressText(f, t) : t('app.loading')}</div>
                {f?.standing && (
                  <div className={`sgm-standing sgm-standing--${f.standing}`} data-standing={f.standing}>
                    {t(`standing.${f.standing}`, { deadline: f.deadline ?? '' })}
                  </div>
                )}
                {f?.reported && (
                  <div data-reported={f.reported.value}>{reportedText(f.reported, lang === 'en' ? target.unit_en : target.unit, t)}</div>
                )}
                {report?.(target.id)}
              </li>
            );
          })}
        </ul>
      )}
      {aims.length > 0 && (
        <>
          <h3 className="sgm-subhead">{t('measure.aims')}</h3>
          <ul className="sgm-targets">
            {aims.map((a) => (
              <li key={a.id} data-aim={a.id}>
                <div>{t('measure.aim', { name: lang === 'en' ? a.name_en : a.name, count: a.count })}</div>
                <div className="sgm-muted">{a.completed > 0 ? t('measure.completed', { completed: a.completed }) : t('measure.progressUnknown')}</div>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
