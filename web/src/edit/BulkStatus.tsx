/**
 * Set the status of several features at once (the features checked in the results list): one form
 * (status, date, evidence, note), a preview of what changes for each, and one request that applies
 * them all as one change set (POST /api/change-sets) with each feature's ETag.
 */
import { useMemo, useState } from 'react';
import './edit.css';
import type { ApiFeature } from '../../../core/api';
import type { Lang } from '../../../core/contract';
import { localName, type Translate } from '../i18n';
import { bulkPatch, loadForEdit, type Base } from './api';
import { fieldLabel, fieldValue, propertyChanges, type FieldChange } from './diff';
import { Field } from './EditForm';
import { statusSpec, type Draft } from './specs';

interface Row {
  id: string;
  name: string;
  base: Base;
  changes: FieldChange[];
}

export interface BulkStatusProps {
  ids: string[];
  features: readonly ApiFeature[];
  lang: Lang;
  t: Translate;
  onDone: () => void;
  onClear: () => void;
}

export default function BulkStatus({ ids, features, lang, t, onDone, onClear }: BulkStatusProps) {
  const spec = useMemo(() => statusSpec(t), [t]);
  const [draft, setDraft] = useState<Draft>(() => spec.draft({ status: 'completed' }));
  const [note, setNote] = useState('');
  const [rows, setRows] = useState<Row[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const patch = spec.patch(draft);
  const nameOf = (id: string) => {
    const f = features.find((x) => x.properties.id === id);
    return f ? localName(f.properties, lang) : id;
  };

  const review = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const bases = await Promise.all(ids.map((id) => loadForEdit(id)));
      setRows(ids.map((id, i) => ({ id, name: nameOf(id), base: bases[i], changes: propertyChanges(bases[i].properties, patch) })));
    } catch (e) {
      setMessage(t('edit.failed', { message: (e as Error).message }));
    } finally {
      setBusy(false);
    }
  };
  const save = async (changing: Row[]) => {
    setBusy(true);
    setMessage(null);
    try {
      const r = await bulkPatch(
        changing.map((row) => ({ id: row.id, base: row.base, patch })),
        note,
      );
      if (r.kind === 'done') {
        setRows(null);
        setMessage(t('bulk.done', { count: changing.length }));
        onDone();
      } else if (r.kind === 'refused' && r.status === 412) setMessage(t('bulk.conflict', { message: r.message }));
      else if (r.kind === 'refused') setMessage(r.status === 403 ? t('edit.forbidden', { message: r.message }) : t('edit.failed', { message: r.message }));
    } catch (e) {
      setMessage(t('edit.failed', { message: (e as Error).message }));
    } finally {
      setBusy(false);
    }
  };

  const changing = rows?.filter((r) => r.changes.length > 0) ?? [];
  return (
    <section className="sgm-section sgm-bulk" aria-labelledby="sgm-bulk-h" data-testid="bulk-status">
      <h2 id="sgm-bulk-h">{t('bulk.title', { count: ids.length })}</h2>
      <div className="sgm-editor">
        {!rows ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void review();
            }}
          >
            {spec.fields.map((f) => (
              <Field key={f.name} field={f} value={draft[f.name]} onChange={(v) => setDraft((d) => ({ ...d, [f.name]: v }))} />
            ))}
            <label>
              {t('edit.note')}
              <input name="note" value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
            </label>
            <div className="sgm-edit-actions">
              <button type="submit" className="sgm-primary" disabled={busy || ids.length === 0}>
                {t('edit.review')}
              </button>
              <button type="button" onClick={onClear}>
                {t('bulk.clear')}
              </button>
            </div>
          </form>
        ) : (
          <div>
            {changing.length === 0 ? (
              <p>{t('edit.noChange')}</p>
            ) : (
              <>
                <p>{t('bulk.changes', { count: changing.length })}</p>
                <ul className="sgm-changes" data-testid="bulk-preview">
                  {changing.map((row) => (
                    <li key={row.id}>
                      <strong>{row.name}</strong>
                      <ul>
                        {row.changes.map((c) => (
                          <li key={c.field}>
                            {fieldLabel(c.field, t)}: <del>{fieldValue(c.field, c.before, t)}</del> → <ins>{fieldValue(c.field, c.after, t)}</ins>
                          </li>
                        ))}
                      </ul>
                    </li>
                  ))}
                </ul>
                {rows.length > changing.length && <p className="sgm-muted">{t('bulk.unchanged', { count: rows.length - changing.length })}</p>}
              </>
            )}
            <div className="sgm-edit-actions">
              <button type="button" className="sgm-primary" disabled={busy || changing.length === 0} onClick={() => void save(changing)} autoFocus>
                {t('bulk.save', { count: changing.length })}
              </button>
              <button type="button" onClick={() => setRows(null)}>
                {t('edit.back')}
              </button>
            </div>
          </div>
        )}
        {message && (
          <p role="status" data-testid="bulk-message">
            {message}
          </p>
        )}
      </div>
    </section>
  );
}
