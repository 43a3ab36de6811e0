import type { ParamProblem } from '../../../core/filters';
import type { Translate } from '../i18n';

/** Says which URL values were ignored — the page never goes blank over a bad link. */
export function ProblemsBanner({ problems, t }: { problems: readonly ParamProblem[]; t: Translate }) {
  if (!problems.length) return null;
  return (
    <div className="sgm-problems" role="alert" data-testid="url-problems">
      <strong>{t('problems.title')}</strong>
      <ul>
        {problems.map((p, i) => (
          <li key={i}>
            <code>
              {p.parameter}={p.value}
            </code>{' '}
            — {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
