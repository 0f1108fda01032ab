import { createHash, randomUUID } from 'node:crypto';
import { formatLongDate, isWithin, londonDate } from '../../../domain/iso-date.js';
import type { QualificationCode } from '../../../domain/eligibility/may-facilitate.js';
import { licenceTypeName } from '../../../domain/names.js';
import type { LicenceTypeCode } from '../../../domain/reference.js';
import { trainingForPlace } from '../../../domain/training/included-places.js';
import { buyPlaces, ledgerSummary, releasePlace, usePlace } from '../../../domain/training/places-ledger.js';
import type { NominationRequest, NominationResponse, SiteTrainingPlaces } from '../../../shared/schemas/training.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import type { CurrentUser } from '../../auth/current-user.js';
import type { DB } from '../../db/database.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import { queueMail } from '../../mail/outbox.js';
import { scheduleInForce } from '../fees/fee-schedule.service.js';
import { closeTasks, createTask } from '../tasks/tasks.repository.js';
import * as repo from './training.repository.js';

const TRAINING_NAMES: Record<QualificationCode, string> = {
  'smart-facilitator': 'SMART Facilitator training',
  'family-and-friends-module': 'SMART Family & Friends training module',
  'veterans-module': 'SMART Veterans training module',
};

/** "the SMART Facilitator training and then the SMART Veterans training module" */
function trainingInSentence(licenceType: LicenceTypeCode): string {
  const names = trainingForPlace(licenceType).map((q) => TRAINING_NAMES[q]);
  return names.length ? `the ${names.join(' and then the ')}` : 'facilitator training';
}

/**
 * Opens the training-places ledger of a licence year with its included places (Section 10: "per
 * site per year"). Called when a licence is issued or renewed, in the payment's transaction; a
 * ledger already open for that year is left as it is. Unused places stay in last year's ledger:
 * Section 9 gives "a further set" each year, nothing carries over.
 */
export async function openTrainingYear(
  trx: DB,
  licence: { id: string; site_id: string; organisation_id: string; licence_type: string; included_training_places: number },
  year: { startsOn: string; endsOn: string },
): Promise<boolean> {
  const places = licence.included_training_places;
  const note = `Section 10: ${places} training places included with the ${licenceTypeName(licence.licence_type as LicenceTypeCode)} licence this year.`;
  return repo.openLedger(trx, licence, year, places > 0 ? { places, note } : null);
}

/** Whether a person may see a site's places and nominations: its organisation's SMART Lead, its region's Coordinator, Central Office. */
function canSeeSite(user: CurrentUser, site: { organisation_id: string; region_code: string }): boolean {
  switch (user.role) {
    case 'central_office':
      return true;
    case 'coordinator':
      return user.regions.includes(site.region_code);
    case 'smart_lead':
      return user.organisationId === site.organisation_id;
    case 'facilitator':
      return false;
  }
}

/** The site if the person may see it; otherwise "not found", and the attempt is audited. */
async function visibleSite(deps: AppDeps, user: CurrentUser, actor: Actor, siteId: string, action: string) {
  const site = await repo.findSite(deps.db, siteId);
  if (!site || !canSeeSite(user, site)) {
    await recordAudit(deps.db, actor, { action, entityType: 'site', entityId: siteId });
    throw notFound('site');
  }
  return site;
}

