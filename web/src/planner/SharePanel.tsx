/** Share: the current address, ready to copy. (The embed engineer's ShareDialog replaces this when it lands.) */
import { useEffect, useRef, useState } from 'react';
import type { Lang } from '../../../core/contract';
import type { Translate } from '../i18n';

export function SharePanel({ t, onClose }: { lang: Lang; t: Translate; onClose: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    input.current?.select();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="sgm-dialog" role="dialog" aria-modal="true" aria-labelledby="sgm-share-h">
      <div className="sgm-dialog-box">
        <h2 id="sgm-share-h">{t('export.share')}</h2>
        <input ref={input} readOnly value={window.location.href} aria-label={t('export.share')} />
        <div className="sgm-dialog-actions">
          <button
            type="button"
            onClick={() => {
              void navigator.clipboard?.writeText(window.location.href).then(() => setCopied(true));
            }}
          >
            {copied ? '✓' : t('share.copy')}
          </button>
          <button type="button" onClick={onClose}>
            {t('panel.close')}
          </button>
        </div>
      </div>
    </div>
  );
}
