import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../src/server/db/database.js';
import type { AppDeps } from '../../src/server/deps.js';
import { loadConfig } from '../../src/server/env.js';
import { issueInvoice, recordPayment } from '../../src/server/modules/invoices/invoices.service.js';
import { runRenewals } from '../../src/server/modules/renewals/renewals.service.js';
import { addDays, londonDate } from '../../src/domain/iso-date.js';
import { createOrganisation, createUser } from '../support/factories.js';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../support/test-database.js';
import { formToken, Jar, postForm, startInstance, startSmtp, stopInstance, waitFor, type Instance } from '../support/app-process.js';

/**
 * Two real Partner Hub processes on one PostgreSQL database, as behind a load balancer
 * (docs/DEPLOYMENT.md, docs/decisions/061-several-instances.md). PGlite is one process's
 * embedded database, so this runs on PostgreSQL only.
 */
const system = { userId: null, label: 'multi-instance test' };

describe.runIf(testDatabaseKind === 'postgres')('several instances on one PostgreSQL database', () => {
  let database: TestDatabase;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let a: Instance | undefined;
  let b: Instance | undefined;
  let deps: AppDeps;
  const renewing: { organisationId: string; name: string }[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    smtp = await startSmtp();
    deps = { db: database.db, config: loadConfig({ NODE_ENV: 'test' }), now: () => new Date() };
    // Licences that end 45 days from today, so today's renewal run owes each organisation one
    // renewal invoice and the 60-day reminder. Made before the instances start, so each instance's
    // own scheduled run (10 seconds after start) races the others for them.
    const today = londonDate(new Date());
    for (let i = 0; i < 3; i++) {
      const org = await createOrganisation(database.db);
      await createUser(database.db, { role: 'smart_lead', organisationId: org.id });
      const invoice = await issueInvoice(deps, system, {
        organisationId: org.id, kind: 'new', billing: { name: 'Finance', email: `finance.${org.id.slice(0, 8)}@people.partnerhub.test` },
        feeScheduleId: 'april-2026', source: { type: 'test', id: `multi-instance-${org.id}` },
        lines: [{ kind: 'licence', siteId: org.site.id, licenceType: 'smart-recovery', description: 'SMART Recovery licence', rule: 'Section 10', amountPence: 70_000 }],
      });
      await recordPayment(deps, system, invoice.id, { amountPence: 70_000, paidOn: addDays(today, 45 - 364), method: 'bank-transfer', reference: `PAY-${org.id}` });
      renewing.push({ organisationId: org.id, name: org.name });
    }
    [a, b] = await Promise.all([startInstance('instance A', database.url!, smtp.url), startInstance('instance B', database.url!, smtp.url)]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([stopInstance(a), stopInstance(b)]);
    await smtp?.close();
    await database?.close();
  }, 30_000);

  it('delivers mail queued in the outbox exactly once although both instances run their workers', async () => {
    const subjects = Array.from({ length: 60 }, (_, i) => `Multi-instance message ${i + 1}`);
    await database.db
      .insertInto('outbox_messages')
      .values(subjects.map((subject, i) => ({ to_address: `reader.${i}@people.partnerhub.test`, subject, text_body: 'Hello', kind: 'test' })))
      .execute();
    await waitFor('every queued message to be sent', async () => {
      const left = await database.db.selectFrom('outbox_messages').select('id').where('kind', '=', 'test').where('status', '<>', 'sent').execute();
      return left.length === 0;
    });
    const delivered = smtp.received.map((m) => m.subject).filter((s) => s.startsWith('Multi-instance message'));
    expect(delivered.sort()).toEqual([...subjects].sort());
    expect(new Set(delivered).size).toBe(delivered.length);
  }, 60_000);

  it('keeps a session made on one instance working on the other, and signing out on either ends it on both', async () => {
    const org = await createOrganisation(database.db);
    const person = await createUser(database.db, { role: 'facilitator', organisationId: org.id });
    const jar = new Jar();
    const page = await fetch(`${a!.url}/sign-in`);
    jar.take(page);
    const signedIn = await postForm(`${a!.url}/sign-in`, jar, { _csrf: formToken(await page.text()), email: person.email, password: person.password });
    expect(signedIn.status).toBe(303);
    jar.take(signedIn);
    expect(jar.cookies.get('ph_session')).toBeDefined();

    const onB = await fetch(`${b!.url}/api/v1/me`, { headers: { cookie: jar.header() } });
    expect(onB.status).toBe(200);
    expect((await onB.json()).email).toBe(person.email);

    const out = await postForm(`${b!.url}/sign-out`, jar, { _csrf: jar.cookies.get('ph_csrf')! });
    expect(out.status).toBe(303);
    const session = jar.cookies.get('ph_session')!;
    expect((await fetch(`${a!.url}/api/v1/me`, { headers: { cookie: `ph_session=${session}` } })).status).toBe(401);
  }, 30_000);

  it('raises each renewal invoice and reminder exactly once when both instances and two more pools run the renewal run at once', async () => {
    // Two more runs at the same moment, each on a database pool of its own, alongside the instances' scheduled runs.
    const pools: OpenDatabase[] = [await openDatabase({ kind: 'postgres', url: database.url! }), await openDatabase({ kind: 'postgres', url: database.url! })];
    try {
      const results = await Promise.all(pools.map((p) => runRenewals({ ...deps, db: p.db })));
      expect(results.every((r) => r.invoicesIssued >= 0)).toBe(true);
    } finally {
      await Promise.all(pools.map((p) => p.close()));
    }
    const finished = (i: Instance) => i.output.join('').split('\n').filter((l) => l.includes('"job":"renewals"'));
    await waitFor('both instances to finish their scheduled renewal run', () => finished(a!).length > 0 && finished(b!).length > 0, 30_000);
    expect([...finished(a!), ...finished(b!)].join('\n')).not.toContain('scheduled job failed');

    for (const { organisationId, name } of renewing) {
      const invoices = await database.db.selectFrom('invoices').select('id').where('organisation_id', '=', organisationId).where('kind', '=', 'renewal').execute();
      expect(invoices).toHaveLength(1);
      const reminders = await database.db
        .selectFrom('licence_reminders as r').innerJoin('licences as l', 'l.id', 'r.licence_id')
        .select('r.days_before').where('l.organisation_id', '=', organisationId).execute();
      expect(reminders.map((r) => r.days_before)).toEqual([60]);
      const mail = await database.db.selectFrom('outbox_messages').select('to_address').where('kind', '=', 'renewal_reminder').where('text_body', 'like', `%${name}%`).execute();
      expect(mail).toHaveLength(2); // the SMART Lead and the billing contact, once each
    }
  }, 90_000);
});
