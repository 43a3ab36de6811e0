/**
 * Deleted features (for signed-in viewers and editors): what was deleted, when, by whom and why,
 * from the history; an editor restores one with a button (POST /api/features/{id}/restore).
 */
import { useCallback, useEffect, useState } from 'react';
import './edit.css';
import type { ChangesResponse } from '../../../core/changes';
import type { Lang } from '../../../core/contract';
import type { Translate } from '../i18n';
import { localName } from '../i18n';
import { whenText } from '../lib/history';
import { errorMessage, restoreFeature } from './api';
import { deletedFeatures, type DeletedFeature } from './deleted';

export interface DeletedListProps {
  lang: Lang;
  t: Translate;
  canRestore: boolean;
  /** Changes whenever the data does (the list is read again). */
  version: number;
  selectedId?: string;
  onRestored: (id: string) => void;
}

export default function DeletedList({ lang, t, canRestore, version, selectedId, onRestored }: DeletedListProps) {
  const [items, setItems] = useState<DeletedFeature[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const load = useCallback(async () => {
    const res = await fetch('/api/changes?limit=1000', { cache: 'no-store', headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(await errorMessage(res));
    setItems(deletedFeatures(((await res.json()) as ChangesResponse).change_sets));
  }, []);
  useEffect(() => {
    load().catch((e: Error) => setMessage(t('edit.failed', { message: e.message })));
  }, [load, version, t]);
  const restore = async (d: DeletedFeature) => {
    setMessage(null);
    const r = await restoreFeature(d.id);
    if (r.kind === 'done') {
      setMessage(t('edit.restored', { name: localName(d, lang) }));
      onRestored(d.id);
      await load().catch(() => {});
    } else setMessage(r.kind === 'refused' && r.status === 403 ? t('edit.forbidden', { message: r.message }) : t('edit.failed', { message: r.kind === 'refused' ? r.message : '' }));
  };
  const open = items?.some((d) => d.id === selectedId) ?? false;
  return (
    <details className="sgm-section sgm-deleted" data-testid="deleted-list" open={open || undefined}>
      <summary>
        <h2>{t('edit.deletedTitle', { count: items?.length ?? '…' })}</h2>
      </summary>
      {items && items.length === 0 && <p className="sgm-muted">{t('edit.deletedNone')}</p>}
      {items && items.length > 0 && (
        <ul className="sgm-deleted-list">
          {items.map((d) => (
            <li key={d.id} data-deleted={d.id} className={d.id === selectedId ? 'is-selected' : ''}>
              <div>
                <strong>{localName(d, lang)}</strong> <span className="sgm-muted">{d.id}</span>
              </div>
              <div className="sgm-muted">
                {whenText(d.at, lang)}
                {d.author ? ` · ${d.author}` : ''}
                {d.note ? ` · ${t('history.note', { note: d.note })}` : ''}
              </div>
              {canRestore && (
                <button type="button" onClick={() => void restore(d)} data-restore={d.id}>
                  {t('edit.restore')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {message && <p role="status">{message}</p>}
    </details>
  );
}
