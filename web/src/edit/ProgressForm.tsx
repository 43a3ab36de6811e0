/**
 * "Report progress" on one target of a measure (POST /api/measures/{id}/progress): value, as-of
 * date, source, note; a preview before sending. Made for a phone in the field as much as a desk:
 * one column, large inputs, a numeric keyboard for the value.
 */
import { useState } from 'react';
import './edit.css';
import type { Lang } from '../../../core/contract';
import type { Target } from '../../../core/schema';
import type { Translate } from '../i18n';
import { reportProgress } from './api';
import { progressInput, type ProgressDraft } from './progress';
import { today } from './specs';

export interface ProgressFormProps {
  measure: number;
  target: Target;
  lang: Lang;
  t: Translate;
  onDone: () => void;
}

export default function ProgressForm({ measure, target, lang, t, onDone }: ProgressFormProps) {
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<ProgressDraft>({ value: '', as_of: today(), source: '', note: '' });
  const [step, setStep] = useState<'edit' | 'review'>('edit');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const unit = lang === 'en' ? target.unit_en : target.unit;
  const input = progressInput(target.id, draft);

  if (!open)
    return (
      <button type="button" className="sgm-link sgm-report-btn" onClick={() => (setOpen(true), setMessage(null))} data-report={target.id}>
        {t('report.open')}
        {message?.ok && <span role="status"> · {message.text}</span>}
      </button>
    );

  const send = async () => {
    if (!input.ok) return;
    setBusy(true);
    setMessage(null);
    try {
      const r = await reportProgress(measure, input.report);
      if (r.kind === 'done') {
        setMessage({ ok: true, text: t('report.saved') });
        setDraft({ value: '', as_of: today(), source: '', note: '' });
        setStep('edit');
        setOpen(false);
        onDone();
      } else if (r.kind === 'refused') setMessage({ ok: false, text: r.status === 403 ? t('edit.forbidden', { message: r.message }) : t('edit.failed', { message: r.message }) });
    } catch (e) {
      setMessage({ ok: false, text: t('edit.failed', { message: (e as Error).message }) });
    } finally {
      setBusy(false);
    }
  };
  const set = (k: keyof ProgressDraft) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }));

  return (
    <div className="sgm-editor sgm-report" data-testid="progress-form" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <h4>{t('report.title', { what: lang === 'en' ? target.what_en : target.what })}</h4>
      {step === 'edit' ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (input.ok) setStep('review');
          }}
        >
          <label>
            {t('report.value', { unit: unit || '—' })}
            <input name="value" type="text" inputMode="decimal" required value={draft.value} onChange={set('value')} autoFocus aria-invalid={draft.value !== '' && !input.ok} />
          </label>
          <label>
            {t('report.source')}
            <input name="source" required value={draft.source} maxLength={500} onChange={set('source')} />
          </label>
          <label>
            {t('report.asOf')}
            <input name="as_of" type="date" required value={draft.as_of} onChange={set('as_of')} />
          </label>
          <label>
            {t('edit.note')}
            <input name="note" value={draft.note} maxLength={2000} onChange={set('note')} />
          </label>
          {draft.value !== '' && !input.ok && <p role="alert">{t('report.badValue')}</p>}
          <div className="sgm-edit-actions">
            <button type="submit" className="sgm-primary">
              {t('edit.review')}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              {t('account.cancel')}
            </button>
          </div>
        </form>
      ) : (
        input.ok && (
          <div>
            <p data-testid="progress-preview">
              {t('report.preview', { value: `${input.report.value}${unit ? ` ${unit}` : ''}`, as_of: input.report.as_of, source: input.report.source })}
            </p>
            {input.report.note && <p className="sgm-muted">{t('history.note', { note: input.report.note })}</p>}
            <div className="sgm-edit-actions">
              <button type="button" className="sgm-primary" disabled={busy} onClick={() => void send()} autoFocus>
                {t('report.send')}
              </button>
              <button type="button" onClick={() => setStep('edit')}>
                {t('edit.back')}
              </button>
            </div>
          </div>
        )
      )}
      {message && !message.ok && <p role="alert">{message.text}</p>}
    </div>
  );
}
