import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APRIL_2026_SCHEDULE } from '../../../domain/fees/fee-schedule.js';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { createUser, signIn, type SignedIn } from '../../../../tests/support/factories.js';
import { scheduleInForce } from './fee-schedule.service.js';

let t: TestApp;
let central: SignedIn;
beforeAll(async () => {
  t = await createTestApp();
  central = await signIn(t.app, await createUser(t.database.db, { role: 'central_office' }));
});
afterAll(async () => t?.close());

describe('fee schedule', () => {
  it('serves the April 2026 schedule from Section 10 in pence to anyone', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/fee-schedule' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.effectiveFrom).toBe('2026-04-01');
    expect(body.licences['smart-recovery'].nonProfitPence).toBe(70_000);
    expect(body.licences['family-and-friends'].nonProfitReducedPence).toBe(41_000);
    expect(body.licences.veterans.nonProfitReducedPence).toBe(57_500);
    expect(body.licences['criminal-justice'].includedTrainingPlaces).toBe(10);
    expect(body.licences.satellite.nonProfitPence).toBe(18_000);
    expect(body.additionalTrainingPlacePence).toBe(12_000);
    expect(body).toEqual(JSON.parse(JSON.stringify(APRIL_2026_SCHEDULE)));
  });

  it('lets Central Office publish a new schedule that takes over on its effective date, leaving the old one for earlier days', async () => {
    const next = {
      ...APRIL_2026_SCHEDULE,
      id: 'april-2027',
      name: 'Partnership Guidance 2027',
      effectiveFrom: '2099-04-01',
      licences: { ...APRIL_2026_SCHEDULE.licences, 'smart-recovery': { ...APRIL_2026_SCHEDULE.licences['smart-recovery'], nonProfitPence: 75_000 } },
    };
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/fee-schedules', headers: central.headers(), payload: next });
    expect(res.statusCode).toBe(201);
    expect((await scheduleInForce(t.deps, '2099-04-01')).licences['smart-recovery'].nonProfitPence).toBe(75_000);
    expect((await scheduleInForce(t.deps, '2099-03-31')).licences['smart-recovery'].nonProfitPence).toBe(70_000);
    const audit = await t.database.db.selectFrom('audit_events').selectAll().where('action', '=', 'fee_schedule.published').executeTakeFirstOrThrow();
    expect(audit.entity_id).toBe('april-2027');
  });

  it('refuses a schedule that would take effect in the past, naming the field', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/fee-schedules', headers: central.headers(),
      payload: { ...APRIL_2026_SCHEDULE, id: 'backdated', effectiveFrom: '2020-01-01' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('rule_broken');
    expect(res.json().error.details[0].field).toBe('effectiveFrom');
  });

  it('refuses a schedule missing a licence type', async () => {
    const { satellite: _omitted, ...licences } = APRIL_2026_SCHEDULE.licences;
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/fee-schedules', headers: central.headers(),
      payload: { ...APRIL_2026_SCHEDULE, id: 'incomplete', effectiveFrom: '2099-06-01', licences },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('validation_failed');
  });
});
