import nodemailer, { type Transporter } from 'nodemailer';
import type { FastifyBaseLogger } from 'fastify';
import type { DB } from '../db/database.js';
import { type AttachmentRef, claimDueMail, markFailed, markSent } from './outbox.js';

export interface OutboxWorkerOptions {
  db: DB;
  /** smtp:// or smtps:// URL; without one, mail is kept in the Outbox for Central Office to read. */
  smtpUrl: string | undefined;
  from: string;
  log: FastifyBaseLogger;
  now?: () => Date;
  intervalMs?: number;
  /** Draws an attachment by kind (e.g. 'invoice-pdf') from its id when the mail is sent. */
  attachments?: Record<string, (id: string) => Promise<Buffer>>;
}

/** Sends queued mail, with retries, each message once. */
export class OutboxWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private readonly transport: Transporter | null;
  private readonly now: () => Date;

  constructor(private readonly options: OutboxWorkerOptions) {
    this.transport = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : null;
    this.now = options.now ?? (() => new Date());
  }

  start(): void {
    const interval = this.options.intervalMs ?? 2000;
    const tick = async () => {
      try {
        await this.runOnce();
      } catch (err) {
        this.options.log.warn({ err }, 'outbox run failed; will try again');
      }
      if (this.timer) this.timer = setTimeout(tick, interval);
    };
    this.timer = setTimeout(tick, interval);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    this.transport?.close();
  }

  /** Sends what is due now; returns how many messages were handled. */
  async runOnce(): Promise<number> {
    if (this.running) return this.running;
    this.running = this.drain().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async drawAttachments(refs: AttachmentRef[] | null) {
    const drawn = [];
    for (const ref of refs ?? []) {
      const draw = this.options.attachments?.[ref.kind];
      if (!draw) throw new Error(`No way to draw a ${ref.kind} attachment`);
      drawn.push({ filename: ref.filename, content: await draw(ref.id), contentType: ref.filename.endsWith('.pdf') ? 'application/pdf' : ref.filename.endsWith('.ics') ? 'text/calendar; charset=utf-8; method=PUBLISH' : 'application/octet-stream' });
    }
    return drawn;
  }

  private async drain(): Promise<number> {
    const claimed = await claimDueMail(this.options.db, this.now(), 20);
    for (const mail of claimed) {
      if (!this.transport) {
        await markSent(this.options.db, mail.id, 'kept', this.now());
        continue;
      }
      try {
        await this.transport.sendMail({
          from: this.options.from,
          to: mail.to_address,
          subject: mail.subject,
          text: mail.text_body,
          messageId: `<${mail.id}@partnerhub>`,
          attachments: await this.drawAttachments(mail.attachments as AttachmentRef[] | null),
        });
        await markSent(this.options.db, mail.id, 'sent', this.now());
      } catch (err) {
        await markFailed(this.options.db, mail, err instanceof Error ? err.message : String(err), this.now());
      }
    }
    return claimed.length;
  }
}