/** A site's training places for each licence year: the totals and every movement. */
export async function siteTrainingPlaces(deps: AppDeps, user: CurrentUser, actor: Actor, siteId: string): Promise<SiteTrainingPlaces> {
  const site = await visibleSite(deps, user, actor, siteId, 'training_places.read_refused');
  const { ledgers, movements } = await repo.siteLedgers(deps.db, siteId);
  const today = londonDate(deps.now());
  return {
    site: { id: site.id, name: site.name, organisationId: site.organisation_id, organisationName: site.organisation_name },
    ledgers: ledgers.map((g) => {
      const own = movements.filter((m) => m.ledger_id === g.id);
      return {
        id: g.id,
        licenceId: g.licence_id,
        licenceNumber: g.licence_number,
        licenceType: g.licence_type,
        licenceTypeName: g.licence_type_name,
        yearStartsOn: g.year_starts_on,
        yearEndsOn: g.year_ends_on,
        current: isWithin(today, g.year_starts_on, g.year_ends_on),
        summary: ledgerSummary(own.map((m) => ({ kind: m.kind, places: m.places, at: m.at, ...(m.nomination_id ? { nominationId: m.nomination_id } : {}) }))),
        movements: own.map((m) => ({
          kind: m.kind,
          places: m.places,
          at: m.at,
          note: m.note,
          nominationId: m.nomination_id,
          nomineeName: m.nominee_name,
          invoiceId: m.invoice_id,
          recordedAt: new Date(m.created_at).toISOString(),
        })),
      };
    }),
  };
}

/**
 * The licence of a site a place comes from: the one named, or the site's only licence with places,
 * or its SMART Recovery licence when it holds several (the Facilitator training most nominees need).
 */
async function chooseLicenceType(trx: DB, siteId: string, licenceType: string | undefined): Promise<string> {
  if (licenceType) return licenceType;
  const licences = (await repo.siteLicences(trx, siteId)).filter((l) => l.included_training_places > 0 && l.licence_type !== 'satellite');
  if (licences.length === 1) return licences[0]!.licence_type;
  if (licences.some((l) => l.licence_type === 'smart-recovery')) return 'smart-recovery';
  if (licences.length === 0) {
    throw new AppError('rule_broken', "This site holds no licence with training places. A satellite site's staff train under the main site's licence.", [
      { field: 'siteId', message: 'Choose a site with a SMART licence that includes training places' },
    ]);
  }
  throw new AppError('validation_failed', 'This site holds more than one licence: choose which licence the place comes from.', [{ field: 'licenceType', message: 'Choose a licence' }]);
}

/**
 * The ledger of the licence year in force today, locked with its licence: the licence row's lock
 * serialises every change to the site's places, so two nominations never take the last place twice.
 * A renewal paid early has opened next year's ledger already; today's year is the one used.
 */
async function currentLedger(trx: DB, deps: AppDeps, siteId: string, licenceType: string) {
  const licence = await repo.findLicenceForUpdate(trx, { siteId, licenceType });
  const today = londonDate(deps.now());
  if (!licence) {
    throw new AppError('rule_broken', `This site holds no ${licenceTypeName(licenceType as LicenceTypeCode)} licence.`, [{ field: 'licenceType', message: 'Choose a licence the site holds' }]);
  }
  if (licence.status !== 'lapsed' && isWithin(today, licence.starts_on, licence.ends_on)) {
    // Opened on issue and renewal already; this covers a licence year opened some other way.
    await openTrainingYear(trx, licence, { startsOn: licence.starts_on, endsOn: licence.ends_on });
  }
  const ledger = licence.status === 'lapsed' ? undefined : await repo.lockLedgerOn(trx, licence.id, today);
  if (!ledger) {
    throw new AppError('rule_broken', `Licence ${licence.number} is not in force today, so its training places cannot be used. Renewing it opens the next year's places.`, [
      { field: 'siteId', message: 'Renew the licence first' },
    ]);
  }
  return { licence, ledger, today };
}

function toResponse(row: NonNullable<Awaited<ReturnType<typeof repo.findNomination>>>): NominationResponse {
  const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
  return {
    id: row.id,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    siteId: row.site_id,
    siteName: row.site_name,
    licenceType: row.licence_type,
    licenceTypeName: row.licence_type_name,
    yearStartsOn: row.year_starts_on,
    yearEndsOn: row.year_ends_on,
    nomineeName: row.nominee_name,
    nomineeEmail: row.nominee_email,
    status: row.status,
    routedTo: row.routed_to_user_id
      ? { kind: 'coordinator', name: row.coordinator_name ?? 'Community Coordinator', email: row.routed_to_email }
      : { kind: 'inbox', name: row.inbox_name ?? 'Training enquiries', email: row.routed_to_email },
    nominatedAt: iso(row.created_at)!,
    instructionsSentAt: iso(row.instructions_sent_at),
    releasedAt: iso(row.released_at),
    releaseReason: row.release_reason,
  };
}

