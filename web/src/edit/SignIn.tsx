/** The sign-in form (loaded only when a visitor asks to sign in). */
import { useState, type FormEvent } from 'react';
import type { Translate } from '../i18n';
import type { SessionInfo } from '../lib/session';
import { errorMessage } from './api';

export default function SignIn({ t, onDone, onCancel }: { t: Translate; onDone: (s: SessionInfo) => void; onCancel: () => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await fetch('/api/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) });
      if (res.ok) return onDone((await res.json()) as SessionInfo);
      if (res.status === 429) setError(t('account.tooMany', { s: res.headers.get('Retry-After') ?? '60' }));
      else if (res.status === 401) setError(t('account.badCredentials'));
      else setError(t('edit.failed', { message: await errorMessage(res) }));
    } catch (err) {
      setError(t('edit.failed', { message: (err as Error).message }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="sgm-signin" onSubmit={(e) => void submit(e)} aria-label={t('account.title')} data-testid="signin-form">
      <label>
        {t('account.username')}
        <input name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} autoFocus />
      </label>
      <label>
        {t('account.password')}
        <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      {error && <p role="alert">{error}</p>}
      <div className="sgm-signin-actions">
        <button type="submit" disabled={busy}>
          {t('account.signIn')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('account.cancel')}
        </button>
      </div>
    </form>
  );
}
