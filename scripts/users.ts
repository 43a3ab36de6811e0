/**
 * `npm run users -- …`: accounts on the command line (docs/contract.md, "Accounts and roles"),
 * over the same functions as the admin API (server/auth/account-admin.ts),
 * against the store the server would use (DATABASE_URL → PostgreSQL, migrated as needed; else
 * STATE_DIR/accounts.json, safe to change while a server runs). Passwords are never echoed,
 * logged or put on the command line: a hidden prompt, or `--password-stdin` for scripts.
 *
 *   add NAME --role admin|editor|viewer [--counties CODES] [--password-stdin]
 *   token NAME                  a new API token, alone on the last line (shown once, kept hashed)
 *   list
 *   disable NAME | enable NAME
 *   passwd NAME [--password-stdin]   (ends the account's sessions)
 *   set NAME [--role ROLE] [--counties CODES|all]
 *   revoke NAME [TOKEN_ID]      revoke one token (its id from `list`) or all of the account's
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { addAccount, changeAccount, checkNewAccount, createToken, listAccounts, revokeTokens, setPassword, TOKEN_ID } from '../server/auth/account-admin';
import { AccountError, parseCounties, type Account, type AccountStore } from '../server/auth/account-store';
import { openAccountStore } from '../server/auth/open';
import { passwordProblem } from '../server/auth/passwords';
import { readConfig } from '../server/config';

const USAGE = `Usage: npm run users -- COMMAND
  add NAME --role admin|editor|viewer [--counties 361130,361181] [--password-stdin]
  token NAME              print a new API token (shown once)
  list
  disable NAME | enable NAME
  passwd NAME [--password-stdin]
  set NAME [--role ROLE] [--counties CODES|all]
  revoke NAME [TOKEN_ID]  revoke one token, or all of NAME's tokens`;

export class UsageError extends Error {}

export interface UsersIo {
  log(line: string): void;
  /** Everything on standard input (for --password-stdin). */
  stdin(): Promise<string>;
  /** Ask for a password without echo; undefined when there is no terminal. */
  ask?: (prompt: string) => Promise<string>;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Read a line from the terminal without echoing it. */
function hidden(prompt: string): Promise<string> {
  return new Promise((done, fail) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    let s = '';
    const onData = (buf: Buffer) => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stderr.write('\n');
          return done(s);
        }
        if (ch === '\u0003') {
          stdin.setRawMode(false);
          process.stderr.write('\n');
          return fail(new UsageError('Cancelled.'));
        }
        if (ch === '\u007f' || ch === '\b') s = s.slice(0, -1);
        else s += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function newPassword(io: UsersIo, fromStdin: boolean): Promise<string> {
  let pw: string;
  if (fromStdin) pw = (await io.stdin()).replace(/\r?\n$/, '');
  else if (io.ask) {
    pw = await io.ask('Password: ');
    const again = await io.ask('Password again: ');
    if (again !== pw) throw new UsageError('The two passwords differ; nothing changed.');
  } else throw new UsageError('No terminal to ask for the password: pipe it in with --password-stdin.');
  const problem = passwordProblem(pw);
  if (problem) throw new UsageError(`${problem} Nothing changed.`);
  return pw;
}

async function existing(store: AccountStore, name: string | undefined): Promise<Account> {
  if (!name) throw new UsageError('Name the account.');
  const a = await store.account(name);
  if (!a) throw new UsageError(`No account "${name}"; see npm run users -- list.`);
  return a;
}

/** Run one command; throws UsageError / AccountError for the user's mistakes. */
export async function runUsers(argv: string[], store: () => Promise<AccountStore>, io: UsersIo): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: 'string' }, counties: { type: 'string' }, 'password-stdin': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, name, extra] = positionals;
  if (values.help || !command) {
    if (!command && !values.help) throw new UsageError(USAGE);
    io.log(USAGE);
    return;
  }
  const s = await store();
  try {
    switch (command) {
      case 'add': {
        if (!name) throw new UsageError('add needs a NAME.');
        const input = { username: name, role: values.role, counties: values.counties !== undefined ? parseCounties(values.counties) : undefined };
        await checkNewAccount(s, input); // all but the password, before asking for it
        const a = await addAccount(s, { ...input, password: await newPassword(io, values['password-stdin'] ?? false) });
        io.log(`Added ${a.username} (${a.role}${a.counties ? `, counties ${a.counties.join(',')}` : ''}).`);
        return;
      }
      case 'token': {
        if (!name) throw new UsageError('Name the account.');
        const t = await createToken(s, name);
        io.log(`New API token for ${name} (id ${t.id}); it is shown only now — send it as "Authorization: Bearer TOKEN":`);
        io.log(t.token);
        return;
      }
      case 'list': {
        for (const a of await listAccounts(s)) {
          const live = a.tokens.filter((t) => !t.revoked).map((t) => t.id);
          io.log([a.username, a.role, a.counties?.join(',') || 'all counties', a.disabled ? 'DISABLED' : 'active', live.length ? `tokens ${live.join(' ')}` : 'no tokens'].join('\t'));
        }
        return;
      }
      case 'disable':
      case 'enable': {
        if (!name) throw new UsageError('Name the account.');
        const a = await changeAccount(s, name, { disabled: command === 'disable' });
        io.log(`${a.username} is ${command}d${command === 'disable' ? ': signed out everywhere; its tokens no longer work' : ''}.`);
        return;
      }
      case 'passwd': {
        const a = await existing(s, name);
        await setPassword(s, a.username, await newPassword(io, values['password-stdin'] ?? false));
        io.log(`Password of ${a.username} changed; its sessions are ended.`);
        return;
      }
      case 'set': {
        if (!name) throw new UsageError('Name the account.');
        const counties = values.counties === undefined ? undefined : values.counties === 'all' ? null : parseCounties(values.counties);
        const a = await changeAccount(s, name, { role: values.role, counties });
        io.log(`${a.username}: ${a.role}, ${a.counties?.join(',') || 'all counties'}.`);
        return;
      }
      case 'revoke': {
        if (!name) throw new UsageError('Name the account.');
        if (extra !== undefined && !TOKEN_ID.test(extra)) throw new UsageError('TOKEN_ID is the hexadecimal id shown by list.');
        const n = await revokeTokens(s, name, extra);
        io.log(`Revoked ${n} token${n === 1 ? '' : 's'} of ${name}.`);
        return;
      }
      default:
        throw new UsageError(`Unknown command "${command.slice(0, 20)}".\n${USAGE}`);
    }
  } finally {
    await s.close();
  }
}

const root = resolve(import.meta.dirname, '..');
if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const io: UsersIo = { log: (l) => console.log(l), stdin: readStdin, ask: process.stdin.isTTY ? hidden : undefined };
  runUsers(process.argv.slice(2), () => openAccountStore(readConfig(), root), io).catch((e) => {
    if (e instanceof UsageError || e instanceof AccountError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(e.message);
      process.exit(2);
    }
    console.error(`users: ${(e as Error).message}`);
    process.exit(1);
  });
}
