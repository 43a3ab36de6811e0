/**
 * The header's account corner: "sign in" for visitors (the form is loaded on demand), or the
 * signed-in name and role with "sign out".
 */
import { lazy, Suspense, useState } from 'react';
import type { Translate } from '../i18n';
import { signOut, type SessionInfo } from '../lib/session';

const SignIn = lazy(() => import('../lib/SignInForm'));

export function Account({ t, session, onSession }: { t: Translate; session: SessionInfo | null; onSession: (s: SessionInfo | null) => void }) {
  const [open, setOpen] = useState(false);
  if (session)
    return (
      <span className="sgm-account" data-testid="account">
        <span data-testid="account-name">
          {t('account.who', { name: session.username, role: t(`role.${session.role}`) })}
        </span>{' '}
        <button type="button" onClick={() => void signOut().then(() => onSession(null))}>
          {t('account.signOut')}
        </button>
      </span>
    );
  return (
    <span className="sgm-account">
      <button type="button" onClick={() => setOpen((o) => !o)} aria-expanded={open} data-testid="signin">
        {t('account.signIn')}
      </button>
      {open && (
        <Suspense fallback={null}>
          <div className="sgm-signin-pop" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
            <SignIn
              t={t}
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