const requestHash = (body: NominationRequest) =>
  createHash('sha256').update(JSON.stringify([body.siteId, body.licenceType ?? null, body.nomineeName.trim(), body.nomineeEmail.trim().toLowerCase()])).digest('hex');

/** A retried request with the same Idempotency-Key gets the first answer; the key with another body is refused. */
async function replay(deps: AppDeps, userId: string, key: string, hash: string): Promise<NominationResponse | undefined> {
  const first = await repo.findIdempotentRequest(deps.db, userId, key);
  if (!first) return undefined;
  if (first.request_hash !== hash) {
    throw new AppError('conflict', 'This Idempotency-Key was used for a different nomination.', [{ field: 'Idempotency-Key', message: 'Use a new key for a new nomination' }]);
  }
  return first.response as NominationResponse;
}

/**
 * Nominates a person for a training place at one of the organisation's licensed sites (Section 6,
 * step 4). Uses one place of the licence year, never more than it has, and sends the nomination to
 * the region's Community Coordinator, or to the training team where the post is vacant.
 */
export async function nominate(
  deps: AppDeps,
  user: CurrentUser,
  actor: Actor,
  body: NominationRequest,
  idempotencyKey?: string,
): Promise<{ nomination: NominationResponse; replayed: boolean }> {
  const hash = requestHash(body);
  if (idempotencyKey) {
    const first = await replay(deps, user.id, idempotencyKey, hash);
    if (first) return { nomination: first, replayed: true };
  }
  const site = await repo.findSite(deps.db, body.siteId);
  if (!site || (user.role !== 'central_office' && site.organisation_id !== user.organisationId)) {
    await recordAudit(deps.db, actor, { action: 'nomination.refused_site', entityType: 'site', entityId: body.siteId });
    throw new AppError('validation_failed', 'Choose one of your organisation’s licensed sites.', [{ field: 'siteId', message: 'Choose one of your licensed sites' }]);
  }
  const schedule = await scheduleInForce(deps);
  try {
    const nomination = await deps.db.transaction().execute(async (trx) => {
      const licenceType = await chooseLicenceType(trx, site.id, body.licenceType);
      const { ledger, today } = await currentLedger(trx, deps, site.id, licenceType);
      const id = randomUUID();
      const name = body.nomineeName.trim();
      const email = body.nomineeEmail.trim();
      const result = usePlace(await repo.ledgerMovements(trx, ledger.id), { nominationId: id, at: today, note: name }, schedule);
      if (!result.allowed) {
        const full = result.reasons.find((r) => r.code === 'no_places_left');
        throw new AppError(full ? 'no_places_left' : 'rule_broken', (full ?? result.reasons[0]!).message, result.reasons);
      }
      const coordinator = await repo.regionCoordinator(trx, site.region_code);
      const inbox = coordinator ? null : await repo.findInbox(trx, 'training');
      await trx
        .insertInto('nominations')
        .values({
          id,
          organisation_id: site.organisation_id,
          site_id: site.id,
          ledger_id: ledger.id,
          nominee_name: name,
          nominee_email: email,
          routed_to_user_id: coordinator?.id ?? null,
          routed_to_inbox: inbox?.code ?? null,
          routed_to_email: coordinator?.email ?? inbox!.email,
          nominated_by: user.id,
        })
        .execute();
      await repo.appendMovement(trx, ledger.id, result.movement, { recordedBy: user.id });
      const typeName = licenceTypeName(licenceType as LicenceTypeCode);
      // Section 6 step 4: to the regional Community Coordinator, "or in their absence" to training@.
      await queueMail(trx, {
        to: coordinator?.email ?? inbox!.email,
        kind: 'nomination',
        subject: `Training nomination: ${name} (${site.organisation_name})`,
        text: [
          coordinator ? `Dear ${coordinator.name},` : 'Dear training team,',
          '',
          `${site.organisation_name} has nominated ${name} (${email}) for ${trainingInSentence(licenceType as LicenceTypeCode)},`,
          `using a training place of the ${typeName} licence at ${site.name} for the licence year ${formatLongDate(ledger.year_starts_on)} to ${formatLongDate(ledger.year_ends_on)}.`,
          coordinator ? '' : 'The Community Coordinator post for this region is vacant, so the nomination has come to the training team.',
          '',
          `Send the enrolment instructions from Partner Hub: ${deps.config.publicUrl}/portal/training/enrol`,
        ].filter((line, i, all) => line !== '' || all[i - 1] !== '').join('\n'),
      });
      await createTask(trx, {
        kind: 'nomination.enrol',
        title: `Send enrolment instructions to ${name} (${site.organisation_name})`,
        subjectType: 'nomination',
        subjectId: id,
        inbox: 'training',
        assignedUserId: coordinator?.id ?? null,
      });
      await recordAudit(trx, actor, {
        action: 'nomination.created',
        entityType: 'nomination',
        entityId: id,
        after: { siteId: site.id, licenceType, ledgerId: ledger.id, nomineeName: name, nomineeEmail: email, routedTo: coordinator?.email ?? inbox!.email },
      });
      const response = toResponse((await repo.findNomination(trx, id))!);
      if (idempotencyKey) await repo.saveIdempotentRequest(trx, { userId: user.id, key: idempotencyKey, hash, nominationId: id, response });
      return response;
    });
    return { nomination, replayed: false };
  } catch (error) {
    // The same key sent twice at once: the second meets the first's row and answers with it.
    if (idempotencyKey && !(error instanceof AppError)) {
      const first = await replay(deps, user.id, idempotencyKey, hash);
      if (first) return { nomination: first, replayed: true };
    }
    throw error;
  }
}

