import { sql } from 'kysely';
import type { DB } from '../../db/database.js';
import type { OrganisationScope } from '../../auth/access.js';
import { deleteSessionsOfUser } from '../../auth/session.repository.js';
import type { NewSafeguardingCheck } from '../../../shared/schemas/people.js';

const day = (column: string) => sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;
const NO_ORGANISATION = '00000000-0000-0000-0000-000000000000';

export function findFacilitator(db: DB, id: string) {
  return db
    .selectFrom('facilitators')
    .select(['id', 'name', 'email', 'phone', 'user_id', 'is_veteran', 'in_training', 'uksr_volunteer_status', 'version'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function findFacilitatorByUser(db: DB, userId: string) {
  return db.selectFrom('facilitators').select(['id']).where('user_id', '=', userId).executeTakeFirst();
}

export function findFacilitatorByEmail(db: DB, email: string) {
  return db.selectFrom('facilitators').select(['id']).where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase())).executeTakeFirst();
}

/** The organisations a facilitator facilitates for, with the region and sector access decisions need. */
export function facilitatorOrganisations(db: DB, facilitatorId: string) {
  return db
    .selectFrom('facilitator_organisations as fo')
    .innerJoin('organisations as o', 'o.id', 'fo.organisation_id')
    .select(['o.id', 'o.name', 'o.region_code', 'o.sector_code', 'fo.capacity'])
    .where('fo.facilitator_id', '=', facilitatorId)
    .orderBy('o.name')
    .execute();
}

export function qualifications(db: DB, facilitatorId: string) {
  return db
    .selectFrom('facilitator_qualifications')
    .select(['code', day('achieved_on').as('achieved_on')])
    .where('facilitator_id', '=', facilitatorId)
    .orderBy('achieved_on')
    .execute();
}

export function checks(db: DB, facilitatorId: string) {
  return db
    .selectFrom('safeguarding_checks as c')
    .leftJoin('users as u', 'u.id', 'c.verified_by')
    .select([
      'c.id', 'c.kind', 'c.level', 'c.certificate_number', day('c.issued_on').as('issued_on'), 'c.update_service_subscribed',
      day('c.update_service_checked_on').as('update_service_checked_on'), 'u.name as verified_by_name', day('c.verified_on').as('verified_on'), 'c.decision',
    ])
    .where('c.facilitator_id', '=', facilitatorId)
    .orderBy('c.issued_on', 'desc')
    .orderBy('c.created_at', 'desc')
    .execute();
}

export function acceptances(db: DB, facilitatorId: string) {
  return db
    .selectFrom('code_of_conduct_acceptances')
    .select(['version', 'accepted_at'])
    .where('facilitator_id', '=', facilitatorId)
    .orderBy('accepted_at', 'desc')
    .execute();
}

/** The Code of Conduct in force: the latest published version. */
export function currentCodeOfConduct(db: DB) {
  return db
    .selectFrom('code_of_conduct_versions')
    .select(['version', 'body', 'published_at'])
    .orderBy('published_at', 'desc')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
}

/** The recheck policy in force: the latest one Central Office set. */
export function currentPolicy(db: DB) {
  return db
    .selectFrom('safeguarding_policies')
    .select(['id', 'dbs_years', 'pvg_years', 'accessni_years', 'set_at'])
    .orderBy('set_at', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
}

/** Facilitators of the organisations a scope can see (Central Office also sees UKSR volunteers). */
/** The facilitators who share an organisation with this account's own facilitator record (themselves included): ids and names only. */
export async function colleagueFacilitators(db: DB, userId: string, filter: { organisationId?: string; limit: number; offset: number }) {
  const query = db.selectFrom('facilitators as f').where((eb) =>
    eb.exists(
      eb
        .selectFrom('facilitator_organisations as fo')
        .innerJoin('facilitator_organisations as mine', 'mine.organisation_id', 'fo.organisation_id')
        .innerJoin('facilitators as me', 'me.id', 'mine.facilitator_id')
        .select('fo.facilitator_id')
        .whereRef('fo.facilitator_id', '=', 'f.id')
        .where('me.user_id', '=', userId)
        .$if(Boolean(filter.organisationId), (q) => q.where('fo.organisation_id', '=', filter.organisationId!)),
    ),
  );
  const [rows, total] = await Promise.all([
    query.select(['f.id', 'f.name']).orderBy('f.name').orderBy('f.id').limit(filter.limit).offset(filter.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export async function listFacilitators(db: DB, scope: OrganisationScope, filter: { organisationId?: string; limit: number; offset: number }) {
  let query = db.selectFrom('facilitators as f');
  if (scope.kind !== 'all' || filter.organisationId) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('facilitator_organisations as fo')
          .innerJoin('organisations as o', 'o.id', 'fo.organisation_id')
          .select('fo.facilitator_id')
          .whereRef('fo.facilitator_id', '=', 'f.id')
          .$if(Boolean(filter.organisationId), (q) => q.where('fo.organisation_id', '=', filter.organisationId!))
          .$if(scope.kind === 'organisation', (q) => q.where('fo.organisation_id', '=', scope.kind === 'organisation' ? (scope.organisationId ?? NO_ORGANISATION) : NO_ORGANISATION))
          .$if(scope.kind === 'regions', (q) =>
            q.where((w) => {
              const s = scope.kind === 'regions' ? scope : { regions: [], sectors: [] };
              return w.or([
                ...(s.regions.length ? [w('o.region_code', 'in', s.regions)] : []),
                ...(s.sectors.length ? [w('o.sector_code', 'in', s.sectors)] : []),
                w.val(false),
              ]);
            }),
          ),
      ),
    );
  }
  const [rows, total] = await Promise.all([
    query.select(['f.id', 'f.name', 'f.email']).orderBy('f.name').orderBy('f.id').limit(filter.limit).offset(filter.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export async function insertFacilitator(
  trx: DB,
  f: { name: string; email: string; phone: string | null; isVeteran: boolean; inTraining: boolean; uksrVolunteerStatus: 'onboarding' | 'active' | 'paused' | 'left' | null },
) {
  return trx
    .insertInto('facilitators')
    .values({ name: f.name, email: f.email, phone: f.phone, is_veteran: f.isVeteran, in_training: f.inTraining, uksr_volunteer_status: f.uksrVolunteerStatus })
    .returning(['id', 'name', 'email', 'phone', 'is_veteran', 'in_training', 'uksr_volunteer_status'])
    .executeTakeFirstOrThrow();
}

export async function linkUser(trx: DB, facilitatorId: string, userId: string) {
  await trx.updateTable('facilitators').set({ user_id: userId, updated_at: new Date() }).where('id', '=', facilitatorId).execute();
}

export async function addOrganisation(trx: DB, facilitatorId: string, organisationId: string, capacity: 'staff' | 'volunteer') {
  await trx.insertInto('facilitator_organisations').values({ facilitator_id: facilitatorId, organisation_id: organisationId, capacity }).execute();
}

/** Records (or corrects) a qualification; the training capability will write the same rows later. */
export async function upsertQualification(trx: DB, facilitatorId: string, code: 'smart-facilitator' | 'family-and-friends-module' | 'veterans-module', achievedOn: string, recordedBy: string | null) {
  await trx
    .insertInto('facilitator_qualifications')
    .values({ facilitator_id: facilitatorId, code, achieved_on: achievedOn, recorded_by: recordedBy })
    .onConflict((oc) => oc.columns(['facilitator_id', 'code']).doUpdateSet({ achieved_on: achievedOn, recorded_by: recordedBy }))
    .execute();
}

export function insertCheck(trx: DB, facilitatorId: string, check: NewSafeguardingCheck, verifiedBy: string | null) {
  return trx
    .insertInto('safeguarding_checks')
    .values({
      facilitator_id: facilitatorId,
      kind: check.kind,
      level: check.level,
      certificate_number: check.certificateNumber,
      issued_on: check.issuedOn,
      update_service_subscribed: check.updateServiceSubscribed,
      update_service_checked_on: check.updateServiceCheckedOn,
      verified_by: verifiedBy,
      verified_on: check.verifiedOn,
      decision: check.decision,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Serialises changes to the recheck policy (an advisory lock held to the end of the transaction). */
export async function lockPolicy(trx: DB) {
  await sql`SELECT pg_advisory_xact_lock(hashtext('safeguarding_policies'))`.execute(trx);
}

export async function insertPolicy(trx: DB, years: { dbs: number; pvg: number; accessni: number }, setBy: string | null) {
  await trx.insertInto('safeguarding_policies').values({ dbs_years: years.dbs, pvg_years: years.pvg, accessni_years: years.accessni, set_by: setBy }).execute();
}

export async function insertCodeOfConduct(trx: DB, version: string, body: string, by: string | null) {
  const inserted = await trx
    .insertInto('code_of_conduct_versions')
    .values({ version, body, published_by: by })
    .onConflict((oc) => oc.column('version').doNothing())
    .returning('version')
    .executeTakeFirst();
  return Boolean(inserted);
}

export async function insertAcceptance(trx: DB, facilitatorId: string, version: string) {
  const inserted = await trx
    .insertInto('code_of_conduct_acceptances')
    .values({ facilitator_id: facilitatorId, version })
    .onConflict((oc) => oc.columns(['facilitator_id', 'version']).doNothing())
    .returning('accepted_at')
    .executeTakeFirst();
  return Boolean(inserted);
}

/** Summary columns for a page of facilitators: qualified, latest suitable check issue dates, Code of Conduct version accepted. */
export async function listFacts(db: DB, ids: string[]) {
  if (ids.length === 0) return { orgs: [], quals: [], checks: [], accepted: [] };
  const [orgs, quals, checkRows, accepted] = await Promise.all([
    db.selectFrom('facilitator_organisations as fo').innerJoin('organisations as o', 'o.id', 'fo.organisation_id').select(['fo.facilitator_id', 'o.name']).where('fo.facilitator_id', 'in', ids).execute(),
    db.selectFrom('facilitator_qualifications').select(['facilitator_id', 'code', day('achieved_on').as('achieved_on')]).where('facilitator_id', 'in', ids).execute(),
    db.selectFrom('safeguarding_checks').select(['facilitator_id', 'kind', day('issued_on').as('issued_on'), 'decision']).where('facilitator_id', 'in', ids).execute(),
    db.selectFrom('code_of_conduct_acceptances').select(['facilitator_id', 'version']).where('facilitator_id', 'in', ids).execute(),
  ]);
  return { orgs, quals, checks: checkRows, accepted };
}

/** Everything the eligibility rule needs about some facilitators, in five queries whatever their number. */
export async function eligibilityFacts(db: DB, ids: string[]) {
  // One array parameter rather than a list of thousands: the daily listing check asks about every facilitator of a batch of meetings.
  const any = (column: string) => sql<boolean>`${sql.ref(column)} = ANY(${ids}::uuid[])`;
  const [facilitators, orgs, quals, checkRows, accepted] = await Promise.all([
    db.selectFrom('facilitators').select(['id', 'is_veteran', 'uksr_volunteer_status']).where(any('id')).execute(),
    db.selectFrom('facilitator_organisations').select(['facilitator_id', 'organisation_id', 'capacity']).where(any('facilitator_id')).execute(),
    db.selectFrom('facilitator_qualifications').select(['facilitator_id', 'code', day('achieved_on').as('achieved_on')]).where(any('facilitator_id')).execute(),
    db.selectFrom('safeguarding_checks').select(['facilitator_id', 'kind', day('issued_on').as('issued_on'), 'decision']).where(any('facilitator_id')).execute(),
    db.selectFrom('code_of_conduct_acceptances').select(['facilitator_id', 'version', 'accepted_at']).where(any('facilitator_id')).orderBy('accepted_at', 'desc').execute(),
  ]);
  return { facilitators, orgs, quals, checks: checkRows, accepted };
}

/** Active accounts of an organisation's SMART Leads, with their facilitator record if any. */
export function smartLeadsOf(db: DB, organisationId: string) {
  return db
    .selectFrom('users as u')
    .leftJoin('facilitators as f', 'f.user_id', 'u.id')
    .select(['u.id as user_id', 'u.name', 'u.email', 'f.id as facilitator_id', 'f.in_training'])
    .where('u.organisation_id', '=', organisationId)
    .where('u.role', '=', 'smart_lead')
    .where('u.status', '<>', 'suspended')
    .orderBy('u.created_at')
    .execute();
}

/**
 * Every organisation with its first SMART Lead, whether that lead holds the SMART Facilitator
 * qualification, whether their record says they are in training, and what the Start-Up Form said.
 */
export function smartLeadStanding(db: DB, organisationIds?: string[]) {
  return db
    .selectFrom('organisations as o')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('users as u')
          .leftJoin('facilitators as f', 'f.user_id', 'u.id')
          .select([
            'u.id as lead_user_id', 'u.name as lead_name', 'u.email as lead_email', 'f.in_training',
            (q) => q.exists(q.selectFrom('facilitator_qualifications as q').select('q.code').whereRef('q.facilitator_id', '=', 'f.id').where('q.code', '=', 'smart-facilitator')).as('qualified'),
          ])
          .whereRef('u.organisation_id', '=', 'o.id')
          .where('u.role', '=', 'smart_lead')
          .where('u.status', '<>', 'suspended')
          .orderBy('u.created_at')
          .limit(1)
          .as('lead'),
      (join) => join.onTrue(),
    )
    .select(['o.id', 'o.name', 'o.smart_lead_nominee_email', 'o.smart_lead_nominee_facilitator', 'lead.lead_user_id', 'lead.lead_name', 'lead.lead_email', 'lead.in_training', 'lead.qualified'])
    .$if(organisationIds !== undefined, (q) => q.where('o.id', 'in', organisationIds!.length ? organisationIds! : [NO_ORGANISATION]))
    .orderBy('o.name')
    .execute();
}

export async function setRole(trx: DB, userId: string, role: 'smart_lead' | 'facilitator') {
  await trx.updateTable('users').set({ role }).where('id', '=', userId).execute();
}

/** The latest suitable check of each kind per facilitator, with contacts, for the reminder run. */
export function latestSuitableChecks(db: DB) {
  return db
    .selectFrom('safeguarding_checks as c')
    .innerJoin('facilitators as f', 'f.id', 'c.facilitator_id')
    .select(['c.id', 'c.facilitator_id', 'c.kind', day('c.issued_on').as('issued_on'), 'f.name', 'f.email'])
    .where('c.decision', '=', 'suitable')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('safeguarding_checks as n')
            .select('n.id')
            .whereRef('n.facilitator_id', '=', 'c.facilitator_id')
            .whereRef('n.kind', '=', 'c.kind')
            .where('n.decision', '=', 'suitable')
            .where((eb) => eb.or([eb('n.issued_on', '>', eb.ref('c.issued_on')), eb.and([eb('n.issued_on', '=', eb.ref('c.issued_on')), eb('n.created_at', '>', eb.ref('c.created_at'))])])),
        ),
      ),
    )
    .execute();
}

export async function sentSafeguardingReminders(db: DB, checkIds: string[]) {
  const sent = new Map<string, number[]>();
  if (checkIds.length === 0) return sent;
  const rows = await db.selectFrom('safeguarding_reminders').select(['check_id', day('recheck_due_on').as('recheck_due_on'), 'days_before']).where('check_id', 'in', checkIds).execute();
  for (const r of rows) sent.set(`${r.check_id}:${r.recheck_due_on}`, [...(sent.get(`${r.check_id}:${r.recheck_due_on}`) ?? []), r.days_before]);
  return sent;
}

/** Logs reminders; a reminder already logged (another run got there first) is not returned. */
export async function logSafeguardingReminders(trx: DB, reminders: { checkId: string; dueOn: string; daysBefore: number }[]) {
  if (reminders.length === 0) return [];
  return trx
    .insertInto('safeguarding_reminders')
    .values(reminders.map((r) => ({ check_id: r.checkId, recheck_due_on: r.dueOn, days_before: r.daysBefore })))
    .onConflict((oc) => oc.columns(['check_id', 'recheck_due_on', 'days_before']).doNothing())
    .returning(['check_id', 'days_before'])
    .execute();
}

/** The SMART Leads' email addresses for each facilitator's organisations. */
export async function leadEmailsFor(db: DB, facilitatorIds: string[]) {
  const map = new Map<string, string[]>();
  if (facilitatorIds.length === 0) return map;
  const rows = await db
    .selectFrom('facilitator_organisations as fo')
    .innerJoin('users as u', 'u.organisation_id', 'fo.organisation_id')
    .select(['fo.facilitator_id', 'u.email'])
    .where('fo.facilitator_id', 'in', facilitatorIds)
    .where('u.role', '=', 'smart_lead')
    .where('u.status', '=', 'active')
    .execute();
  for (const r of rows) map.set(r.facilitator_id, [...(map.get(r.facilitator_id) ?? []), r.email]);
  return map;
}

export function findSite(db: DB, siteId: string) {
  return db.selectFrom('sites').select(['id', 'organisation_id', 'nation_code']).where('id', '=', siteId).executeTakeFirst();
}

/**
 * The nations where a facilitator works: those of the sites they are linked to, or, with no site
 * linked yet, those of every site of the organisations they work for (docs/decisions/043).
 */
export async function nationsWorkedIn(db: DB, facilitatorId: string): Promise<string[]> {
  const linked = await facilitatorSites(db, facilitatorId);
  if (linked.length > 0) return [...new Set(linked.map((s) => s.nation_code))];
  const rows = await db
    .selectFrom('facilitator_organisations as fo')
    .innerJoin('sites as s', 's.organisation_id', 'fo.organisation_id')
    .select('s.nation_code')
    .distinct()
    .where('fo.facilitator_id', '=', facilitatorId)
    .execute();
  return rows.map((r) => r.nation_code);
}

/** The sites a facilitator is linked to, with their organisation and nation. */
export function facilitatorSites(db: DB, facilitatorId: string) {
  return db
    .selectFrom('facilitator_sites as fs')
    .innerJoin('sites as s', 's.id', 'fs.site_id')
    .select(['s.id', 's.name', 's.organisation_id', 's.nation_code'])
    .where('fs.facilitator_id', '=', facilitatorId)
    .orderBy('s.name')
    .orderBy('s.id')
    .execute();
}

/** The sites of some organisations, to check that the sites asked for belong to them. */
export function sitesOf(db: DB, organisationIds: string[]) {
  if (organisationIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('sites').select(['id', 'name', 'organisation_id', 'nation_code']).where('organisation_id', 'in', organisationIds).execute();
}

/** Marks the record changed (its sites), which raises its version through the trigger (decision 101). */
export async function touchFacilitator(trx: DB, id: string, now: Date) {
  await trx.updateTable('facilitators').set({ updated_at: now }).where('id', '=', id).execute();
}

/** Locks the facilitator's row, so two changes to the same record are made one after the other. */
export function lockFacilitator(trx: DB, id: string) {
  return trx
    .selectFrom('facilitators')
    .select(['id', 'name', 'email', 'phone', 'user_id', 'is_veteran', 'in_training', 'uksr_volunteer_status', 'version'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export function updateFacilitator(trx: DB, id: string, values: { name?: string; email?: string; phone?: string | null; is_veteran?: boolean; in_training?: boolean }, now: Date) {
  return trx
    .updateTable('facilitators')
    .set({ ...values, updated_at: now })
    .where('id', '=', id)
    .returning(['id', 'name', 'email', 'phone', 'user_id', 'is_veteran', 'in_training', 'uksr_volunteer_status'])
    .executeTakeFirstOrThrow();
}

/** Replaces the facilitator's site links within some organisations; links to other organisations' sites stay. */
export async function replaceSites(trx: DB, facilitatorId: string, organisationIds: string[], siteIds: string[], addedBy: string | null) {
  if (organisationIds.length > 0) {
    await trx
      .deleteFrom('facilitator_sites')
      .where('facilitator_id', '=', facilitatorId)
      .where('site_id', 'in', (eb) => eb.selectFrom('sites').select('id').where('organisation_id', 'in', organisationIds))
      .execute();
  }
  if (siteIds.length > 0) {
    await trx
      .insertInto('facilitator_sites')
      .values(siteIds.map((siteId) => ({ facilitator_id: facilitatorId, site_id: siteId, added_by: addedBy })))
      .onConflict((oc) => oc.columns(['facilitator_id', 'site_id']).doNothing())
      .execute();
  }
}

/** Ends a facilitator's link to an organisation and to that organisation's sites. */
export async function removeOrganisation(trx: DB, facilitatorId: string, organisationId: string) {
  await trx
    .deleteFrom('facilitator_sites')
    .where('facilitator_id', '=', facilitatorId)
    .where('site_id', 'in', (eb) => eb.selectFrom('sites').select('id').where('organisation_id', '=', organisationId))
    .execute();
  await trx.deleteFrom('facilitator_organisations').where('facilitator_id', '=', facilitatorId).where('organisation_id', '=', organisationId).execute();
}

export function findUser(db: DB, id: string) {
  return db.selectFrom('users').select(['id', 'email', 'role', 'status', 'organisation_id']).where('id', '=', id).executeTakeFirst();
}

export async function moveUser(trx: DB, userId: string, organisationId: string) {
  await trx.updateTable('users').set({ organisation_id: organisationId }).where('id', '=', userId).execute();
}

export function emailInUse(db: DB, email: string, exceptFacilitator: string, exceptUser: string | null) {
  return Promise.all([
    db.selectFrom('facilitators').select('id').where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase())).where('id', '<>', exceptFacilitator).executeTakeFirst(),
    db
      .selectFrom('users')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
      .$if(exceptUser !== null, (q) => q.where('id', '<>', exceptUser!))
      .executeTakeFirst(),
  ]).then(([f, u]) => Boolean(f ?? u));
}

export async function setUserEmail(trx: DB, userId: string, email: string) {
  await trx.updateTable('users').set({ email }).where('id', '=', userId).execute();
}

/**
 * Suspends an account, ends its sessions and spends its unused invitation and reset links: the
 * person no longer works for the organisation it belongs to (as account suspension does, decision 062).
 */
export async function suspendUser(trx: DB, userId: string, now: Date) {
  await trx.updateTable('users').set({ status: 'suspended' }).where('id', '=', userId).execute();
  await deleteSessionsOfUser(trx, userId);
  await trx.updateTable('one_time_tokens').set({ used_at: now }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
}
