/**
 * One editing form for any EditorSpec (specs.ts): fill in → review what will change → save with an
 * optional note and If-Match. When someone else saved first (412) their values are shown beside
 * mine, to reload theirs or re-apply mine on top of them — never overwritten silently.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { Translate } from '../i18n';
import { patchProperties, type Base } from './api';
import { conflictRows, fieldLabel, fieldValue, propertyChanges, type FieldChange } from './diff';
import type { Draft, EditorSpec, FieldSpec } from './specs';

type Step = { kind: 'edit' } | { kind: 'review'; changes: FieldChange[] } | { kind: 'conflict'; theirs: Base };

export interface EditFormProps {
  featureId: string;
  spec: EditorSpec;
  /** The feature as this editor last read it (shared by the forms of one feature). */
  base: Base;
  t: Translate;
  /** A newer version: after my save, or theirs after a conflict. */
  onBase: (base: Base, saved: boolean) => void;
}

export function EditForm({ featureId, spec, base, t, onBase }: EditFormProps) {
  const [draft, setDraft] = useState<Draft>(() => spec.draft(base.properties));
  const [dirty, setDirty] = useState(false);
  const [note, setNote] = useState('');
  const [step, setStep] = useState<Step>({ kind: 'edit' });
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mine = spec.patch(draft);

  // Another form of this feature saved: start from the new version unless I am typing.
  const seen = useRef(base.etag);
  useEffect(() => {
    if (seen.current === base.etag) return;
    seen.current = base.etag;
    if (!dirty) setDraft(spec.draft(base.properties));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [base]);

  const set = (name: string, value: string | string[]) => {
    setDraft((d) => ({ ...d, [name]: value }));
    setDirty(true);
    setSaved(false);
  };

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await patchProperties(featureId, base, mine, note);
      if (r.kind === 'saved') {
        seen.current = r.base.etag;
        setDraft(spec.draft(r.base.properties));
        setDirty(false);
        setNote('');
        setStep({ kind: 'edit' });
        setSaved(true);
        onBase(r.base, true);
      } else if (r.kind === 'conflict') setStep({ kind: 'conflict', theirs: r.theirs });
      else setError(r.status === 403 ? t('edit.forbidden', { message: r.message }) : t('edit.failed', { message: r.message }));
    } catch (e) {
      setError(t('edit.failed', { message: (e as Error).message }));
    } finally {
      setBusy(false);
    }
  };

  const line = (field: string, v: unknown) => `${fieldLabel(field, t)}: ${fieldValue(field, v, t)}`;

  let body: ReactNode;
  if (step.kind === 'edit')
    body = (
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(false);
          setStep({ kind: 'review', changes: propertyChanges(base.properties, mine) });
        }}
      >
        {spec.fields.map((f) => (
          <Field key={f.name} field={f} value={draft[f.name]} onChange={(v) => set(f.name, v)} />
        ))}
        <label>
          {t('edit.note')}
          <input name="note" value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
        </label>
        <button type="submit" className="sgm-primary">
          {t('edit.review')}
        </button>
      </form>
    );
  else if (step.kind === 'review')
    body = (
      <div>
        {step.changes.length === 0 ? (
          <p>{t('edit.noChange')}</p>
        ) : (
          <>
            <p>{t('edit.changes')}</p>
            <ul className="sgm-changes" data-testid="change-preview">
              {step.changes.map((c) => (
                <li key={c.field}>
                  {fieldLabel(c.field, t)}: <del>{fieldValue(c.field, c.before, t)}</del> → <ins>{fieldValue(c.field, c.after, t)}</ins>
                </li>
              ))}
            </ul>
            {note.trim() && <p className="sgm-muted">{t('history.note', { note: note.trim() })}</p>}
          </>
        )}
        <div className="sgm-edit-actions">
          <button type="button" className="sgm-primary" onClick={() => void save()} disabled={busy || step.changes.length === 0} autoFocus>
            {t('edit.save')}
          </button>
          <button type="button" onClick={() => setStep({ kind: 'edit' })}>
            {t('edit.back')}
          </button>
        </div>
      </div>
    );
  else {
    const rows = conflictRows(step.theirs.properties, mine);
    body = (
      <div role="alert" data-testid="conflict">
        <p>
          <strong>{t('edit.conflictTitle')}</strong>
        </p>
        <div className="sgm-conflict">
          <div>
            <h4>{t('edit.theirs')}</h4>
            <ul>
              {rows.map((r) => (
                <li key={r.field}>{line(r.field, r.theirs)}</li>
              ))}
            </ul>
          </div>
          <div>
            <h4>{t('edit.yours')}</h4>
            <ul>
              {rows.map((r) => (
                <li key={r.field}>{line(r.field, r.mine)}</li>
              ))}
            </ul>
          </div>
        </div>
        <div className="sgm-edit-actions">
          <button
            type="button"
            onClick={() => {
              seen.current = step.theirs.etag;
              setDraft(spec.draft(step.theirs.properties));
              setDirty(false);
              setStep({ kind: 'edit' });
              onBase(step.theirs, false);
            }}
          >
            {t('edit.reload')}
          </button>
          <button
            type="button"
            className="sgm-primary"
            onClick={() => {
              seen.current = step.theirs.etag;
              onBase(step.theirs, false);
              setStep({ kind: 'review', changes: propertyChanges(step.theirs.properties, mine) });
            }}
          >
            {t('edit.reapply')}
          </button>
        </div>
      </div>
    );
  }

  return (
    <section className="sgm-editor" aria-label={spec.title} data-testid={spec.testId}>
      {body}
      {saved && (
        <p role="status" data-testid="saved">
          {t('edit.saved')}
        </p>
      )}
      {error && <p role="alert">{error}</p>}
    </section>
  );
}

export function Field({ field, value, onChange }: { field: FieldSpec; value: string | string[] | undefined; onChange: (v: string | string[]) => void }) {
  const v = typeof value === 'string' ? value : '';
  if (field.kind === 'checks') {
    const checked = new Set(Array.isArray(value) ? value : []);
    return (
      <fieldset className="sgm-edit-checks">
        <legend>{field.label}</legend>
        {field.options?.map((o) => (
          <label key={o.value}>
            <input
              type="checkbox"
              name={field.name}
              value={o.value}
              checked={checked.has(o.value)}
              onChange={(e) => onChange(e.target.checked ? [...checked, o.value] : [...checked].filter((x) => x !== o.value))}
            />{' '}
            {o.label}
          </label>
        ))}
      </fieldset>
    );
  }
  return (
    <label>
      {field.label}
      {field.kind === 'select' ? (
        <select name={field.name} value={v} onChange={(e) => onChange(e.target.value)}>
          {field.options?.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      ) : field.kind === 'textarea' ? (
        <textarea name={field.name} value={v} required={field.required} lang={field.lang} rows={3} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input name={field.name} type={field.kind} value={v} required={field.required} lang={field.lang} onChange={(e) => onChange(e.target.value)} />
      )}
    </label>
  );
}
