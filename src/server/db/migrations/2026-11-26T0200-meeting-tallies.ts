import { type Kysely, sql } from 'kysely';

/**
 * Meetings counted ahead for the whole network's dashboards
 * (docs/decisions/173-dashboards-computed-afresh-from-tallies.md): tallies kept by statement
 * triggers on `meetings` and `meeting_facilitators` (one grouped upsert per tally and statement,
 * however the rows are written: the app, imports, the scale data), filled here from the rows there
 * are, so the network report and map for Central Office add up a few thousand rows instead of
 * reading every meeting.
 *
 * - `meeting_span_tallies`: meetings by region, programme, partner or UKSR, and the columns the
 *   running rule reads (status, first and last day).
 * - `meeting_cell_tallies`: meetings by region and map cell of 0.2° (MAP_CELL_DEGREES, `mapCell`),
 *   with how many have both coordinates and the sums of those coordinates.
 * - `meeting_site_tallies`: meetings by region and place: the site of a partner meeting, the
 *   venue's postcode of a community one.
 * - `meeting_facilitator_tallies`: each facilitator's number of meetings.
 * - `meeting_created_days`: meetings by the day (in London) they were registered.
 * - `meeting_first_due` and `meeting_due_days`: each meeting's earliest survey still due, and
 *   meetings by that day (kept from `meeting_surveys`; the day table from the meeting table), so
 *   "behind on surveys" on any day is a sum of days.
 *
 * Rows whose count falls to 0 stay (they count nothing); a tally holds at most one row per key
 * ever used. Each table has the data_changes trigger (decision 171) like every other table.
 */
