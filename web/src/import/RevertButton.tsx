/** "Revert this import" beside an import in a feature's history (editors): one request, the whole change set. */
import { useState } from 'react';
import type { Translate } from '../i18n';
import { revertChangeSet } from './api';

export default function RevertButton({ changeSet, t, onReverted }: { changeSet: string; t: Translate; onReverted?: () => void }) {
  const [state, setState] = useState<{ busy?: boolean; done?: string; error?: string }>({});
  if (state.done) return <p role="status" data-testid="history-reverted">{t('history.reverted', { id: state.done })}</p>;
  return (
    <>
      <button
        type="button"
        className="sgm-history-revert"
        disabled={state.busy}
        data-testid="history-revert"
        onClick={async () => {
          setState({ busy: true });
          const a = await revertChangeSet(changeSet, t('import.revertNote', { id: changeSet })).catch(() => ({ ok: false as const, status: 0, message: t('import.networkError') }));
          setState(a.ok ? { done: a.value } : { error: a.message });
          if (a.ok) onReverted?.();
        }}
      >
        {t('history.revert')}
      </button>
      {state.error && <p role="alert">{t('history.revertFailed', { message: state.error })}</p>}
    </>
  );
}