/** A nomination the person may see; otherwise "not found", and the attempt is audited. */
async function visibleNomination(deps: AppDeps, user: CurrentUser, actor: Actor, id: string, action: string) {
  const row = await repo.findNomination(deps.db, id);
  if (!row || !canSeeSite(user, { organisation_id: row.organisation_id, region_code: row.site_region_code })) {
    await recordAudit(deps.db, actor, { action, entityType: 'nomination', entityId: id });
    throw notFound('nomination');
  }
  return row;
}

/** Nominations the person may see, newest first: their organisation's, their region's, or all. */
export async function listNominationsFor(deps: AppDeps, user: CurrentUser, query: { status?: string | undefined; limit: number; offset: number }) {
  const scope =
    user.role === 'central_office' ? {} : user.role === 'coordinator' ? { regions: user.regions } : { organisationId: user.role === 'smart_lead' ? user.organisationId : '00000000-0000-0000-0000-000000000000' };
  const rows = await repo.listNominations(deps.db, { ...scope, ...query });
  return { items: rows.map(toResponse) };
}

/**
 * Sends the nominee the enrolment instructions (Section 6, steps 4 and 5), from whoever picked the
 * nomination up: the region's Coordinator or Central Office. Sending again is allowed, for a lost email.
 */
export async function sendEnrolmentInstructions(deps: AppDeps, user: CurrentUser, actor: Actor, id: string): Promise<NominationResponse> {
  await visibleNomination(deps, user, actor, id, 'nomination.read_refused');
  await deps.db.transaction().execute(async (trx) => {
    const row = (await repo.findNomination(trx, id, { lock: true }))!;
    if (row.status === 'released') {
      throw new AppError('conflict', `${row.nominee_name}'s training place was released, so there is nothing to enrol them on.`);
    }
    const training = trainingInSentence(row.licence_type as LicenceTypeCode);
    await queueMail(trx, {
      to: row.nominee_email,
      kind: 'enrolment_instructions',
      subject: `Your SMART training place: how to enrol`,
      text: [
        `Dear ${row.nominee_name},`,
        '',
        `${row.organisation_name} has given you a place on ${training}, with UK SMART Recovery.`,
        '',
        'How to enrol:',
        '1. If you have not already, complete the two pre-requisite modules, Introduction to SMART and Getting SMART: anyone can self-enrol on our training site.',
        `2. Then enrol on ${training} on our training site with this email address (${row.nominee_email}). The online training is self-directed and takes up to about 20 hours.`,
        '3. When you complete it, we issue your certificate and Facilitator Manual.',
        '',
        `Your place is for the licence year ending ${formatLongDate(row.year_ends_on)}. If you cannot complete the training, tell your SMART Lead so the place can be offered to someone else.`,
        '',
        'Questions: training@smartrecovery.org.uk',
        deps.config.charity.name,
      ].join('\n'),
    });
    await trx.updateTable('nominations').set({ status: 'instructions_sent', instructions_sent_at: deps.now(), instructions_sent_by: user.id }).where('id', '=', id).execute();
    await closeTasks(trx, { subjectType: 'nomination', subjectId: id, kind: 'nomination.enrol' }, user.id, deps.now());
    await recordAudit(trx, actor, { action: 'nomination.instructions_sent', entityType: 'nomination', entityId: id, before: { status: row.status }, after: { status: 'instructions_sent', to: row.nominee_email } });
  });
  return toResponse((await repo.findNomination(deps.db, id))!);
}

