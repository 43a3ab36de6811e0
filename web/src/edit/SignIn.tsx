/** The sign-in form (loaded only when a visitor asks to sign in). */
import { useState, type FormEvent } from 'react';
import type { Lang } from '../../../core/contract';
import type { SessionInfo } from '../lib/session';
import { editT } from './messages';

export default function SignIn({ lang, onDone, onCancel }: { lang: Lang; onDone: (s: SessionInfo) => void; onCancel: () => void }) {
  const t = editT(lang);
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
      if (res.status === 429) setError(t('tooMany', { s: res.headers.get('Retry-After') ?? '60' }));
      else if (res.status === 401) setError(t('badCredentials'));
      else setError(t('failed', { m: ((await res.json().catch(() => ({}))) as { error?: { message?: string } }).error?.message ?? res.status }));
    } catch (err) {
      setError(t('failed', { m: (err as Error).message }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="sgm-signin" onSubmit={(e) => void submit(e)} aria-label={t('signInTitle')} data-testid="signin-form">
      <label>
        {t('username')}
        <input name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} autoFocus />
      </label>
      <label>
        {t('password')}
        <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      {error && <p role="alert">{error}</p>}
      <div className="sgm-signin-actions">
        <button type="submit" disabled={busy}>
          {t('signIn')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
