import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../tests/support/test-app.js';
import { createOrganisation, createUser, signIn } from '../../../tests/support/factories.js';
import { recordAudit } from './audit.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('audit trail', () => {
  it('records who, what, when, and the before and after values, with secrets redacted', async () => {
    await recordAudit(t.database.db, { userId: null, label: 'test' }, {
      action: 'example.changed', entityType: 'example', entityId: 'e-1',
      before: { name: 'Old', password_hash: 'x' }, after: { name: 'New', password_hash: 'y' },
    });
    const row = await t.database.db.selectFrom('audit_events').selectAll().where('entity_id', '=', 'e-1').executeTakeFirstOrThrow();
    expect(row.actor_label).toBe('test');
    expect(row.at).toBeInstanceOf(Date);
    expect(row.before).toEqual({ name: 'Old', password_hash: '[redacted]' });
    expect(row.after).toEqual({ name: 'New', password_hash: '[redacted]' });
  });

  it('cannot be updated, deleted or truncated by the application', async () => {
    await recordAudit(t.database.db, { userId: null, label: 'test' }, { action: 'example.kept', entityType: 'example', entityId: 'e-2' });
    await expect(t.database.db.updateTable('audit_events').set({ action: 'tampered' }).where('entity_id', '=', 'e-2').execute()).rejects.toThrow(/audit trail cannot be changed/);
    await expect(t.database.db.deleteFrom('audit_events').where('entity_id', '=', 'e-2').execute()).rejects.toThrow(/audit trail cannot be changed/);
    await expect(sql`TRUNCATE audit_events`.execute(t.database.db)).rejects.toThrow(/audit trail cannot be changed/);
    const row = await t.database.db.selectFrom('audit_events').select('action').where('entity_id', '=', 'e-2').executeTakeFirstOrThrow();
    expect(row.action).toBe('example.kept');
  });

  it('can be read by Central Office through the API, newest first, and not by a SMART Lead', async () => {
    const central = await signIn(t.app, await createUser(t.database.db, { role: 'central_office' }));
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/audit-events?action=example.kept', headers: central.headers() });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toHaveLength(1);
    expect(res.json().items[0]).toMatchObject({ action: 'example.kept', entityId: 'e-2' });

    const lead = await signIn(t.app, await createUser(t.database.db, { role: 'smart_lead', organisationId: (await createOrganisation(t.database.db)).id }));
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/audit-events', headers: lead.headers() })).statusCode).toBe(403);
  });
});