/**
 * Releases a nominee's place when they cannot complete the training (Section 9: "their training
 * place can be offered to another individual"); the place goes back to that licence year's ledger.
 */
export async function releaseNomination(deps: AppDeps, user: CurrentUser, actor: Actor, id: string, reason: string | undefined): Promise<NominationResponse> {
  const seen = await visibleNomination(deps, user, actor, id, 'nomination.read_refused');
  await deps.db.transaction().execute(async (trx) => {
    const row = (await repo.findNomination(trx, id, { lock: true }))!;
    const ledger = (await repo.lockLedgerById(trx, row.ledger_id))!;
    const result = releasePlace(await repo.ledgerMovements(trx, ledger.id), {
      nominationId: id,
      at: londonDate(deps.now()),
      ...(reason ? { note: reason } : {}),
    });
    if (!result.allowed) throw new AppError('conflict', result.reasons[0]!.message, result.reasons);
    await repo.appendMovement(trx, ledger.id, result.movement, { recordedBy: user.id });
    await trx.updateTable('nominations').set({ status: 'released', released_at: deps.now(), released_by: user.id, release_reason: reason ?? null }).where('id', '=', id).execute();
    await closeTasks(trx, { subjectType: 'nomination', subjectId: id, kind: 'nomination.enrol' }, user.id, deps.now());
    await recordAudit(trx, actor, { action: 'nomination.released', entityType: 'nomination', entityId: id, before: { status: seen.status }, after: { status: 'released', reason: reason ?? null } });
  });
  return toResponse((await repo.findNomination(deps.db, id))!);
}

/**
 * Records extra places bought at £120 each (Section 10) against a site's licence year in force,
 * from a paid invoice's 'training_places' lines: at most the places those lines invoiced, so the
 * same invoice cannot add places twice.
 */
