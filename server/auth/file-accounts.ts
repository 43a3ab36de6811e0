/**
 * Accounts of the embedded store: `accounts.json` in its state directory, mode 0600, replaced
 * atomically (write a temporary file, fsync, rename, fsync the directory). The CLI and a running
 * server may share the directory: every change is read-modify-write under `accounts.lock`
 * (created exclusively; a lock whose process is gone, or older than 30 s, is taken over), and
 * readers re-read the file whenever it was replaced (its inode, size or mtime changed).
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AccountError, type Account, type AccountStore, type ApiToken, type Session } from './account-store';
import { tokenId } from './secrets';
import { processAlive } from '../store/memory/lock';

interface Doc {
  format: 1;
  accounts: Account[];
  sessions: Session[];
  tokens: ApiToken[];
}

const empty = (): Doc => ({ format: 1, accounts: [], sessions: [], tokens: [] });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));


export class FileAccountStore implements AccountStore {
  private readonly path: string;
  private readonly lockPath: string;
  private cached?: { key: string; doc: Doc };
  /** Changes within this process run one at a time (the lock file orders them across processes). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, 'accounts.json');
    this.lockPath = join(dir, 'accounts.lock');
  }

  private read(): Doc {
    let key: string;
    try {
      const s = statSync(this.path);
      key = `${s.ino}:${s.size}:${s.mtimeMs}`;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return empty();
      throw e;
    }
    if (this.cached?.key === key) return this.cached.doc;
    const text = readFileSync(this.path, 'utf8');
    let doc: Doc;
    try {
      doc = JSON.parse(text) as Doc;
    } catch {
      throw new Error(`${this.path} is not valid JSON; restore it from a backup (the server writes it atomically, so this is damage from outside).`);
    }
    if (doc.format !== 1) throw new Error(`${this.path} has format ${String(doc.format)}; this server reads format 1.`);
    this.cached = { key, doc };
    return doc;
  }

  private async lock(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        writeFileSync(this.lockPath, `${process.pid} ${Date.now()}`, { flag: 'wx' });
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      try {
        const [pid, at] = readFileSync(this.lockPath, 'utf8').split(' ').map(Number);
        if (!processAlive(pid) || Date.now() - at > 30_000) rmSync(this.lockPath, { force: true });
      } catch {
        // gone meanwhile: try again
      }
      if (attempt > 1000) throw new Error(`${this.lockPath} stays locked; is another process stuck?`);
      await sleep(5 + Math.random() * 10);
    }
  }

  private write(doc: Doc): void {
    const tmp = `${this.path}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(doc));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
    const dfd = openSync(this.dir, 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  }

  /** Read-modify-write under the lock; `fn` changes the doc in place and returns a result. */
  private change<T>(fn: (doc: Doc) => T): Promise<T> {
    const run = async () => {
      await this.lock();
      try {
        this.cached = undefined;
        const doc = structuredClone(this.read());
        const out = fn(doc);
        this.write(doc);
        return out;
      } finally {
        rmSync(this.lockPath, { force: true });
      }
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => {});
    return p;
  }

  async account(username: string) {
    return this.read().accounts.find((a) => a.username === username);
  }
  async accounts() {
    return [...this.read().accounts].sort((a, b) => a.username.localeCompare(b.username));
  }
  addAccount(a: Account) {
    return this.change((d) => {
      if (d.accounts.some((x) => x.username === a.username)) throw new AccountError(`An account "${a.username}" exists already.`, 'username', 'conflict');
      d.accounts.push(a);
    });
  }
  updateAccount(username: string, change: Partial<Omit<Account, 'username' | 'created'>>) {
    return this.change((d) => {
      const a = d.accounts.find((x) => x.username === username);
      if (!a) throw new AccountError(`No account "${username}".`, 'username', 'not_found');
      Object.assign(a, change);
      if (change.counties === undefined && 'counties' in change) delete a.counties;
      if (change.lastSignIn === undefined && 'lastSignIn' in change) delete a.lastSignIn;
    });
  }

  async session(hash: string) {
    return this.read().sessions.find((s) => s.hash === hash);
  }
  addSession(s: Session) {
    return this.change((d) => void d.sessions.push(s));
  }
  touchSession(hash: string, lastSeen: number) {
    return this.change((d) => {
      const s = d.sessions.find((x) => x.hash === hash);
      if (s) s.lastSeen = lastSeen;
    });
  }
  deleteSession(hash: string) {
    return this.change((d) => void (d.sessions = d.sessions.filter((s) => s.hash !== hash)));
  }
  deleteSessionsOf(username: string) {
    return this.change((d) => void (d.sessions = d.sessions.filter((s) => s.username !== username)));
  }
  pruneSessions(idleBefore: number, createdBefore: number) {
    return this.change((d) => void (d.sessions = d.sessions.filter((s) => s.lastSeen >= idleBefore && s.created >= createdBefore)));
  }

  async token(hash: string) {
    return this.read().tokens.find((t) => t.hash === hash);
  }
  async tokens(username?: string) {
    return this.read().tokens.filter((t) => username === undefined || t.username === username);
  }
  addToken(t: ApiToken) {
    return this.change((d) => void d.tokens.push(t));
  }
  revokeTokens(username: string, idPrefix?: string) {
    return this.change((d) => {
      let n = 0;
      for (const t of d.tokens)
        if (t.username === username && !t.revoked && (idPrefix === undefined || tokenId(t.hash).startsWith(idPrefix))) {
          t.revoked = true;
          n++;
        }
      return n;
    });
  }

  async close() {
    await this.queue;
  }
}
