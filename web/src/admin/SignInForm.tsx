/** The admin page's sign-in form (POST /api/session). */
import { useState, type FormEvent } from 'react';
import type { Translate } from '../i18n';
import { api, Problem, type SessionInfo } from './api';
import { problemText } from './format';

export function SignInForm({ t, onDone }: { t: Translate; onDone: (s: SessionInfo) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onDone(await api.signIn(username, password));
    } catch (err) {
      if (err instanceof Problem && err.status === 401) setError(t('admin.badCredentials'));
      else if (err instanceof Problem && err.status === 429) setError(t('admin.tooMany', { s: err.retryAfter ?? 60 }));
      else setError(problemText(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="sgm-admin-card sgm-admin-signin" onSubmit={(e) => void submit(e)} aria-labelledby="sgm-signin-title" data-testid="signin-form">
      <h2 id="sgm-signin-title">{t('admin.signInTitle')}</h2>
      <p>{t('admin.signInIntro')}</p>
      <label>
        {t('admin.username')}
        <input name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} autoFocus />
      </label>
      <label>
        {t('admin.password')}
        <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      {error && (
        <p role="alert" className="sgm-admin-error">
          {error}
        </p>
      )}
      <button type="submit" className="sgm-admin-primary" disabled={busy}>
        {t('admin.signIn')}
      </button>
    </form>
  );
}
