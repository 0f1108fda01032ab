import type { Kysely } from 'kysely';

/** What a new partner told us on its Start-Up Form, kept on the organisation it became. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('organisations')
    .addColumn('start_up_form_id', 'uuid', (c) => c.unique().references('start_up_forms.id'))
    .addColumn('serves_veterans', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('childrens_service_provider', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('finance_contact_name', 'text')
    .addColumn('finance_contact_email', 'text')
    .addColumn('smart_lead_nominee_name', 'text')
    .addColumn('smart_lead_nominee_email', 'text')
    .addColumn('smart_lead_nominee_facilitator', 'text')
    .execute();
  await db.schema.alterTable('sites').addColumn('satellite', 'boolean', (c) => c.notNull().defaultTo(false)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sites').dropColumn('satellite').execute();
  for (const column of [
    'start_up_form_id', 'serves_veterans', 'childrens_service_provider', 'finance_contact_name', 'finance_contact_email',
    'smart_lead_nominee_name', 'smart_lead_nominee_email', 'smart_lead_nominee_facilitator',
  ]) {
    await db.schema.alterTable('organisations').dropColumn(column).execute();
  }
}
