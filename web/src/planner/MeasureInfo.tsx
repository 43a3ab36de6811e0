/** The selected measure: title, text, lead departments and targets against what the map shows. */
import type { MeasureStats } from '../../../core/api';
import type { Lang } from '../../../core/contract';
import type { Measure } from '../../../core/schema';
import type { Translate } from '../i18n';
import { formatNumber, measureNumeral, sectionNumeral } from '../lib/format';

export function MeasureInfo({ measure, stats, lang, t }: { measure: Measure; stats: MeasureStats | undefined; lang: Lang; t: Translate }) {
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
          <strong>{t('measure.departments')}：</strong>
          <span lang="zh-CN">{measure.departments.join('、')}</span>
        </p>
      )}
      <h3 className="sgm-subhead">{t('measure.targets')}</h3>
      {measure.targets.length === 0 ? (
        <p className="sgm-muted">{t('measure.noTargets')}</p>
      ) : (
        <ul className="sgm-targets">
          {measure.targets.map((target) => {
            const progress = stats?.targets.find((x) => x.target.id === target.id);
            return (
              <li key={target.id}>
                <div>
                  {t('measure.target', {
                    what: lang === 'en' ? target.what_en : target.what,
                    value: target.value === null ? '—' : formatNumber(target.value, lang),
                    unit: lang === 'en' ? target.unit_en : target.unit,
                    year: target.year ?? '—',
                  })}
                </div>
                <div className="sgm-muted">
                  {progress?.tracked && progress.current !== null ? t('measure.current', { current: progress.current }) : t('measure.notMapped')}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
