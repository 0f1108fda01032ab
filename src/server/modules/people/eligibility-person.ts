import type { Person } from '../../../domain/eligibility/may-facilitate.js';
import type { SafeguardingPolicy } from '../../../domain/eligibility/safeguarding.js';
import type { DB } from '../../db/database.js';
import * as repo from './people.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The accepted Code of Conduct version the rules compare with the current one. */
function acceptedVersion(accepted: { version: string }[], current: string) {
  return accepted.find((a) => a.version === current) ?? accepted[0] ?? null;
}

/**
 * What the eligibility rule (src/domain mayFacilitate) needs to know about facilitators, read from
 * the database in a few queries whatever their number: qualifications, suitable checks, the Code of
 * Conduct version accepted, the organisations they facilitate for and their UKSR volunteer status.
 * The meeting registry asks the same question through these (docs/decisions/073).
 */
export async function eligibilityPeople(db: DB, facilitatorIds: readonly string[]): Promise<Map<string, Person>> {
  const ids = [...new Set(facilitatorIds)].filter((id) => UUID.test(id));
  const people = new Map<string, Person>();
  if (ids.length === 0) return people;
  const [facts, code] = await Promise.all([repo.eligibilityFacts(db, ids), repo.currentCodeOfConduct(db)]);
  // Grouped by person once, so asking about every facilitator (the daily listing check) stays linear.
  const byPerson = <T extends { facilitator_id: string }>(rows: readonly T[]) => {
    const map = new Map<string, T[]>();
    for (const row of rows) map.set(row.facilitator_id, [...(map.get(row.facilitator_id) ?? []), row]);
    return (id: string) => map.get(id) ?? [];
  };
  const acceptedOf = byPerson(facts.accepted);
  const qualsOf = byPerson(facts.quals);
  const checksOf = byPerson(facts.checks);
  const orgsOf = byPerson(facts.orgs);
  for (const f of facts.facilitators) {
    const accepted = acceptedOf(f.id);
    people.set(f.id, {
      id: f.id,
      qualifications: qualsOf(f.id).map((q) => ({ code: q.code, achievedOn: q.achieved_on })),
      // A check judged not suitable is no check at all.
      safeguardingChecks: checksOf(f.id).filter((c) => c.decision === 'suitable').map((c) => ({ kind: c.kind, issuedOn: c.issued_on })),
      codeOfConductVersionAccepted: acceptedVersion(accepted, code.version)?.version ?? null,
      isVeteran: f.is_veteran,
      facilitatesFor: orgsOf(f.id).map((o) => ({ organisationId: o.organisation_id, capacity: o.capacity })),
      uksrVolunteer: f.uksr_volunteer_status ? { status: f.uksr_volunteer_status } : null,
    });
  }
  return people;
}

/** One facilitator as the eligibility rule sees them, or undefined for no such facilitator. */
export async function eligibilityPerson(db: DB, facilitatorId: string): Promise<Person | undefined> {
  return (await eligibilityPeople(db, [facilitatorId])).get(facilitatorId);
}

/** The Code of Conduct version in force and the recheck policy: the rest of what eligibility needs. */
export async function eligibilitySettings(db: DB): Promise<{ codeOfConductCurrentVersion: string; safeguardingPolicy: SafeguardingPolicy }> {
  const [code, policy] = await Promise.all([repo.currentCodeOfConduct(db), repo.currentPolicy(db)]);
  const safeguardingPolicy: SafeguardingPolicy = { recheckAfterYears: { dbs: policy.dbs_years, pvg: policy.pvg_years, accessni: policy.accessni_years } };
  return { codeOfConductCurrentVersion: code.version, safeguardingPolicy };
}

