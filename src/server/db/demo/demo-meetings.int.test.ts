import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../tests/support/test-database.js';
import { loadConfig } from '../../env.js';
import { publiclyVisibleMeetings } from '../../modules/meetings/public-meetings.repository.js';
import { loadDemoData } from './demo-data.js';

/** The demo's meetings really pass the listing rule, so the public finder shows them (docs/decisions/075). */

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  await loadDemoData(database.db, loadConfig({ NODE_ENV: 'test', PUBLIC_URL: 'http://partnerhub.test' }));
});
afterAll(async () => database?.close());

describe('demo meetings', () => {
  it('lists every open, listed demo meeting publicly, and keeps the closed and the unlisted one off', async () => {
    const meetings = await database.db.selectFrom('meetings').select(['name', 'publicly_visible', 'listing_reasons', 'latitude', 'attendance', 'frequency', 'provider']).orderBy('name').execute();
    expect(meetings.length).toBeGreaterThanOrEqual(12);
    const hidden = meetings.filter((m) => !m.publicly_visible).map((m) => [m.name, (m.listing_reasons as { code: string }[]).map((r) => r.code)]);
    expect(hidden).toEqual([
      ['Eastmoor InsideOut', expect.arrayContaining(['closed_meeting', 'not_listed_publicly'])],
      ['Northbridge Aftercare Group', ['not_listed_publicly']],
    ]);
    const visible = await publiclyVisibleMeetings(database.db).select('meetings.name').execute();
    expect(visible).toHaveLength(meetings.length - 2);
    expect(meetings.every((m) => m.latitude !== null)).toBe(true);
    expect(new Set(meetings.map((m) => m.attendance))).toEqual(new Set(['in_person', 'online', 'hybrid']));
    expect(new Set(meetings.map((m) => m.frequency))).toEqual(new Set(['weekly', 'fortnightly', 'monthly']));
    expect(meetings.filter((m) => m.provider === 'uksr')).toHaveLength(2);
  });
});
