import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../src/server/deps.js';
import { openDatabase } from '../../src/server/db/database.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { loadConfig } from '../../src/server/env.js';
import { issueInvoice } from '../../src/server/modules/invoices/invoices.service.js';
import { killInstance, signInOverHttp, startInstance, startSmtp, stopInstance, waitFor, type Instance } from '../support/app-process.js';
import { createOrganisation, createUser } from '../support/factories.js';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../support/test-database.js';

/**
 * Fault tests (npm run test:faults, PostgreSQL only): a real Partner Hub process is killed with
 * SIGKILL while it records payments, has its database connections dropped mid-transaction, and has
 * PostgreSQL stopped under it. Afterwards every acknowledged change is there, nothing is half-done,
 * nothing happens twice when the requests are retried, and the app recovers by itself.
 */
const system = { userId: null, label: 'fault test' };

describe.runIf(testDatabaseKind === 'postgres')('faults', () => {
  let database: TestDatabase;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let instance: Instance | undefined;
  let deps: AppDeps;
  let central: Awaited<ReturnType<typeof createUser>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    smtp = await startSmtp();
    deps = { db: database.db, config: loadConfig({ NODE_ENV: 'test' }), now: () => new Date() };
    central = await createUser(database.db, { role: 'central_office' });
    instance = await startInstance('fault instance', database.url!, smtp.url);
  }, 120_000);

  afterAll(async () => {
    if (instance) await stopInstance(instance);
    await smtp?.close();
    await database?.close();
  }, 60_000);

  /** Unpaid invoices for new organisations, one SMART Recovery licence each. */
  async function unpaidInvoices(count: number, label: string) {
    const invoices: { id: string; organisationId: string }[] = [];
    for (let i = 0; i < count; i++) {
      const org = await createOrganisation(database.db);
      const invoice = await issueInvoice(deps, system, {
        organisationId: org.id,
        kind: 'new',
        billing: { name: 'Finance', email: `finance.${org.id.slice(0, 8)}@people.partnerhub.test` },
        feeScheduleId: 'april-2026',
        source: { type: 'test', id: `${label}-${org.id}` },
        lines: [{ kind: 'licence', siteId: org.site.id, licenceType: 'smart-recovery', description: 'SMART Recovery licence', rule: 'Section 10', amountPence: 70_000 }],
      });
      invoices.push({ id: invoice.id, organisationId: org.id });
    }
    return invoices;
  }

  function pay(url: string, headers: Record<string, string>, invoiceId: string, reference: string) {
    return fetch(`${url}/api/v1/invoices/${invoiceId}/payments`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ amountPence: 70_000, paidOn: '2026-11-20', method: 'bank-transfer', reference }),
    }).then(
      (r) => r.status,
      () => 0, // the connection died with the process
    );
  }

  /** Nothing half-done and nothing twice: per invoice, payments, licences and licence mail agree. */
  async function expectConsistent(invoiceIds: string[], { paidInFull }: { paidInFull: boolean }) {
    for (const id of invoiceIds) {
      const invoice = await database.db.selectFrom('invoices').select(['paid_at', 'organisation_id']).where('id', '=', id).executeTakeFirstOrThrow();
      const payments = await database.db.selectFrom('payments').select('id').where('invoice_id', '=', id).execute();
      const licences = await database.db.selectFrom('licences').select('id').where('issued_by_invoice_id', '=', id).execute();
      expect(payments.length).toBeLessThanOrEqual(1);
      // Paid in full ⇔ exactly one payment ⇔ the licence issued once: never one without the other.
      expect(invoice.paid_at !== null).toBe(payments.length === 1);
      expect(licences).toHaveLength(payments.length);
      // The audit trail agrees: one entry per recorded payment, never one for a payment not kept.
      const audited = await database.db.selectFrom('audit_events').select('id').where('action', '=', 'payment.recorded').where('entity_id', '=', id).execute();
      expect(audited).toHaveLength(payments.length);
      if (paidInFull) expect(payments).toHaveLength(1);
    }
  }

  it('keeps every acknowledged payment, half-does none, and records each once on retry after the app is killed mid-way', async () => {
    const invoices = await unpaidInvoices(150, 'sigkill');
    const session = await signInOverHttp(instance!.url, central);
    const acknowledged = new Set<string>();
    // Four at a time, as a busy finance team would, so the kill lands while most are still to come.
    let next = 0;
    const inFlight = Array.from({ length: 4 }, async () => {
      while (next < invoices.length) {
        const { id } = invoices[next++]!;
        const status = await pay(instance!.url, session.headers(), id, `KILL-${id}`);
        if (status === 0) return;
        if (status === 201 || status === 200) acknowledged.add(id);
      }
    });
    const until = Date.now() + 30_000;
    while (acknowledged.size < 3 && Date.now() < until) await new Promise((r) => setTimeout(r, 2));
    await killInstance(instance!);
    await Promise.all(inFlight);
    expect(acknowledged.size).toBeGreaterThan(0);
    expect(acknowledged.size).toBeLessThan(invoices.length);

    // Every acknowledged payment survived the crash; nothing is half-done.
    for (const id of acknowledged) {
      expect(await database.db.selectFrom('payments').select('id').where('invoice_id', '=', id).execute()).toHaveLength(1);
    }
    await expectConsistent(invoices.map((i) => i.id), { paidInFull: false });

    // A new process on the same database; the person's session still works, and the retries
    // record each payment once.
    instance = await startInstance('fault instance, restarted', database.url!, smtp.url);
    const statuses = await Promise.all(invoices.map(({ id }) => pay(instance!.url, session.headers(), id, `KILL-${id}`)));
    // Those acknowledged before the crash are answered as duplicates of the first; the rest are recorded now.
    for (const [i, status] of statuses.entries()) {
      if (acknowledged.has(invoices[i]!.id)) expect(status).toBe(200);
      else expect([200, 201]).toContain(status);
    }
    await expectConsistent(invoices.map((i) => i.id), { paidInFull: true });
  }, 180_000);

  it('recovers by itself when its database connections are dropped mid-transaction, with nothing half-done', async () => {
    const invoices = await unpaidInvoices(30, 'terminate');
    const session = await signInOverHttp(instance!.url, central);
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    const dbName = new URL(database.url!).pathname.slice(1);
    let dropped = 0;
    let paying = true;
    // Terminate the app's busy connections again and again while the payments are under way.
    const killer = (async () => {
      while (paying && dropped < 5) {
        const result = await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND state <> 'idle'`,
          [dbName],
        );
        dropped += result.rowCount ?? 0;
        await new Promise((r) => setTimeout(r, 3));
      }
    })();
    const first = await Promise.all(invoices.map(({ id }) => pay(instance!.url, session.headers(), id, `DROP-${id}`)));
    paying = false;
    await killer;
    await admin.end();
    expect(dropped).toBeGreaterThan(0);
    // Answers were successes or a clear 503 (never a 500), and nothing is half-done.
    expect(first.filter((s) => s !== 200 && s !== 201 && s !== 503)).toEqual([]);
    expect(first.every((s) => s === 200 || s === 201 || s === 503)).toBe(true);
    await expectConsistent(invoices.map((i) => i.id), { paidInFull: false });

    // The app recovers by itself: retries succeed and record each payment once.
    const retried = await Promise.all(invoices.map(({ id }) => pay(instance!.url, session.headers(), id, `DROP-${id}`)));
    expect(retried.every((s) => s === 200 || s === 201)).toBe(true);
    await expectConsistent(invoices.map((i) => i.id), { paidInFull: true });
  }, 120_000);

  it('imports a training CSV all or nothing when the app is killed during the import, and the repeated import adds each row once', async () => {
    const people = Array.from({ length: 3000 }, (_, i) => ({ name: `Import Person ${i}`, email: `import.person.${i}@people.partnerhub.test` }));
    for (let i = 0; i < people.length; i += 500) await database.db.insertInto('facilitators').values(people.slice(i, i + 500)).execute();
    const csv = ['email,name,module,status,date', ...people.map((p) => `${p.email},${p.name},Introduction to SMART,completed,2026-11-02`)].join('\n');
    const progressRows = async () =>
      Number((await database.db.selectFrom('training_progress').innerJoin('facilitators', 'facilitators.id', 'training_progress.facilitator_id')
        .select((eb) => eb.fn.countAll().as('n')).where('facilitators.email', 'like', 'import.person.%').executeTakeFirstOrThrow()).n);

    const session = await signInOverHttp(instance!.url, central);
    const importing = fetch(`${instance!.url}/api/v1/training/imports`, { method: 'POST', headers: session.headers(), body: JSON.stringify({ csv, dryRun: false }) }).then(
      (r) => r.status,
      () => 0,
    );
    // Kill the app once the import's transaction is open (its last statement read or wrote the
    // people or their progress), so the kill lands mid-import however fast the machine is.
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    const dbName = new URL(database.url!).pathname.slice(1);
    const until = Date.now() + 30_000;
    for (;;) {
      const open = await admin.query(
        `SELECT count(*) AS n FROM pg_stat_activity
         WHERE datname = $1 AND pid <> pg_backend_pid() AND xact_start IS NOT NULL
           AND (query ILIKE '%training_progress%' OR (query ILIKE '%facilitators%' AND query ILIKE '%for update%'))`,
        [dbName],
      );
      if (Number(open.rows[0].n) > 0 || Date.now() > until) break;
      await new Promise((r) => setTimeout(r, 2));
    }
    await admin.end();
    await killInstance(instance!);
    // The process died before it answered: the import was under way.
    expect(await importing).toBe(0);
    expect([0, people.length]).toContain(await progressRows());

    instance = await startInstance('fault instance, restarted after the import', database.url!, smtp.url);
    const again = await fetch(`${instance.url}/api/v1/training/imports`, { method: 'POST', headers: session.headers(), body: JSON.stringify({ csv, dryRun: false }) });
    expect(again.status).toBe(200);
    expect(await progressRows()).toBe(people.length);
    const repeat = await fetch(`${instance.url}/api/v1/training/imports`, { method: 'POST', headers: session.headers(), body: JSON.stringify({ csv, dryRun: false }) });
    expect(repeat.status).toBe(200);
    expect(await progressRows()).toBe(people.length);
  }, 180_000);

  // Stopping PostgreSQL would break everything else using the machine's server, so this test makes
  // a PostgreSQL cluster of its own (Debian's pg_createcluster, as root), stops it with
  // `-m immediate` under the running app, and drops it afterwards. CI sets FAULTS_MAY_STOP_POSTGRES=1.
  it.runIf(process.env.FAULTS_MAY_STOP_POSTGRES === '1')(
    'answers 503 while PostgreSQL is stopped, loses no acknowledged payment, and recovers by itself when it is back',
    async () => {
      const cluster = createCluster();
      let own: Instance | undefined;
      let opened: Awaited<ReturnType<typeof openDatabase>> | undefined;
      try {
        opened = await openDatabase({ kind: 'postgres', url: cluster.url });
        await migrateToLatest(opened.db);
        const ownDeps: AppDeps = { ...deps, db: opened.db };
        const person = await createUser(opened.db, { role: 'central_office' });
        const invoices: { id: string }[] = [];
        for (let i = 0; i < 10; i++) {
          const org = await createOrganisation(opened.db);
          invoices.push(
            await issueInvoice(ownDeps, system, {
              organisationId: org.id, kind: 'new', billing: { name: 'Finance', email: `finance.${i}@people.partnerhub.test` },
              feeScheduleId: 'april-2026', source: { type: 'test', id: `pg-stop-${org.id}` },
              lines: [{ kind: 'licence', siteId: org.site.id, licenceType: 'smart-recovery', description: 'SMART Recovery licence', rule: 'Section 10', amountPence: 70_000 }],
            }),
          );
        }
        own = await startInstance('instance on its own cluster', cluster.url, smtp.url);
        const session = await signInOverHttp(own.url, person);
        const before = await Promise.all(invoices.slice(0, 5).map(({ id }) => pay(own!.url, session.headers(), id, `STOP-${id}`)));
        expect(before).toEqual([201, 201, 201, 201, 201]);

        cluster.ctl('stop', '-m', 'immediate');
        const health = await fetch(`${own.url}/healthz`);
        expect(health.status).toBe(503);
        expect(health.headers.get('retry-after')).toBe('5');
        expect(await pay(own.url, session.headers(), invoices[5]!.id, `STOP-${invoices[5]!.id}`)).toBe(503);
        cluster.ctl('start');

        await waitFor('the app to be healthy again', () => fetch(`${own!.url}/healthz`).then((r) => r.ok, () => false), 60_000);
        // The session survived (it lives in the database), the acknowledged payments are there once,
        // and the rest go through.
        const after = await Promise.all(invoices.map(({ id }) => pay(own!.url, session.headers(), id, `STOP-${id}`)));
        expect(after).toEqual([200, 200, 200, 200, 200, 201, 201, 201, 201, 201]);
        const payments = await opened.db.selectFrom('payments').select('invoice_id').execute();
        expect(payments).toHaveLength(10);
        expect(new Set(payments.map((p) => p.invoice_id)).size).toBe(10);
      } finally {
        if (own) await stopInstance(own);
        await opened?.close();
        cluster.drop();
      }
    },
    180_000,
  );
});

/** A PostgreSQL cluster of the test's own on a spare port, trust authentication, dropped afterwards. */
function createCluster() {
  const version = fs.readdirSync('/etc/postgresql').sort().at(-1);
  if (!version) throw new Error('No PostgreSQL under /etc/postgresql');
  const name = `faults${process.pid}`;
  const port = 5439;
  const run = (command: string, args: string[]) => {
    const result = spawnSync(command, args, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  };
  run('pg_createcluster', [version, name, '-p', String(port), '--', '--auth=trust']);
  const ctl = (...args: string[]) => run('pg_ctlcluster', ['--skip-systemctl-redirect', version, name, ...args]);
  ctl('start');
  run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'partner_hub_faults']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/partner_hub_faults`,
    ctl,
    drop: () => spawnSync('pg_dropcluster', ['--stop', version, name], { encoding: 'utf8' }),
  };
}
