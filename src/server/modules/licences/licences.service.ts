import type { FeeSchedule } from '../../../domain/fees/fee-schedule.js';
import { licenceNumber } from '../../../domain/licensing/licence-number.js';
import { licencePeriod, renewedPeriod } from '../../../domain/licensing/licence-period.js';
import type { LicenceTypeCode } from '../../../domain/reference.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import type { DB } from '../../db/database.js';
import { nextNumber } from '../../db/sequences.js';
import * as repo from './licences.repository.js';
import { openTrainingYear } from '../training/training.service.js';
import { closeTasks } from '../tasks/tasks.repository.js';
import type { AgreementContent, LicensedSite } from './licence-documents.js';
import { refreshListings } from '../meetings/listing.service.js';

export interface LicenceLine {
  kind: 'licence' | 'renewal' | string;
  site_id: string | null;
  licence_type: string | null;
}

/**
 * Issues the licences an invoice pays for, in the payment's transaction (Section 6 step 3): one per
 * site per licence type, for one year from the day it was paid in full. A licence the site already
 * holds (a renewal, or a lapsed licence bought again) is extended to its next year instead.
 */
export async function issueLicencesForInvoice(
  trx: DB,
  actor: Actor,
  invoice: { id: string; organisation_id: string; lines: LicenceLine[] },
  paidOn: string,
  schedule: FeeSchedule | undefined,
): Promise<{ id: string; number: string; renewed: boolean }[]> {
  const issued: { id: string; number: string; renewed: boolean }[] = [];
  for (const line of invoice.lines) {
    if ((line.kind !== 'licence' && line.kind !== 'renewal') || !line.site_id || !line.licence_type) continue;
    const type = line.licence_type as LicenceTypeCode;
    const places = schedule?.licences[type]?.includedTrainingPlaces ?? 0;
    const existing = await repo.findLicenceForSite(trx, line.site_id, type);
    if (existing) {
      // A renewal follows on from the current year; a licence that lapsed long ago starts afresh.
      const next = renewedPeriod({ startsOn: existing.starts_on, endsOn: existing.ends_on });
      const period = next.endsOn < paidOn ? licencePeriod(paidOn) : next;
      await repo.extendLicence(trx, existing.id, period, places);
      // Section 9: each renewed year opens its own training-places ledger; nothing carries over.
      await openTrainingYear(trx, { id: existing.id, site_id: line.site_id, organisation_id: invoice.organisation_id, licence_type: type, included_training_places: places }, period);
      // The year is renewed, so a task to price its renewal by hand (decisions 156, 174) has nothing left to do.
      await closeTasks(trx, { subjectType: 'licence_year', subjectId: `${existing.id}:${existing.ends_on}`, kind: 'renewal.price_by_hand' }, actor.userId, new Date());
      await recordAudit(trx, actor, {
        action: 'licence.renewed', entityType: 'licence', entityId: existing.id,
        before: { startsOn: existing.starts_on, endsOn: existing.ends_on, status: existing.status },
        after: { ...period, status: 'active', invoiceId: invoice.id },
      });
      issued.push({ id: existing.id, number: existing.number, renewed: true });
      continue;
    }
    const period = licencePeriod(paidOn);
    const number = licenceNumber({ licenceType: type, year: Number(period.startsOn.slice(0, 4)), sequence: await nextNumber(trx, 'licence') });
    const licence = await repo.insertLicence(trx, {
      number, organisationId: invoice.organisation_id, siteId: line.site_id, licenceType: type,
      startsOn: period.startsOn, endsOn: period.endsOn, includedTrainingPlaces: places, invoiceId: invoice.id,
    });
    await openTrainingYear(trx, { id: licence.id, site_id: line.site_id, organisation_id: invoice.organisation_id, licence_type: type, included_training_places: places }, period);
    await recordAudit(trx, actor, {
      action: 'licence.issued', entityType: 'licence', entityId: licence.id,
      after: { number, siteId: line.site_id, licenceType: type, ...period, includedTrainingPlaces: places, invoiceId: invoice.id },
    });
    issued.push({ id: licence.id, number, renewed: false });
  }
  // Meetings at these sites may now be listed (again): judged on the day of payment, and by the daily refresh after.
  if (issued.length) await refreshListings(trx, { organisationIds: [invoice.organisation_id] }, { today: paidOn, actor });
  return issued;
}

/** What the Partnership Agreement sets out for an organisation: its SMART Lead and each licensed site. */
export async function agreementContent(db: DB, organisationId: string): Promise<AgreementContent & { hasLicences: boolean }> {
  const [organisation, smartLead, licences] = await Promise.all([
    db.selectFrom('organisations').select('name').where('id', '=', organisationId).executeTakeFirstOrThrow(),
    db.selectFrom('users').select(['name', 'email']).where('organisation_id', '=', organisationId).where('role', '=', 'smart_lead').orderBy('created_at').executeTakeFirst(),
    repo.listLicences(db, { organisationId }),
  ]);
  const sites = await db.selectFrom('sites').select(['id', 'name', 'address', 'postcode', 'satellite']).where('organisation_id', '=', organisationId).orderBy('name').execute();
  const licensed: LicensedSite[] = sites
    .map((s) => ({
      name: s.name,
      satellite: s.satellite,
      address: s.address,
      postcode: s.postcode,
      licences: licences
        .filter((l) => l.site_id === s.id)
        .map((l) => ({ number: l.number, licenceType: l.licence_type as LicenceTypeCode, startsOn: l.starts_on, endsOn: l.ends_on, status: l.status })),
    }))
    .filter((s) => s.licences.length > 0);
  return { organisationName: organisation.name, smartLead: smartLead ?? null, sites: licensed, hasLicences: licensed.length > 0 };
}

/** One site's licences, for its certificate. */
export async function siteCertificateContent(db: DB, siteId: string) {
  const site = await db.selectFrom('sites').select(['id', 'organisation_id', 'name', 'address', 'postcode']).where('id', '=', siteId).executeTakeFirst();
  if (!site) return undefined;
  const organisation = await db.selectFrom('organisations').select(['name', 'region_code', 'sector_code', 'id']).where('id', '=', site.organisation_id).executeTakeFirstOrThrow();
  const licences = (await repo.listLicences(db, { organisationId: site.organisation_id })).filter((l) => l.site_id === siteId && l.status !== 'lapsed');
  return {
    organisation,
    site: {
      name: site.name,
      address: site.address,
      postcode: site.postcode,
      licences: licences.map((l) => ({ number: l.number, licenceType: l.licence_type as LicenceTypeCode, startsOn: l.starts_on, endsOn: l.ends_on, status: l.status })),
    } satisfies LicensedSite,
  };
}