const CELL_DEGREES = 0.2;
const TALLIES = [
  'meeting_span_tallies', 'meeting_cell_tallies', 'meeting_site_tallies', 'meeting_facilitator_tallies', 'meeting_created_days', 'meeting_first_due', 'meeting_due_days',
];

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE meeting_span_tallies (
      region_code text NOT NULL,
      programme_code text NOT NULL,
      partner boolean NOT NULL,
      status text NOT NULL,
      starts_on date NOT NULL,
      ends_on date,
      meetings integer NOT NULL,
      CONSTRAINT meeting_span_tallies_key UNIQUE NULLS NOT DISTINCT (region_code, programme_code, partner, status, starts_on, ends_on)
    )`.execute(db);
  await sql`
    CREATE TABLE meeting_cell_tallies (
      region_code text NOT NULL,
      cell_row integer,
      cell_column integer,
      meetings integer NOT NULL,
      placed integer NOT NULL,
      latitude_sum numeric NOT NULL,
      longitude_sum numeric NOT NULL,
      CONSTRAINT meeting_cell_tallies_key UNIQUE NULLS NOT DISTINCT (region_code, cell_row, cell_column)
    )`.execute(db);
  await sql`
    CREATE TABLE meeting_site_tallies (
      site_id uuid,
      venue_postcode text,
      region_code text NOT NULL,
      meetings integer NOT NULL,
      CONSTRAINT meeting_site_tallies_key UNIQUE NULLS NOT DISTINCT (site_id, venue_postcode, region_code)
    )`.execute(db);
  await sql`
    CREATE TABLE meeting_facilitator_tallies (
      facilitator_id uuid PRIMARY KEY,
      meetings integer NOT NULL
    )`.execute(db);
  await sql`CREATE TABLE meeting_created_days (created_on date PRIMARY KEY, meetings integer NOT NULL)`.execute(db);
  await sql`CREATE TABLE meeting_first_due (meeting_id uuid PRIMARY KEY, first_due_on date NOT NULL)`.execute(db);
  await sql`CREATE TABLE meeting_due_days (first_due_on date PRIMARY KEY, meetings integer NOT NULL)`.execute(db);

  // The same grouping for the migration's first fill and for each statement's changed rows.
  const spanRows = (from: string, sign: string) => `
    SELECT region_code, programme_code, organisation_id IS NOT NULL, status, starts_on, ends_on, ${sign}count(*)::int
    FROM ${from} GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`;
  const cellRows = (from: string, sign: string) => `
    SELECT region_code,
           CASE WHEN longitude IS NOT NULL THEN floor(latitude / ${CELL_DEGREES}::float8)::int END,
           CASE WHEN latitude IS NOT NULL THEN floor(longitude / ${CELL_DEGREES}::float8)::int END,
           ${sign}count(*)::int,
           ${sign}count(*) FILTER (WHERE latitude IS NOT NULL AND longitude IS NOT NULL)::int,
           ${sign}coalesce(sum(latitude::numeric) FILTER (WHERE longitude IS NOT NULL), 0),
           ${sign}coalesce(sum(longitude::numeric) FILTER (WHERE latitude IS NOT NULL), 0)
    FROM ${from} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;
  const siteRows = (from: string, sign: string) => `
    SELECT site_id, CASE WHEN site_id IS NULL THEN venue_postcode END, region_code, ${sign}count(*)::int
    FROM ${from} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;
  const facilitatorRows = (from: string, sign: string) => `
    SELECT facilitator_id, ${sign}count(*)::int FROM ${from} GROUP BY 1 ORDER BY 1`;

  const upsertMeetings = (from: string, sign: string) => [
    `INSERT INTO meeting_span_tallies (region_code, programme_code, partner, status, starts_on, ends_on, meetings) ${spanRows(from, sign)}
     ON CONFLICT ON CONSTRAINT meeting_span_tallies_key DO UPDATE SET meetings = meeting_span_tallies.meetings + EXCLUDED.meetings`,
    `INSERT INTO meeting_cell_tallies (region_code, cell_row, cell_column, meetings, placed, latitude_sum, longitude_sum) ${cellRows(from, sign)}
     ON CONFLICT ON CONSTRAINT meeting_cell_tallies_key DO UPDATE SET meetings = meeting_cell_tallies.meetings + EXCLUDED.meetings,
       placed = meeting_cell_tallies.placed + EXCLUDED.placed,
       latitude_sum = meeting_cell_tallies.latitude_sum + EXCLUDED.latitude_sum, longitude_sum = meeting_cell_tallies.longitude_sum + EXCLUDED.longitude_sum`,
    `INSERT INTO meeting_site_tallies (site_id, venue_postcode, region_code, meetings) ${siteRows(from, sign)}
     ON CONFLICT ON CONSTRAINT meeting_site_tallies_key DO UPDATE SET meetings = meeting_site_tallies.meetings + EXCLUDED.meetings`,
    `INSERT INTO meeting_created_days (created_on, meetings)
     SELECT (created_at AT TIME ZONE 'Europe/London')::date, ${sign}count(*)::int FROM ${from} GROUP BY 1 ORDER BY 1
     ON CONFLICT (created_on) DO UPDATE SET meetings = meeting_created_days.meetings + EXCLUDED.meetings`,
  ];
  // Each meeting touched by a statement on meeting_surveys gets its earliest survey still due again
  // (through meeting_surveys_overdue_idx); a row changes only when that day does.
  const firstDue = (affected: string) => [
    `DELETE FROM meeting_first_due d USING (${affected}) a
     WHERE d.meeting_id = a.meeting_id AND NOT EXISTS (SELECT 1 FROM meeting_surveys s WHERE s.meeting_id = a.meeting_id AND s.status = 'due')`,
    `INSERT INTO meeting_first_due (meeting_id, first_due_on)
     SELECT a.meeting_id, due.first_due_on FROM (${affected}) a
     CROSS JOIN LATERAL (SELECT min(s.held_on) AS first_due_on FROM meeting_surveys s WHERE s.meeting_id = a.meeting_id AND s.status = 'due') due
     WHERE due.first_due_on IS NOT NULL
     ORDER BY a.meeting_id
     ON CONFLICT (meeting_id) DO UPDATE SET first_due_on = EXCLUDED.first_due_on WHERE meeting_first_due.first_due_on <> EXCLUDED.first_due_on`,
  ];
  const dueDays = (from: string, sign: string) => [
    `INSERT INTO meeting_due_days (first_due_on, meetings)
     SELECT first_due_on, ${sign}count(*)::int FROM ${from} GROUP BY 1 ORDER BY 1
     ON CONFLICT (first_due_on) DO UPDATE SET meetings = meeting_due_days.meetings + EXCLUDED.meetings`,
  ];
  const upsertFacilitators = (from: string, sign: string) => [
    `INSERT INTO meeting_facilitator_tallies (facilitator_id, meetings) ${facilitatorRows(from, sign)}
     ON CONFLICT (facilitator_id) DO UPDATE SET meetings = meeting_facilitator_tallies.meetings + EXCLUDED.meetings`,
  ];
  const body = (statements: string[]) => statements.map((s) => `${s};`).join('\n');

  // A keeping function: the old rows' statements with the sign turned round, then the new rows'.
  const keeper = (name: string, statements: (from: string, sign: string) => string[], old: string, fresh: string) =>
    sql.raw(`
    CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') THEN ${body(statements(old, '-'))}
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') THEN ${body(statements(fresh, ''))}
      END IF;
      RETURN NULL;
    END $$`).execute(db);
  await keeper('meeting_tallies_keep', upsertMeetings, 'old_meetings', 'new_meetings');
  await keeper('meeting_facilitator_tallies_keep', upsertFacilitators, 'old_rows', 'new_rows');
  await keeper('meeting_due_days_keep', dueDays, 'old_rows', 'new_rows');
  await sql.raw(`
    CREATE FUNCTION meeting_first_due_keep() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN ${body(firstDue('SELECT DISTINCT meeting_id FROM new_surveys'))}
      ELSIF TG_OP = 'DELETE' THEN ${body(firstDue('SELECT DISTINCT meeting_id FROM old_surveys'))}
      ELSE ${body(firstDue('SELECT meeting_id FROM new_surveys UNION SELECT meeting_id FROM old_surveys'))}
      END IF;
      RETURN NULL;
    END $$`).execute(db);
  await sql`
    CREATE FUNCTION meeting_tallies_clear() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_TABLE_NAME = 'meetings' THEN
        DELETE FROM meeting_span_tallies;
        DELETE FROM meeting_cell_tallies;
        DELETE FROM meeting_site_tallies;
        DELETE FROM meeting_created_days;
      ELSIF TG_TABLE_NAME = 'meeting_facilitators' THEN
        DELETE FROM meeting_facilitator_tallies;
      ELSIF TG_TABLE_NAME = 'meeting_surveys' THEN
        DELETE FROM meeting_first_due;
      ELSE
        DELETE FROM meeting_due_days;
      END IF;
      RETURN NULL;
    END $$`.execute(db);

  // Trigger name, table, keeping function and the names of its transition tables.
  const keptBy = [
    ['meeting_tallies', 'meetings', 'meeting_tallies_keep', 'meetings'],
    ['meeting_facilitator_tallies', 'meeting_facilitators', 'meeting_facilitator_tallies_keep', 'rows'],
    ['meeting_first_due', 'meeting_surveys', 'meeting_first_due_keep', 'surveys'],
    ['meeting_due_days', 'meeting_first_due', 'meeting_due_days_keep', 'rows'],
  ] as const;
  for (const [name, table, fn, rows] of keptBy) {
    await sql.raw(`CREATE TRIGGER ${name}_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_${rows} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`).execute(db);
    await sql.raw(`CREATE TRIGGER ${name}_update AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_${rows} NEW TABLE AS new_${rows} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`).execute(db);
    await sql.raw(`CREATE TRIGGER ${name}_delete AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_${rows} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`).execute(db);
    await sql.raw(`CREATE TRIGGER ${name}_truncate AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION meeting_tallies_clear()`).execute(db);
  }

  // The first fill, from the rows there are (meeting_due_days from meeting_first_due by its trigger).
  for (const statement of [...upsertMeetings('meetings', ''), ...upsertFacilitators('meeting_facilitators', '')]) await sql.raw(statement).execute(db);
  await sql`
    INSERT INTO meeting_first_due (meeting_id, first_due_on)
    SELECT meeting_id, min(held_on) FROM meeting_surveys WHERE status = 'due' GROUP BY meeting_id`.execute(db);

  // The meetings of the spans the rule refused, found span by span (they are subtracted from the tallies).
  await sql`CREATE INDEX meetings_span_idx ON meetings (status, starts_on, coalesce(ends_on, 'infinity'::date))`.execute(db);
  // The meetings that may be out of the workspace's view on some day (closed, or with a last day):
  // a running meeting with no last day always counts (decision 173).
  await sql`CREATE INDEX meetings_may_end_idx ON meetings (id) WHERE status <> 'running' OR ends_on IS NOT NULL`.execute(db);

  // Shared answers read these tables: every write is recorded (decision 171).
  for (const table of TALLIES) {
    await sql`CREATE TRIGGER record_data_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${sql.table(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION record_data_change()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['insert', 'update', 'delete', 'truncate']) {
    await sql`DROP TRIGGER ${sql.raw(`meeting_tallies_${t}`)} ON meetings`.execute(db);
    await sql`DROP TRIGGER ${sql.raw(`meeting_facilitator_tallies_${t}`)} ON meeting_facilitators`.execute(db);
    await sql`DROP TRIGGER ${sql.raw(`meeting_first_due_${t}`)} ON meeting_surveys`.execute(db);
  }
  await sql`DROP TABLE meeting_due_days, meeting_first_due, meeting_created_days`.execute(db);
  await sql`DROP FUNCTION meeting_due_days_keep()`.execute(db);
  await sql`DROP FUNCTION meeting_first_due_keep()`.execute(db);
  await sql`DROP INDEX meetings_may_end_idx`.execute(db);
  await sql`DROP FUNCTION meeting_tallies_clear()`.execute(db);
  await sql`DROP FUNCTION meeting_facilitator_tallies_keep()`.execute(db);
  await sql`DROP FUNCTION meeting_tallies_keep()`.execute(db);
  await sql`DROP INDEX meetings_span_idx`.execute(db);
  for (const table of ['meeting_span_tallies', 'meeting_cell_tallies', 'meeting_site_tallies', 'meeting_facilitator_tallies']) await db.schema.dropTable(table).execute();
}
