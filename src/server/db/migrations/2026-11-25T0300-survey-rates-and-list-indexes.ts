import { type Kysely, sql } from 'kysely';

/**
 * Survey completion rates a page at a time, and the lists still slow at the ten-times network
 * (docs/decisions/163-survey-rates-paged-and-lists-at-scale.md).
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Completion by meeting: meetings by name, with the columns the period and the scope test, so a
  // page is read from the index alone, however far in.
  await sql`CREATE INDEX meetings_rates_idx ON meetings (name, id) INCLUDE (status, starts_on, ends_on, region_code, programme_code, organisation_id)`.execute(db);
  // Its count, in two disjoint parts each read from a small index: the running meetings with no end
  // date by their start (few distinct dates, so the index is compact), and those with an end date.
  await sql`CREATE INDEX meetings_running_since_idx ON meetings (starts_on) WHERE ends_on IS NULL AND status = 'running'`.execute(db);
  await sql`CREATE INDEX meetings_ended_idx ON meetings (ends_on, starts_on) WHERE ends_on IS NOT NULL`.execute(db);
  // Completion by facilitator: facilitators by name.
  await db.schema.createIndex('facilitators_name_idx').on('facilitators').columns(['name', 'id']).execute();
  // Community peer-led meetings (contribution totals, a Coordinator's community meetings): by name, small.
  await sql`CREATE INDEX meetings_community_idx ON meetings (name, id) INCLUDE (venue_name, region_code, programme_code, status) WHERE provider = 'uksr'`.execute(db);

  // Which facilitator has been asked about which meeting, from the first date to the last: the
  // completion-by-facilitator list finds its people here rather than in every survey. Kept by
  // triggers, so every way a survey is made (the survey run, imports, the scale data) keeps it.
  await db.schema
    .createTable('survey_askings')
    .addColumn('facilitator_id', 'uuid', (c) => c.notNull().references('facilitators.id').onDelete('cascade'))
    .addColumn('meeting_id', 'uuid', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('first_held_on', 'date', (c) => c.notNull())
    .addColumn('last_held_on', 'date', (c) => c.notNull())
    .addPrimaryKeyConstraint('survey_askings_pkey', ['facilitator_id', 'meeting_id'])
    .execute();
  await db.schema.createIndex('survey_askings_meeting_idx').on('survey_askings').columns(['meeting_id']).execute();
  // The same per facilitator, over every meeting: Central Office's count reads 20,000 rows, not 100,000.
  await db.schema
    .createTable('survey_asked_facilitators')
    .addColumn('facilitator_id', 'uuid', (c) => c.primaryKey().references('facilitators.id').onDelete('cascade'))
    .addColumn('first_held_on', 'date', (c) => c.notNull())
    .addColumn('last_held_on', 'date', (c) => c.notNull())
    .execute();
  // Statement triggers with the rows changed as a table: the survey run and the scale data insert
  // surveys a thousand or a million at a time, and each statement does two grouped upserts, in key
  // order, so two runs at once take the row locks in the same order.
  await sql`
    CREATE FUNCTION survey_askings_keep() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO survey_askings (facilitator_id, meeting_id, first_held_on, last_held_on)
      SELECT asked_facilitator_id, meeting_id, min(held_on), max(held_on) FROM changed_surveys
      WHERE asked_facilitator_id IS NOT NULL
      GROUP BY asked_facilitator_id, meeting_id ORDER BY asked_facilitator_id, meeting_id
      ON CONFLICT (facilitator_id, meeting_id) DO UPDATE
        SET first_held_on = least(survey_askings.first_held_on, EXCLUDED.first_held_on),
            last_held_on = greatest(survey_askings.last_held_on, EXCLUDED.last_held_on)
        WHERE EXCLUDED.first_held_on < survey_askings.first_held_on OR EXCLUDED.last_held_on > survey_askings.last_held_on;
      INSERT INTO survey_asked_facilitators (facilitator_id, first_held_on, last_held_on)
      SELECT asked_facilitator_id, min(held_on), max(held_on) FROM changed_surveys
      WHERE asked_facilitator_id IS NOT NULL
      GROUP BY asked_facilitator_id ORDER BY asked_facilitator_id
      ON CONFLICT (facilitator_id) DO UPDATE
        SET first_held_on = least(survey_asked_facilitators.first_held_on, EXCLUDED.first_held_on),
            last_held_on = greatest(survey_asked_facilitators.last_held_on, EXCLUDED.last_held_on)
        WHERE EXCLUDED.first_held_on < survey_asked_facilitators.first_held_on OR EXCLUDED.last_held_on > survey_asked_facilitators.last_held_on;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER meeting_surveys_askings_on_insert AFTER INSERT ON meeting_surveys
    REFERENCING NEW TABLE AS changed_surveys FOR EACH STATEMENT EXECUTE FUNCTION survey_askings_keep()`.execute(db);
  await sql`
    CREATE TRIGGER meeting_surveys_askings_on_update AFTER UPDATE ON meeting_surveys
    REFERENCING NEW TABLE AS changed_surveys FOR EACH STATEMENT EXECUTE FUNCTION survey_askings_keep()`.execute(db);
  await sql`
    INSERT INTO survey_askings (facilitator_id, meeting_id, first_held_on, last_held_on)
    SELECT asked_facilitator_id, meeting_id, min(held_on), max(held_on)
    FROM meeting_surveys WHERE asked_facilitator_id IS NOT NULL
    GROUP BY asked_facilitator_id, meeting_id`.execute(db);
  await sql`
    INSERT INTO survey_asked_facilitators (facilitator_id, first_held_on, last_held_on)
    SELECT facilitator_id, min(first_held_on), max(last_held_on) FROM survey_askings GROUP BY facilitator_id`.execute(db);
  await sql`ANALYZE survey_askings`.execute(db);
  await sql`ANALYZE survey_asked_facilitators`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER meeting_surveys_askings_on_update ON meeting_surveys`.execute(db);
  await sql`DROP TRIGGER meeting_surveys_askings_on_insert ON meeting_surveys`.execute(db);
  await sql`DROP FUNCTION survey_askings_keep()`.execute(db);
  await db.schema.dropTable('survey_asked_facilitators').execute();
  await db.schema.dropTable('survey_askings').execute();
  await db.schema.dropIndex('meetings_community_idx').execute();
  await db.schema.dropIndex('facilitators_name_idx').execute();
  await db.schema.dropIndex('meetings_ended_idx').execute();
  await db.schema.dropIndex('meetings_running_since_idx').execute();
  await db.schema.dropIndex('meetings_rates_idx').execute();
}
