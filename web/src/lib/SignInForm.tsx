/**
 * The one sign-in form (POST /api/session), for the planner's header (loaded lazily, when a
 * visitor asks to sign in) and for /admin. Wrong credentials and throttling (429, with the wait)
 * are announced in an alert; other failures say what the server said.
 */
import { useState, type FormEvent } from 'react';
import type { Translate } from '../i18n';
import { errorMessage, type SessionInfo } from './session';

export interface SignInFormProps {
  t: Translate;
  onDone: (s: SessionInfo) => void;
  /** A cancel button (the planner's pop-over); none when absent. */
  onCancel?: () => void;
  className?: string;
  /** A visible heading and an introduction (/admin); without it the form is named `account.title`. */
  title?: string;
  intro?: string;
  /** Class of the submit button. */
  submitClassName?: string;
}

export default function SignInForm({ t, onDone, onCancel, className = 'sgm-signin', title, intro, submitClassName }: SignInFormProps) {
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
  const naming = title ? { 'aria-labelledby': 'sgm-signin-title' } : { 'aria-label': t('account.title') };
  return (
    <form className={className} onSubmit={(e) => void submit(e)} {...naming} data-testid="signin-form">
      {title && <h2 id="sgm-signin-title">{title}</h2>}
      {intro && <p>{intro}</p>}
      <label>
        {t('account.username')}
        <input name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} autoFocus />
      </label>
      <label>
        {t('account.password')}
        <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      {error && (
        <p role="alert" className="sgm-signin-error">
          {error}
        </p>
      )}
      <div className="sgm-signin-actions">
        <button type="submit" className={submitClassName} disabled={busy}>
          {t('account.signIn')}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('account.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
