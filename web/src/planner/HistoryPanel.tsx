/** A feature's history in the detail panel: when, what changed (before → after), the note. */
import { lazy, Suspense, useEffect, useState } from 'react';
import type { ChangesResponse } from '../../../core/changes';
import type { Lang } from '../../../core/contract';
import type { Translate } from '../i18n';
import { fetchFeatureHistory, fieldLines, whenText } from '../lib/history';

/** Editors only: loaded with the import code. */
const RevertButton = lazy(() => import('../import/RevertButton'));

/**
 * @param version - read again when it changes (the feature as last loaded: new after an edit).
 * @param onReverted - given to editors: an import in the list gets a "revert this import" button.
 */
export function HistoryPanel({ id, lang, t, version, onReverted }: { id: string; lang: Lang; t: Translate; version?: unknown; onReverted?: () => void }) {
  const [state, setState] = useState<{ data?: ChangesResponse; error?: string }>({});
  useEffect(() => {
    const ctl = new AbortController();
    setState({});
    fetchFeatureHistory(id, ctl.signal).then(
      (data) => setState({ data }),
      (e: Error) => !ctl.signal.aborted && setState({ error: e.message }),
    );
    return () => ctl.abort();
  }, [id, version]);
  if (state.error) return <p role="alert">{t('history.error', { message: state.error })}</p>;
  if (!state.data) return <p className="sgm-muted">{t('history.loading')}</p>;
  if (state.data.change_sets.length === 0) return <p data-history-empty>{t('history.none')}</p>;
  return (
    <ol className="sgm-history" data-history={state.data.numberMatched}>
      {state.data.change_sets.map((cs) => (
        <li key={cs.id} data-change-set={cs.id}>
          <div>
            <strong>{whenText(cs.at, lang)}</strong> · {t(`history.kind.${cs.kind}` as never)}
            {cs.author ? ` · ${cs.author.username}` : ''}
          </div>
          {cs.changes.map((c, i) => (
            <div key={i}>
              {t(`history.op.${c.op}` as never)}
              {c.fields.length > 0 && (
                <ul>
                  {fieldLines(c.fields, t).map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              )}
            </div>
          ))}
          {cs.note && <div className="sgm-muted">{t('history.note', { note: cs.note })}</div>}
          {onReverted && cs.kind === 'import' && (
            <Suspense fallback={null}>
              <RevertButton changeSet={cs.id} t={t} onReverted={onReverted} />
            </Suspense>
          )}
        </li>
      ))}
    </ol>
  );
}
