/**
 * Change a feature's status with the date it took effect and the evidence (loaded only for
 * editors). Every save shows what will change, takes an optional note and sends If-Match; when
 * someone else saved first (412) their version is shown beside this one, to reload or re-apply.
 */
import { useEffect, useState } from 'react';
import './edit.css';
import { STATUSES, type Lang } from '../../../core/contract';
import { propertyChanges, showValue, type FieldChange } from './diff';
import { editT, type EditKey } from './messages';

interface Base {
  etag: string;
  properties: Record<string, unknown>;
}

type Step = { kind: 'edit' } | { kind: 'review'; changes: FieldChange[] } | { kind: 'conflict'; theirs: Base; changes: FieldChange[] } | { kind: 'saved' };

async function load(id: string): Promise<Base> {
  const res = await fetch(`/api/features/${encodeURIComponent(id)}`, { cache: 'no-store', headers: { accept: 'application/geo+json' } });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const f = (await res.json()) as { properties: Record<string, unknown> };
  return { etag: res.headers.get('ETag') ?? '', properties: f.properties };
}

const today = () => new Date().toISOString().slice(0, 10);

export default function StatusEditor({ id, lang, onSaved }: { id: string; lang: Lang; onSaved: () => void }) {
  const t = editT(lang);
  const [base, setBase] = useState<Base | null>(null);
  const [step, setStep] = useState<Step>({ kind: 'edit' });
  const [status, setStatus] = useState('');
  const [date, setDate] = useState(today());
  const [title, setTitle] = useState('');
  const [url, setUrl] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);

  const reset = (b: Base) => {
    setBase(b);
    setStatus(String(b.properties.status ?? 'unknown'));
    setStep({ kind: 'edit' });
  };
  useEffect(() => {
    load(id).then(reset, (e: Error) => setError(t('failed', { m: e.message })));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);

  if (!base) return error ? <p role="alert">{error}</p> : null;

  const patch = { status, status_date: date, status_evidence: url ? { title, url } : { title } };
  const review = (b: Base) => setStep({ kind: 'review', changes: propertyChanges(b.properties, patch) });

  const save = async () => {
    setError(null);
    const q = note ? `?note=${encodeURIComponent(note)}` : '';
    const res = await fetch(`/api/features/${encodeURIComponent(id)}${q}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/merge-patch+json', 'If-Match': base.etag },
      body: JSON.stringify({ properties: patch }),
    });
    if (res.ok) {
      setStep({ kind: 'saved' });
      onSaved();
      return;
    }
    if (res.status === 412) {
      const theirs = await load(id);
      setStep({ kind: 'conflict', theirs, changes: propertyChanges(base.properties, theirs.properties).filter((c) => c.field in patch) });
      return;
    }
    const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
    setError(res.status === 403 ? t('forbidden', { m: body.error?.message ?? '' }) : t('failed', { m: body.error?.message ?? res.status }));
  };

  const fieldName = (f: string) => (f === 'status' ? t('status') : f === 'status_date' ? t('statusDate') : f === 'status_evidence' ? t('evidence') : f);
  const value = (f: string, v: unknown) => (f === 'status' && typeof v === 'string' ? t(`status.${v}` as EditKey) : showValue(v));

  return (
    <section className="sgm-editor" aria-label={t('editStatus')} data-testid="status-editor">
      <h3>{t('editStatus')}</h3>
      {step.kind === 'edit' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            review(base);
          }}
        >
          <label>
            {t('status')}
            <select name="status" value={status} onChange={(e) => setStatus(e.target.value)}>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}` as EditKey)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('statusDate')}
            <input name="status_date" type="date" required value={date} onChange={(e) => setDate(e.target.value)} />
          </label>
          <label>
            {t('evidence')}
            <input name="evidence" required value={title} onChange={(e) => setTitle(e.target.value)} />
          </label>
          <label>
            {t('evidenceUrl')}
            <input name="evidence_url" type="url" value={url} onChange={(e) => setUrl(e.target.value)} />
          </label>
          <label>
            {t('note')}
            <input name="note" value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          <button type="submit">{t('review')}</button>
        </form>
      )}
      {step.kind === 'review' && (
        <div>
          {step.changes.length === 0 ? (
            <p>{t('noChange')}</p>
          ) : (
            <>
              <p>{t('changes')}</p>
              <ul className="sgm-changes" data-testid="change-preview">
                {step.changes.map((c) => (
                  <li key={c.field}>
                    {fieldName(c.field)}: <del>{value(c.field, c.before)}</del> → <ins>{value(c.field, c.after)}</ins>
                  </li>
                ))}
              </ul>
            </>
          )}
          <button type="button" onClick={() => void save()} disabled={step.changes.length === 0}>
            {t('save')}
          </button>{' '}
          <button type="button" onClick={() => setStep({ kind: 'edit' })}>
            {t('back')}
          </button>
        </div>
      )}
      {step.kind === 'conflict' && (
        <div role="alert" data-testid="conflict">
          <p>
            <strong>{t('conflictTitle')}</strong>
          </p>
          <div className="sgm-conflict">
            <div>
              <h4>{t('theirs')}</h4>
              <ul>
                {Object.keys(patch).map((f) => (
                  <li key={f}>
                    {fieldName(f)}: {value(f, step.theirs.properties[f])}
                  </li>
                ))}
              </ul>
            </div>
            <div>
              <h4>{t('yours')}</h4>
              <ul>
                {Object.entries(patch).map(([f, v]) => (
                  <li key={f}>
                    {fieldName(f)}: {value(f, v)}
                  </li>
                ))}
              </ul>
            </div>
          </div>
          <button type="button" onClick={() => reset(step.theirs)}>
            {t('reload')}
          </button>{' '}
          <button
            type="button"
            onClick={() => {
              setBase(step.theirs);
              review(step.theirs);
            }}
          >
            {t('reapply')}
          </button>
        </div>
      )}
      {step.kind === 'saved' && (
        <p role="status" data-testid="saved">
          {t('saved')}
        </p>
      )}
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