export async function recordPlacePurchase(
  deps: AppDeps,
  user: CurrentUser,
  actor: Actor,
  siteId: string,
  body: { invoiceId: string; licenceType?: string | undefined; places?: number | undefined },
) {
  await visibleSite(deps, user, actor, siteId, 'training_places.read_refused');
  await deps.db.transaction().execute(async (trx) => {
    const site = (await repo.findSite(trx, siteId))!;
    const licenceType = await chooseLicenceType(trx, siteId, body.licenceType);
    const { ledger, today } = await currentLedger(trx, deps, siteId, licenceType);
    const invoice = await repo.invoicePlaces(trx, body.invoiceId, siteId);
    if (!invoice || invoice.organisation_id !== site.organisation_id) {
      throw new AppError('validation_failed', "There is no such invoice of this site's organisation.", [{ field: 'invoiceId', message: "Choose an invoice of this site's organisation" }]);
    }
    if (!invoice.paid_at) {
      throw new AppError('rule_broken', 'The invoice is not paid in full yet: bought places are added once it is.', [{ field: 'invoiceId', message: 'Record the payment first' }]);
    }
    if (invoice.linePlaces === 0) {
      throw new AppError('rule_broken', 'The invoice has no line for additional training places.', [{ field: 'invoiceId', message: "Choose an invoice with a 'training_places' line" }]);
    }
    const places = body.places ?? invoice.available;
    if (places < 1 || places > invoice.available) {
      throw new AppError('conflict', `The invoice's training places for this site are already recorded (${invoice.available} left to record).`, [
        { field: 'places', message: `Enter at most ${invoice.available}` },
      ]);
    }
    const result = buyPlaces(places, today, `Bought on invoice INV-${String(invoice.number).padStart(6, '0')}`);
    if (!result.allowed) throw new AppError('validation_failed', result.reasons[0]!.message, result.reasons);
    await repo.appendMovement(trx, ledger.id, result.movement, { invoiceId: invoice.id, recordedBy: user.id });
    await recordAudit(trx, actor, { action: 'training_places.bought', entityType: 'training_ledger', entityId: ledger.id, after: { siteId, licenceType, places, invoiceId: invoice.id } });
  });
  return siteTrainingPlaces(deps, user, actor, siteId);
}

/**
 * Adds the places an invoice's `training_places` lines bought, when the invoice is paid in full
 * (decision 065): in recordPayment's transaction, after its licences are issued, to the ledger of
 * each line's site for the licence year in force. Lines with no site are left for Central Office
 * (`POST /api/v1/sites/{id}/training-places/purchases`). What is recorded from an invoice is never
 * more than its lines (invoicePlaces), so calling this again adds nothing. A site with no licence in
 * force to take the places raises a task instead of failing the payment.
 */
export async function addBoughtPlacesForPaidInvoice(trx: DB, deps: AppDeps, actor: Actor, invoiceId: string): Promise<{ siteId: string; places: number }[]> {
  const lines = await repo.invoiceSitePlaceLines(trx, invoiceId);
  const added: { siteId: string; places: number }[] = [];
  const bySite = new Map<string, { licenceType: string | null; quantity: number }>();
  for (const line of lines) {
    const seen = bySite.get(line.site_id);
    bySite.set(line.site_id, { licenceType: seen?.licenceType ?? line.licence_type, quantity: (seen?.quantity ?? 0) + line.quantity });
  }
  for (const [siteId, line] of bySite) {
    const invoice = (await repo.invoicePlaces(trx, invoiceId, siteId))!;
    const reference = `INV-${String(invoice.number).padStart(6, '0')}`;
    const places = Math.min(line.quantity, invoice.available);
    if (places < 1) continue;
    let target;
    try {
      const licenceType = await chooseLicenceType(trx, siteId, line.licenceType ?? undefined);
      target = await currentLedger(trx, deps, siteId, licenceType);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const site = await repo.findSite(trx, siteId);
      await createTask(trx, {
        kind: 'training_places.record',
        title: `Record ${places} training places bought on ${reference} for ${site?.name ?? 'a site'}: ${error.message}`,
        subjectType: 'invoice',
        subjectId: invoiceId,
        inbox: 'training',
      });
      continue;
    }
    const result = buyPlaces(places, target.today, `Bought on invoice ${reference}`);
    if (!result.allowed) continue;
    await repo.appendMovement(trx, target.ledger.id, result.movement, { invoiceId, recordedBy: actor.userId });
    await recordAudit(trx, actor, {
      action: 'training_places.bought',
      entityType: 'training_ledger',
      entityId: target.ledger.id,
      after: { siteId, licenceType: target.ledger.licence_type, places, invoiceId, onPayment: true },
    });
    added.push({ siteId, places });
  }
  return added;
}
