/**
 * How a server learns of change sets committed through other servers on the same database: one
 * connection of its own LISTENs on the channel every write transaction NOTIFYs at commit
 * (writes.ts `VERSION_CHANNEL`, payload `{"seq": N}`). When that connection is lost (database
 * restarted, network), it reconnects every second and then asks for the newest change set
 * (`onReconnect`), since notifications sent while it was away are not delivered again.
 */
import pg from 'pg';
import { VERSION_CHANNEL } from './writes';

export class VersionListener {
  private client?: pg.Client;
  private stopped = false;
  private timer?: NodeJS.Timeout;
  /** Whether LISTEN is in place now (false while reconnecting). */
  listening = false;

  constructor(
    private readonly url: string,
    private readonly onSeq: (seq: number) => void,
    private readonly onReconnect: () => Promise<void>,
    private readonly retryMs = 1000,
  ) {}

  /** Connect and LISTEN; rejects when the first connection fails (the store's open fails with it). */
  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: 'shangrao-green-map-listen' });
    client.on('notification', (msg) => {
      if (msg.channel !== VERSION_CHANNEL || !msg.payload) return;
      try {
        const { seq } = JSON.parse(msg.payload) as { seq?: unknown };
        if (typeof seq === 'number') this.onSeq(seq);
      } catch {
        // Not ours; ignore.
      }
    });
    const lost = () => {
      if (this.client !== client) return;
      this.listening = false;
      this.client = undefined;
      client.end().catch(() => {});
      this.retry();
    };
    client.on('error', lost);
    client.on('end', lost);
    try {
      await client.connect();
      await client.query(`LISTEN ${VERSION_CHANNEL}`);
    } catch (e) {
      client.removeAllListeners('end');
      await client.end().catch(() => {});
      throw e;
    }
    if (this.stopped) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    this.listening = true;
    // This connection alone never keeps a process alive (a server's HTTP listener does).
    (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
  }

  private retry(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(async () => {
      this.timer = undefined;
      try {
        await this.connect();
        await this.onReconnect();
      } catch {
        this.retry();
      }
    }, this.retryMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const c = this.client;
    this.client = undefined;
    this.listening = false;
    // Ref the socket again: ending waits for it to close, and an unref'd socket alone would let the process exit mid-await.
    (c as unknown as { connection?: { stream?: { ref?: () => void } } } | undefined)?.connection?.stream?.ref?.();
    await c?.end().catch(() => {});
  }
}
