/**
 * Delete a feature: asks for confirmation and a note (why), sends If-Match. The feature stays in
 * history and an editor can restore it (DeletedList.tsx). When someone changed it first (412) the
 * delete is not made: the user sees that and confirms again on the new version.
 */
import { useState } from 'react';
import type { Translate } from '../i18n';
import { deleteFeature, type Base } from './api';

export function DeleteFeature({ id, name, base, t, onBase, onDeleted }: { id: string; name: string; base: Base; t: Translate; onBase: (b: Base) => void; onDeleted: () => void }) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  if (!open)
    return (
      <div className="sgm-editor">
        <button type="button" className="sgm-danger" onClick={() => setOpen(true)} data-testid="delete-open">
          {t('edit.delete')}
        </button>
      </div>
    );
  const confirm = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const r = await deleteFeature(id, base, note);
      if (r.kind === 'done') onDeleted();
      else if (r.kind === 'conflict') {
        onBase(r.theirs);
        setMessage(t('edit.deleteConflict'));
      } else setMessage(r.status === 403 ? t('edit.forbidden', { message: r.message }) : t('edit.failed', { message: r.message }));
    } catch (e) {
      setMessage(t('edit.failed', { message: (e as Error).message }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="sgm-editor sgm-confirm"
      role="alertdialog"
      aria-labelledby="sgm-delete-q"
      data-testid="delete-confirm"
      onSubmit={(e) => {
        e.preventDefault();
        void confirm();
      }}
      onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
    >
      <p id="sgm-delete-q">
        <strong>{t('edit.deleteQuestion', { name })}</strong>
      </p>
      <p className="sgm-muted">{t('edit.deleteKept')}</p>
      <label>
        {t('edit.deleteNote')}
        <input name="delete_note" required value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} autoFocus />
      </label>
      {message && <p role="alert">{message}</p>}
      <div className="sgm-edit-actions">
        <button type="submit" className="sgm-danger" disabled={busy}>
          {t('edit.deleteConfirm')}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          {t('account.cancel')}
        </button>
      </div>
    </form>
  );
}
