/** The accounts list and what an admin does with it (all through /api/admin). */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { COUNTIES, type Lang } from '../../../core/contract';
import type { Translate } from '../i18n';
import { api, Problem, ROLES, type AccountInfo, type Role, type SessionInfo } from './api';
import { countiesText, problemText, timeText } from './format';

type T = Translate;

/** A password or token the admin must copy now: it is never shown again. */
interface Secret {
  label: string;
  value: string;
  hint?: string;
}

export function Accounts({ t, lang, me, onSignedOut }: { t: T; lang: Lang; me: SessionInfo; onSignedOut: () => void }) {
  const [accounts, setAccounts] = useState<AccountInfo[] | null>(null);
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null);
  const [secret, setSecret] = useState<Secret | null>(null);

  /** Run an action; report its outcome in the status line; reload the list afterwards. */
  const act = useCallback(
    async (action: () => Promise<string | void>): Promise<boolean> => {
      try {
        const text = await action();
        if (text) setNotice({ text, error: false });
        setAccounts(await api.accounts());
        return true;
      } catch (e) {
        if (e instanceof Problem && e.status === 401) onSignedOut();
        setNotice({ text: problemText(e, t), error: true });
        return false;
      }
    },
    [onSignedOut, t],
  );

  useEffect(() => {
    void act(async () => undefined);
  }, [act]);
  // A status line says what happened in the language it was said in: a new language starts afresh.
  useEffect(() => setNotice(null), [lang]);

  return (
    <>
      <p className={`sgm-admin-notice${notice?.error ? ' sgm-admin-error' : ''}`} role="status" aria-live="polite" data-testid="notice">
        {notice?.text ?? ''}
      </p>
      {secret && <SecretPanel t={t} secret={secret} onDone={() => setSecret(null)} />}
      <AddAccount t={t} lang={lang} act={act} onSecret={setSecret} />
      <section className="sgm-admin-card" aria-labelledby="sgm-accounts-title">
        <h2 id="sgm-accounts-title">{t('admin.accounts', { n: accounts?.length ?? '…' })}</h2>
        {accounts === null ? (
          <p aria-busy="true">{t('admin.loading')}</p>
        ) : (
          <table className="sgm-admin-table" data-testid="accounts">
            <thead>
              <tr>
                <th scope="col">{t('admin.colName')}</th>
                <th scope="col">{t('admin.colRole')}</th>
                <th scope="col">{t('admin.colCounties')}</th>
                <th scope="col">{t('admin.colState')}</th>
                <th scope="col">{t('admin.colLastSignIn')}</th>
                <th scope="col">{t('admin.colTokens')}</th>
                <th scope="col">{t('admin.colActions')}</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((a) => (
                <AccountRow key={a.username} t={t} lang={lang} a={a} me={me} act={act} onSecret={setSecret} />
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

type Act = (action: () => Promise<string | void>) => Promise<boolean>;

function SecretPanel({ t, secret, onDone }: { t: T; secret: Secret; onDone: () => void }) {
  const ref = useRef<HTMLElement>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    ref.current?.focus();
    setCopied(false);
  }, [secret]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret.value);
      setCopied(true);
    } catch {
      // No clipboard (plain http on another host): the value is selectable text.
      const range = document.createRange();
      const el = ref.current?.querySelector('code');
      if (el) {
        range.selectNodeContents(el);
        window.getSelection()?.removeAllRanges();
        window.getSelection()?.addRange(range);
      }
    }
  };
  return (
    <section className="sgm-admin-card sgm-admin-secret" ref={ref} tabIndex={-1} aria-labelledby="sgm-secret-title" data-testid="secret">
      <h2 id="sgm-secret-title">{t('admin.secretTitle')}</h2>
      <p>{secret.label}</p>
      <code data-testid="secret-value">{secret.value}</code>
      {secret.hint && <p className="sgm-admin-hint">{secret.hint}</p>}
      <div className="sgm-admin-actions">
        <button type="button" onClick={() => void copy()}>
          {copied ? t('admin.copied') : t('admin.copy')}
        </button>
        <button type="button" className="sgm-admin-primary" onClick={onDone}>
          {t('admin.dismiss')}
        </button>
      </div>
    </section>
  );
}

function CountyPicker({ t, lang, value, onChange, disabled }: { t: T; lang: Lang; value: string[]; onChange: (v: string[]) => void; disabled?: boolean }) {
  return (
    <fieldset className="sgm-admin-counties" disabled={disabled}>
      <legend>{t('admin.colCounties')}</legend>
      <p className="sgm-admin-hint">{t('admin.countiesHint')}</p>
      {COUNTIES.map((c) => (
        <label key={c.code}>
          <input
            type="checkbox"
            name="county"
            value={c.code}
            checked={value.includes(c.code)}
            onChange={(e) => onChange(e.target.checked ? [...value, c.code] : value.filter((x) => x !== c.code))}
          />
          {lang === 'en' ? c.name_en : c.name}
        </label>
      ))}
    </fieldset>
  );
}

function RoleSelect({ t, value, onChange, id }: { t: T; value: Role; onChange: (r: Role) => void; id: string }) {
  return (
    <select id={id} name="role" value={value} onChange={(e) => onChange(e.target.value as Role)}>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {t(`admin.role.${r}`)}
        </option>
      ))}
    </select>
  );
}

