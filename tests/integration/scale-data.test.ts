import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { SCALE_DAY, seedScale } from '../../bench/scale-data.js';
import { openDatabase } from '../../src/server/db/database.js';
import { loadConfig } from '../../src/server/env.js';
import { runListingRefresh } from '../../src/server/modules/meetings/listing.service.js';
import { adminQuery, withDatabase } from '../support/global-setup.js';
import { testDatabaseKind } from '../support/test-database.js';

/**
 * `npm run seed:scale` is repeatable: the same seed gives the same network, a different seed a
 * different one, and a second run with the same options reuses the data set. Its listings are the
 * app's own listing rule's answers (decision 167). It runs on PostgreSQL.
 */
describe.skipIf(testDatabaseKind !== 'postgres')('the scale data generator', () => {
  const server = process.env.TEST_DATABASE_URL!;
  const small = { meetings: 600, organisations: 40, facilitators: 120, surveyResponses: 0, fresh: true, log: () => undefined };

  async function fingerprint(url: string) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const meetings = await client.query(
        `SELECT md5(string_agg(slug || name || latitude::text || longitude::text || access || publicly_visible::text || day::text, ',' ORDER BY slug)) AS f FROM meetings`,
      );
      const licences = await client.query(`SELECT md5(string_agg(number || licence_type || status || starts_on::text, ',' ORDER BY number)) AS f FROM licences`);
      return `${meetings.rows[0].f}/${licences.rows[0].f}`;
    } finally {
      await client.end();
    }
  }

  it('gives the same data for the same seed, different data for another, and reuses a data set already there', async () => {
    const names = [1, 2, 3].map(() => `ph_scale_${randomBytes(4).toString('hex')}`);
    const [a, b, c] = names.map((n) => withDatabase(server, n)) as [string, string, string];
    try {
      const first = await seedScale({ ...small, databaseUrl: a, seed: 7 });
      expect(first.reused).toBe(false);
      expect(first.counts.meetings).toBe(600);
      expect(first.counts.publiclyVisibleMeetings).toBeLessThan(600);
      expect(first.counts.publiclyVisibleMeetings).toBeGreaterThan(400);
      await seedScale({ ...small, databaseUrl: b, seed: 7 });
      await seedScale({ ...small, databaseUrl: c, seed: 8 });
      expect(await fingerprint(a)).toBe(await fingerprint(b));
      expect(await fingerprint(a)).not.toBe(await fingerprint(c));
      const again = await seedScale({ ...small, fresh: false, databaseUrl: a, seed: 7 });
      expect(again.reused).toBe(true);
    } finally {
      for (const n of names) await adminQuery(server, `DROP DATABASE IF EXISTS ${n} WITH (FORCE)`);
    }
  }, 120_000);

  it("lists exactly the meetings the app's listing rule lists, with every kind of unlisted meeting among the rest", async () => {
    const name = `ph_scale_${randomBytes(4).toString('hex')}`;
    const url = withDatabase(server, name);
    try {
      const seeded = await seedScale({ ...small, meetings: 2000, organisations: 60, facilitators: 400, databaseUrl: url, seed: 3 });
      const config = loadConfig({ DATABASE_URL: url, NODE_ENV: 'production' });
      const database = await openDatabase(config.database);
      try {
        const db = database.db;
        const listings = async () =>
          new Map((await db.selectFrom('meetings').select(['id', 'publicly_visible']).execute()).map((m) => [m.id, m.publicly_visible]));
        const generated = await listings();
        expect(generated.size).toBe(2000);
        const listed = [...generated.values()].filter(Boolean).length;
        expect(listed).toBe(seeded.counts.publiclyVisibleMeetings);
        expect(listed).toBeGreaterThan(1400);

        // The app's daily listing check on the data set's day, over every meeting.
        const check = await runListingRefresh({ db, now: () => new Date(`${SCALE_DAY}T09:00:00Z`) }, SCALE_DAY, { batchSize: 500 });
        expect(check.checked).toBe(2000);
        expect(check).toMatchObject({ takenOff: 0, returned: 0 });
        const judged = await listings();
        const disagreements = [...generated].filter(([id, visible]) => judged.get(id) !== visible);
        expect(disagreements).toEqual([]);
        // Those it only gave their reasons to (the generator stores none) are all unlisted ones.
        expect(check.changed).toBe(2000 - listed);

        // Every path that keeps a meeting off is there: the meeting's own settings, its site's
        // licences, and its facilitators (not in good standing, another organisation's, none).
        const reasons = await sql<{ code: string; n: number }>`
          SELECT coalesce(b->>'code', r->>'code') AS code, count(*)::int AS n FROM meetings
          CROSS JOIN LATERAL jsonb_array_elements(listing_reasons) r
          LEFT JOIN LATERAL jsonb_array_elements(coalesce(r->'because', '[]'::jsonb)) b ON true
          GROUP BY 1`.execute(db);
        const codes = new Set(reasons.rows.map((r) => r.code));
        for (const code of [
          'closed_meeting', 'not_listed_publicly', 'meeting_closed_down', 'licence_lapsed', 'no_licence_for_programme', 'not_qualified', 'check_expired',
          'check_missing', 'code_of_conduct_not_accepted', 'not_facilitator_for_organisation', 'no_facilitators',
        ]) {
          expect(codes, code).toContain(code);
        }
        // A second check the same day finds nothing to change.
        expect(await runListingRefresh({ db, now: () => new Date(`${SCALE_DAY}T10:00:00Z`) }, SCALE_DAY, { batchSize: 500 })).toMatchObject({ changed: 0 });
      } finally {
        await database.close();
      }
    } finally {
      await adminQuery(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  }, 120_000);
});
