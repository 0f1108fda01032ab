import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeeting } from '../../../../tests/support/meetings.js';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { listMeetings } from './meetings.repository.js';

// Pages in the far half of the list are read backwards from the end (decision 152): every page,
// whichever end it is read from, must be the same slice of the one order.
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  for (const [i, name] of ['Delta', 'alpha', 'Charlie', 'Bravo', 'Echo', 'Bravo', 'Foxtrot'].entries()) {
    await createMeeting(db, { name: `${name} pages meeting`, ...(i % 3 === 0 ? { status: 'closed_down' as const } : {}) });
  }
});
afterAll(async () => t?.close());

describe('registered meetings, page by page', () => {
  it('gives every page, from either end, as the same slice of one order, with the total', async () => {
    const db = t.database.db;
    const all = await listMeetings(db, { kind: 'all' }, { limit: 200, offset: 0 });
    expect(all.total).toBeGreaterThanOrEqual(7);
    expect(all.rows).toHaveLength(all.total);
    for (const limit of [1, 2, 3, 5]) {
      for (let offset = 0; offset <= all.total + 1; offset += 1) {
        const page = await listMeetings(db, { kind: 'all' }, { limit, offset });
        expect(page.total).toBe(all.total);
        expect(page.rows.map((r) => r.id)).toEqual(all.rows.slice(offset, offset + limit).map((r) => r.id));
      }
    }
    // Running meetings first, then by name.
    const statuses = all.rows.map((r) => r.status);
    expect(statuses.indexOf('closed_down')).toBeGreaterThan(statuses.lastIndexOf('running'));
  });
});