function AddAccount({ t, lang, act, onSecret }: { t: T; lang: Lang; act: Act; onSecret: (s: Secret) => void }) {
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<Role>('editor');
  const [counties, setCounties] = useState<string[]>([]);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const name = username.trim();
    const ok = await act(async () => {
      const r = await api.add({ username: name, role, counties: role === 'admin' || counties.length === 0 ? null : counties, ...(password ? { password } : {}) });
      if (r.password) onSecret({ label: t('admin.secretPassword', { name }), value: r.password });
      return t('admin.added', { name });
    });
    setBusy(false);
    if (ok) {
      setUsername('');
      setPassword('');
      setCounties([]);
    }
  };

  return (
    <form className="sgm-admin-card sgm-admin-add" onSubmit={(e) => void submit(e)} aria-labelledby="sgm-add-title" data-testid="add-form">
      <h2 id="sgm-add-title">{t('admin.addTitle')}</h2>
      <div className="sgm-admin-fields">
        <label>
          {t('admin.username')}
          <input name="new-username" required maxLength={64} autoComplete="off" value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <div className="sgm-admin-field">
          <label htmlFor="sgm-add-role">{t('admin.colRole')}</label>
          <RoleSelect t={t} id="sgm-add-role" value={role} onChange={setRole} />
        </div>
        <label>
          {t('admin.password')}
          <input name="new-password" type="text" autoComplete="new-password" minLength={10} value={password} onChange={(e) => setPassword(e.target.value)} aria-describedby="sgm-add-pw-hint" />
        </label>
        <p id="sgm-add-pw-hint" className="sgm-admin-hint">
          {t('admin.passwordHint')}
        </p>
      </div>
      <CountyPicker t={t} lang={lang} value={counties} onChange={setCounties} disabled={role === 'admin'} />
      <button type="submit" className="sgm-admin-primary" disabled={busy}>
        {t('admin.addSubmit')}
      </button>
    </form>
  );
}

