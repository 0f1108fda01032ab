import { type Kysely, sql } from 'kysely';

/**
 * The network report and map counted in SQL at the ten-times network
 * (docs/decisions/161-network-report-and-map-counted-in-sql.md).
 */
export async function up(db: Kysely<any>): Promise<void> {
  // A region's survey counts: its meetings' surveys in the period read from the index alone.
  await sql`CREATE INDEX IF NOT EXISTS meeting_surveys_meeting_status_idx ON meeting_surveys (meeting_id, held_on) INCLUDE (status)`.execute(db);

  // The whole network's survey counts: surveys by the day they were for and their status, kept by
  // statement triggers (one upsert a day and status per statement, whichever way surveys are made:
  // the survey run, a facilitator's answer, imports, the scale data), so the dashboard adds up at
  // most a few hundred days rather than reading every survey of the year.
  await db.schema
    .createTable('meeting_survey_days')
    .addColumn('held_on', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('surveys', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('meeting_survey_days_pkey', ['held_on', 'status'])
    .execute();
  await sql`
    CREATE FUNCTION meeting_survey_days_keep() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO meeting_survey_days (held_on, status, surveys)
        SELECT held_on, status, -count(*) FROM old_surveys GROUP BY held_on, status ORDER BY held_on, status
        ON CONFLICT (held_on, status) DO UPDATE SET surveys = meeting_survey_days.surveys + EXCLUDED.surveys;
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO meeting_survey_days (held_on, status, surveys)
        SELECT held_on, status, count(*) FROM new_surveys GROUP BY held_on, status ORDER BY held_on, status
        ON CONFLICT (held_on, status) DO UPDATE SET surveys = meeting_survey_days.surveys + EXCLUDED.surveys;
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER meeting_survey_days_insert AFTER INSERT ON meeting_surveys REFERENCING NEW TABLE AS new_surveys
    FOR EACH STATEMENT EXECUTE FUNCTION meeting_survey_days_keep()`.execute(db);
  await sql`CREATE TRIGGER meeting_survey_days_update AFTER UPDATE ON meeting_surveys REFERENCING OLD TABLE AS old_surveys NEW TABLE AS new_surveys
    FOR EACH STATEMENT EXECUTE FUNCTION meeting_survey_days_keep()`.execute(db);
  await sql`CREATE TRIGGER meeting_survey_days_delete AFTER DELETE ON meeting_surveys REFERENCING OLD TABLE AS old_surveys
    FOR EACH STATEMENT EXECUTE FUNCTION meeting_survey_days_keep()`.execute(db);
  await sql`
    CREATE FUNCTION meeting_survey_days_clear() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM meeting_survey_days;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER meeting_survey_days_truncate AFTER TRUNCATE ON meeting_surveys FOR EACH STATEMENT EXECUTE FUNCTION meeting_survey_days_clear()`.execute(db);
  await sql`
    INSERT INTO meeting_survey_days (held_on, status, surveys)
    SELECT held_on, status, count(*) FROM meeting_surveys GROUP BY held_on, status`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['insert', 'update', 'delete', 'truncate']) await sql`DROP TRIGGER ${sql.raw(`meeting_survey_days_${t}`)} ON meeting_surveys`.execute(db);
  await sql`DROP FUNCTION meeting_survey_days_clear()`.execute(db);
  await sql`DROP FUNCTION meeting_survey_days_keep()`.execute(db);
  await db.schema.dropTable('meeting_survey_days').execute();
  await db.schema.dropIndex('meeting_surveys_meeting_status_idx').execute();
}
