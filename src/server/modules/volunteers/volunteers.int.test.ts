import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { createUser, signIn, type SignedIn } from '../../../../tests/support/factories.js';

let t: TestApp;
let central: SignedIn;
beforeAll(async () => {
  t = await createTestApp();
  central = await signIn(t.app, await createUser(t.database.db, { role: 'central_office' }));
});
afterAll(async () => t?.close());

const apply = (email: string) => t.app.inject({ method: 'POST', url: '/api/v1/volunteer-applications', payload: { name: 'Jo Applicant', email, region: 'scotland' } });
const stage = (id: string, body: Record<string, string>) => t.app.inject({ method: 'POST', url: `/api/v1/volunteers/${id}/stages`, headers: central.headers(), payload: body });

describe('UKSR volunteer onboarding', () => {
  it('sends an application to the volunteer inbox, answers a repeat the same way, and records it once', async () => {
    expect((await apply('jo.applicant@people.partnerhub.test')).statusCode).toBe(202);
    expect((await apply('jo.applicant@people.partnerhub.test')).statusCode).toBe(202);
    const inbox = await t.database.db.selectFrom('outbox_messages').select('to_address').where('kind', '=', 'volunteer_application').execute();
    expect(inbox.map((m) => m.to_address)).toEqual(['volunteer@smartrecovery.org.uk']);
    const volunteers = (await t.app.inject({ method: 'GET', url: '/api/v1/volunteers?status=onboarding', headers: central.headers() })).json().items;
    expect(volunteers).toHaveLength(1);
    expect(volunteers[0]).toMatchObject({ status: 'onboarding', outstanding: ['interview', 'reference-1', 'reference-2', 'safeguarding-check', 'training'] });
  });

  it('makes a volunteer active only when interview, two references, the check and training are all passed, with who recorded each', async () => {
    await apply('sam.stages@people.partnerhub.test');
    const { facilitatorId } = (await t.app.inject({ method: 'GET', url: '/api/v1/volunteers', headers: central.headers() })).json().items.find((v: { email: string }) => v.email === 'sam.stages@people.partnerhub.test');
    for (const s of ['interview', 'reference-1', 'reference-2', 'safeguarding-check']) {
      const res = await stage(facilitatorId, { stage: s, completedOn: '2026-11-20', outcome: 'passed' });
      expect(res.json().status).toBe('onboarding');
    }
    const done = await stage(facilitatorId, { stage: 'training', completedOn: '2026-11-24', outcome: 'passed' });
    expect(done.json()).toMatchObject({ status: 'active', outstanding: [] });
    expect(done.json().stages.find((s: { stage: string }) => s.stage === 'training').recordedBy).toMatch(/@people\.partnerhub\.test$/);

    const failed = await stage(facilitatorId, { stage: 'safeguarding-check', completedOn: '2026-11-25', outcome: 'failed' });
    expect(failed.json()).toMatchObject({ status: 'onboarding', outstanding: ['safeguarding-check'] });
    const audit = await t.database.db.selectFrom('audit_events').select('action').where('entity_id', '=', facilitatorId).execute();
    expect(audit.filter((a) => a.action === 'volunteer.status_changed')).toHaveLength(2);
  });

  it("shows one volunteer's stages to Central Office, and a facilitator who is not a UKSR volunteer as not found", async () => {
    await apply('kit.single@people.partnerhub.test');
    const { id } = await t.database.db.selectFrom('facilitators').select('id').where('email', '=', 'kit.single@people.partnerhub.test').executeTakeFirstOrThrow();
    await stage(id, { stage: 'interview', completedOn: '2026-11-21', outcome: 'passed' });
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/volunteers/${id}`, headers: central.headers() });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ facilitatorId: id, status: 'onboarding', outstanding: ['reference-1', 'reference-2', 'safeguarding-check', 'training'] });
    expect(res.json().stages.find((s: { stage: string }) => s.stage === 'interview')).toMatchObject({ completedOn: '2026-11-21', outcome: 'passed', recordedBy: expect.stringMatching(/@/) });

    const partner = await t.database.db.insertInto('facilitators').values({ name: 'Partner Staff', email: 'partner.staff@people.partnerhub.test' }).returning('id').executeTakeFirstOrThrow();
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/volunteers/${partner.id}`, headers: central.headers() })).statusCode).toBe(404);
  });

  it('refuses a stage that is not one of the six, naming the field', async () => {
    const res = await stage('00000000-0000-4000-8000-000000000000', { stage: 'coffee', completedOn: '2026-11-20', outcome: 'passed' });
    expect(res.statusCode).toBe(422);
  });
});
