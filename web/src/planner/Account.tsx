/**
 * The header's account corner: "sign in" for visitors (the form is loaded on demand), or the
 * signed-in name and role with "sign out".
 */
import { lazy, Suspense, useState } from 'react';
import type { Lang } from '../../../core/contract';
import { editT } from '../edit/messages';
import { signOut, type SessionInfo } from '../lib/session';

const SignIn = lazy(() => import('../edit/SignIn'));

export function Account({ lang, session, onSession }: { lang: Lang; session: SessionInfo | null; onSession: (s: SessionInfo | null) => void }) {
  const t = editT(lang);
  const [open, setOpen] = useState(false);
  if (session)
    return (
      <span className="sgm-account" data-testid="account">
        <span data-testid="account-name">
          {session.username} · {t(`role.${session.role}`)}
        </span>{' '}
        <button type="button" onClick={() => void signOut().then(() => onSession(null))}>
          {t('signOut')}
        </button>
      </span>
    );
  return (
    <span className="sgm-account">
      <button type="button" onClick={() => setOpen((o) => !o)} aria-expanded={open} data-testid="signin">
        {t('signIn')}
      </button>
      {open && (
        <Suspense fallback={null}>
          <div className="sgm-signin-pop">
            <SignIn
              lang={lang}
              onCancel={() => setOpen(false)}
              onDone={(s) => {
                setOpen(false);
                onSession(s);
              }}
            />
          </div>
        </Suspense>
      )}
    </span>
  );
}
