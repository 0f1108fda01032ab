import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { seedScale } from '../../bench/scale-data.js';
import { adminQuery, withDatabase } from '../support/global-setup.js';
import { testDatabaseKind } from '../support/test-database.js';

/**
 * `npm run seed:scale` is repeatable: the same seed gives the same network, a different seed a
 * different one, and a second run with the same options reuses the data set. It runs on PostgreSQL.
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
});
