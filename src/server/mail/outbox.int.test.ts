import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { createTestDatabase } from '../../../tests/support/test-database.js';
import type { OpenDatabase } from '../db/database.js';
import { queueMail } from './outbox.js';
import { OutboxWorker } from './outbox-worker.js';

interface Received {
  to: string[];
  subject: string;
  raw: string;
}

/** A real SMTP server on loopback that can be told to refuse mail, as a relay that is down would. */
async function startSmtp() {
  const received: Received[] = [];
  const state = { refuse: false };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (state.refuse) return callback(new Error('451 relay unavailable, try later'));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), subject: /^Subject: (.*)$/m.exec(raw)?.[1] ?? '', raw });
        callback();
      });
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const port = (server.server.address() as AddressInfo).port;
  return { received, state, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let database: OpenDatabase;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
const log = pino({ level: 'silent' });

beforeAll(async () => {
  database = await createTestDatabase();
  smtp = await startSmtp();
});
afterAll(async () => {
  await smtp?.close();
  await database?.close();
});

describe('outbox', () => {
  it('sends queued mail through a real SMTP server exactly once, however often the worker runs', async () => {
    await queueMail(database.db, { to: 'first@people.partnerhub.test', subject: 'Your invoice is ready', text: 'Hello', kind: 'test' });
    const worker = new OutboxWorker({ db: database.db, smtpUrl: smtp.url, from: 'Partner Hub <no-reply@partnerhub.test>', log });
    await worker.runOnce();
    await worker.runOnce();
    await worker.stop();
    const mine = smtp.received.filter((m) => m.to.includes('first@people.partnerhub.test'));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.subject).toBe('Your invoice is ready');
    const row = await database.db.selectFrom('outbox_messages').selectAll().where('to_address', '=', 'first@people.partnerhub.test').executeTakeFirstOrThrow();
    expect(row.status).toBe('sent');
  });

  it('keeps mail waiting while SMTP refuses it, then sends it once when SMTP is back', async () => {
    let clock = new Date('2026-11-24T09:00:00Z');
    const worker = new OutboxWorker({ db: database.db, smtpUrl: smtp.url, from: 'Partner Hub <no-reply@partnerhub.test>', log, now: () => clock });
    await queueMail(database.db, { to: 'retry@people.partnerhub.test', subject: 'Retry me', text: 'Hello', kind: 'test' });
    await database.db.updateTable('outbox_messages').set({ next_attempt_at: clock }).where('to_address', '=', 'retry@people.partnerhub.test').execute();
    smtp.state.refuse = true;
    await worker.runOnce();
    let row = await database.db.selectFrom('outbox_messages').selectAll().where('to_address', '=', 'retry@people.partnerhub.test').executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
    expect(row.attempts).toBe(1);
    expect(row.last_error).toMatch(/relay unavailable/);

    smtp.state.refuse = false;
    await worker.runOnce(); // not due yet: the back-off holds it
    expect(smtp.received.filter((m) => m.to.includes('retry@people.partnerhub.test'))).toHaveLength(0);
    clock = new Date(clock.getTime() + 60_000);
    await worker.runOnce();
    await worker.runOnce();
    await worker.stop();
    expect(smtp.received.filter((m) => m.to.includes('retry@people.partnerhub.test'))).toHaveLength(1);
    row = await database.db.selectFrom('outbox_messages').selectAll().where('to_address', '=', 'retry@people.partnerhub.test').executeTakeFirstOrThrow();
    expect(row.status).toBe('sent');
  });

  it('sends nothing for a change that rolled back', async () => {
    await expect(
      database.db.transaction().execute(async (trx) => {
        await queueMail(trx, { to: 'rolled-back@people.partnerhub.test', subject: 'Never', text: 'x', kind: 'test' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const worker = new OutboxWorker({ db: database.db, smtpUrl: smtp.url, from: 'Partner Hub <no-reply@partnerhub.test>', log });
    await worker.runOnce();
    await worker.stop();
    expect(smtp.received.filter((m) => m.to.includes('rolled-back@people.partnerhub.test'))).toHaveLength(0);
    const rows = await database.db.selectFrom('outbox_messages').select('id').where('to_address', '=', 'rolled-back@people.partnerhub.test').execute();
    expect(rows).toHaveLength(0);
  });

  it('keeps mail in the Outbox, marked kept, when no SMTP server is configured', async () => {
    await queueMail(database.db, { to: 'kept@people.partnerhub.test', subject: 'Kept', text: 'x', kind: 'test' });
    const worker = new OutboxWorker({ db: database.db, smtpUrl: undefined, from: 'x <x@partnerhub.test>', log });
    await worker.runOnce();
    await worker.stop();
    const row = await database.db.selectFrom('outbox_messages').selectAll().where('to_address', '=', 'kept@people.partnerhub.test').executeTakeFirstOrThrow();
    expect(row.status).toBe('kept');
    expect(smtp.received.filter((m) => m.to.includes('kept@people.partnerhub.test'))).toHaveLength(0);
  });
});
