/**
 * The /admin page: sign in, then (admins only) manage accounts — list, add, change role and
 * counties, disable/enable, reset a password, create and revoke API tokens. Everything goes
 * through /api/admin; a secret (password, token) is shown once. Others see the sign-in form or a
 * 403 page; anonymous visitors never receive account data (the page itself holds none).
 */
import { useCallback, useEffect, useState } from 'react';
import type { Lang } from '../../../core/contract';
import { Accounts } from './Accounts';
import { makeT } from '../i18n';
import { api, Problem, type SessionInfo } from './api';
import { langOf, problemText } from './format';
import SignInForm from '../lib/SignInForm';

export function AdminApp({ search }: { search: string }) {
  const [lang, setLang] = useState<Lang>(() => langOf(search));
  const t = makeT(lang);
  /** undefined while asking the server. */
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    api.session().then(setSession, (e: unknown) => {
      setSession(null);
      setProblem(problemText(e, makeT(langOf(search))));
    });
  }, [search]);

  useEffect(() => {
    document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
    document.title = `${t('admin.title')} · ${t('admin.subtitle')}`;
  }, [lang, t]);

  const switchLang = () => {
    const next: Lang = lang === 'zh' ? 'en' : 'zh';
    setLang(next);
    const url = new URL(window.location.href);
    if (next === 'en') url.searchParams.set('lang', 'en');
    else url.searchParams.delete('lang');
    window.history.replaceState(null, '', url.toString());
  };

  const signOut = useCallback(async () => {
    try {
      await api.signOut();
    } catch (e) {
      if (!(e instanceof Problem)) throw e;
    }
    setSession(null);
  }, []);

  const roleName = (r: SessionInfo['role']) => t(`admin.role.${r}`);

  return (
    <div className="sgm-admin">
      <header className="sgm-admin-header">
        <div>
          <h1>{t('admin.title')}</h1>
          <p className="sgm-admin-subtitle">{t('admin.subtitle')}</p>
        </div>
        <nav className="sgm-admin-nav" aria-label={t('admin.title')}>
          {session && (
            <span className="sgm-admin-who" data-testid="who">
              {t('admin.signedInAs', { name: session.username, role: roleName(session.role) })}
            </span>
          )}
          {session && (
            <button type="button" onClick={() => void signOut()} data-testid="sign-out">
              {t('admin.signOut')}
            </button>
          )}
          <button type="button" lang={lang === 'zh' ? 'en' : 'zh-CN'} aria-label={t('admin.langSwitchLabel')} onClick={switchLang} data-testid="lang-switch">
            {t('admin.langSwitch')}
          </button>
        </nav>
      </header>
      <main className="sgm-admin-main">
        {problem && <p role="alert">{problem}</p>}
        {session === undefined && <p aria-busy="true">{t('admin.loading')}</p>}
        {session === null && <SignInForm t={t} onDone={setSession} className="sgm-admin-card sgm-admin-signin" title={t('admin.signInTitle')} intro={t('admin.signInIntro')} submitClassName="sgm-admin-primary" />}
        {session && session.role !== 'admin' && (
          <section className="sgm-admin-card" aria-labelledby="sgm-forbidden" data-testid="forbidden">
            <h2 id="sgm-forbidden">{t('admin.forbiddenTitle')}</h2>
            <p>{t('admin.forbidden', { name: session.username, role: roleName(session.role) })}</p>
            <p>
              <a href={lang === 'en' ? '/?lang=en' : '/'}>{t('admin.backToMap')}</a>
            </p>
          </section>
        )}
        {session?.role === 'admin' && <Accounts t={t} lang={lang} me={session} onSignedOut={() => setSession(null)} />}
      </main>
    </div>
  );
}
