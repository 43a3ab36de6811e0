/**
 * The end of a geometry review (moving or reshaping a feature, drawing a new one): save, back to
 * the drawing or the form, cancel; and the outcome — saved (a status) or refused (an alert).
 */
import type { ReactNode } from 'react';
import type { Translate } from '../../i18n';

export function ReviewActions({ t, onSave, onBack, cancel, busy, disabled = false, testId, autoFocus = false }: {
  t: Translate;
  onSave: () => void;
  onBack: () => void;
  /** The form's own cancel button (it has its own test id and clean-up). */
  cancel: ReactNode;
  busy: boolean;
  disabled?: boolean;
  /** data-testid of the save button. */
  testId: string;
  autoFocus?: boolean;
}) {
  return (
    <div className="sgm-edit-actions">
      <button type="button" className="sgm-primary" onClick={onSave} disabled={busy || disabled} autoFocus={autoFocus} data-testid={testId}>
        {t('edit.save')}
      </button>
      <button type="button" onClick={onBack}>
        {t('edit.back')}
      </button>
      {cancel}
    </div>
  );
}

/** "Saved" as a status, a refusal as an alert; nothing when there is neither. */
export function Outcome({ done, error, doneTestId, errorTestId }: { done: ReactNode; error: string | null; doneTestId: string; errorTestId: string }) {
  return (
    <>
      {done && (
        <p role="status" data-testid={doneTestId}>
          {done}
        </p>
      )}
      {error && (
        <p role="alert" data-testid={errorTestId}>
          {error}
        </p>
      )}
    </>
  );
}