function AccountRow({ t, lang, a, me, act, onSecret }: { t: T; lang: Lang; a: AccountInfo; me: SessionInfo; act: Act; onSecret: (s: Secret) => void }) {
  const [mode, setMode] = useState<'view' | 'edit' | 'password'>('view');
  const [role, setRole] = useState<Role>(a.role);
  const [counties, setCounties] = useState<string[]>(a.counties ?? []);
  const [password, setPassword] = useState('');
  const live = a.tokens.filter((x) => !x.revoked);
  const name = a.username;

  const startEdit = () => {
    setRole(a.role);
    setCounties(a.counties ?? []);
    setMode('edit');
  };
  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (await act(async () => (await api.change(name, { role, counties: role === 'admin' || counties.length === 0 ? null : counties }), t('admin.saved', { name })))) setMode('view');
  };
  const setPw = async (generate: boolean) => {
    const ok = await act(async () => {
      const r = await api.setPassword(name, generate ? undefined : password);
      if (r.password) onSecret({ label: t('admin.secretPassword', { name }), value: r.password });
      return t('admin.passwordDone', { name });
    });
    if (ok) {
      setPassword('');
      setMode('view');
    }
  };
  const toggle = () =>
    void act(async () => {
      if (!a.disabled && !window.confirm(t('admin.confirmDisable', { name }))) return;
      await api.change(name, { disabled: !a.disabled });
      return t(a.disabled ? 'admin.enabledDone' : 'admin.disabledDone', { name });
    });
  const token = () =>
    void act(async () => {
      const r = await api.newToken(name);
      onSecret({ label: t('admin.secretToken', { name, id: r.id }), value: r.token, hint: t('admin.secretTokenUse') });
      return t('admin.tokenMade', { name, id: r.id });
    });
  const revoke = (id?: string) =>
    void act(async () => {
      if (!id && !window.confirm(t('admin.confirmRevokeAll', { name }))) return;
      return t('admin.revoked', { n: (await api.revoke(name, id)).revoked });
    });

  return (
    <tr data-account={name} className={a.disabled ? 'sgm-admin-off' : undefined}>
      <th scope="row" data-label={t('admin.colName')}>
        {name}
        {name === me.username && ' ★'}
      </th>
      <td data-label={t('admin.colRole')}>{t(`admin.role.${a.role}`)}</td>
      <td data-label={t('admin.colCounties')}>{countiesText(a.counties, lang, t)}</td>
      <td data-label={t('admin.colState')}>{a.disabled ? t('admin.disabled') : t('admin.active')}</td>
      <td data-label={t('admin.colLastSignIn')}>{timeText(a.last_sign_in, t)}</td>
      <td data-label={t('admin.colTokens')}>
        {live.length === 0 && t('admin.noTokens')}
        <ul className="sgm-admin-tokens">
          {live.map((x) => (
            <li key={x.id}>
              <code>{x.id}</code>{' '}
              <button type="button" className="sgm-admin-small" aria-label={t('admin.revokeToken', { id: x.id })} onClick={() => revoke(x.id)}>
                {t('admin.revoke')}
              </button>
            </li>
          ))}
        </ul>
      </td>
      <td data-label={t('admin.colActions')}>
        {mode === 'view' && (
          <div className="sgm-admin-actions">
            <button type="button" onClick={startEdit} data-action="edit">
              {t('admin.edit')}
            </button>
            <button type="button" onClick={toggle} data-action="toggle">
              {a.disabled ? t('admin.enable') : t('admin.disable')}
            </button>
            <button type="button" onClick={() => setMode('password')} data-action="password">
              {t('admin.resetPassword')}
            </button>
            {!a.disabled && (
              <button type="button" onClick={token} data-action="token">
                {t('admin.newToken')}
              </button>
            )}
            {live.length > 0 && (
              <button type="button" onClick={() => revoke()} data-action="revoke-all">
                {t('admin.revokeAll')}
              </button>
            )}
          </div>
        )}
        {mode === 'edit' && (
          <form onSubmit={(e) => void save(e)} aria-label={t('admin.edit')} className="sgm-admin-inline">
            <label htmlFor={`sgm-role-${name}`}>{t('admin.colRole')}</label>
            <RoleSelect t={t} id={`sgm-role-${name}`} value={role} onChange={setRole} />
            <CountyPicker t={t} lang={lang} value={counties} onChange={setCounties} disabled={role === 'admin'} />
            <div className="sgm-admin-actions">
              <button type="submit" className="sgm-admin-primary">
                {t('admin.save')}
              </button>
              <button type="button" onClick={() => setMode('view')}>
                {t('admin.cancel')}
              </button>
            </div>
          </form>
        )}
        {mode === 'password' && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void setPw(false);
            }}
            aria-label={t('admin.resetTitle', { name })}
            className="sgm-admin-inline"
          >
            <label>
              {t('admin.newPassword')}
              <input type="text" autoComplete="new-password" minLength={10} required value={password} onChange={(e) => setPassword(e.target.value)} autoFocus />
            </label>
            <div className="sgm-admin-actions">
              <button type="submit" className="sgm-admin-primary">
                {t('admin.setPassword')}
              </button>
              <button type="button" onClick={() => void setPw(true)}>
                {t('admin.generate')}
              </button>
              <button type="button" onClick={() => setMode('view')}>
                {t('admin.cancel')}
              </button>
            </div>
          </form>
        )}
      </td>
    </tr>
  );
}
