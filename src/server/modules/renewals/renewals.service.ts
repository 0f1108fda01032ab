import { licenceFee } from '../../../domain/fees/licence-fee.js';
import { agreedPrice, type CorporatePartnershipTerms } from '../../../domain/corporate/agreed-price.js';
import { addDays, formatLongDate, londonDate } from '../../../domain/iso-date.js';
import { renewalInvoiceDueOn, remindersDue, groupRenewals } from '../../../domain/licensing/renewals.js';
import { formatPence } from '../../../domain/money.js';
import { licenceTypeName } from '../../../domain/names.js';
import type { LicenceTypeCode, OrganisationType } from '../../../domain/reference.js';
import { sql } from 'kysely';
import type { AppDeps } from '../../deps.js';
import type { DB } from '../../db/database.js';
import type { FeeSchedule } from '../../../domain/fees/fee-schedule.js';
import { queueMails } from '../../mail/outbox.js';
import { partnershipTermsByOrganisation } from '../corporate-partnerships/corporate-partnerships.service.js';
import { scheduleInForce } from '../fees/fee-schedule.service.js';
import { invoiceReference, issueInvoicesIn, type InvoiceDraft } from '../invoices/invoices.service.js';
import { refreshListings, runListingRefresh } from '../meetings/listing.service.js';
import { createTask } from '../tasks/tasks.repository.js';
import * as repo from './renewals.repository.js';

export interface RenewalRunResult {
  runId: string;
  groups: number;
  invoicesIssued: number;
  remindersSent: number;
  licencesInGrace: number;
  licencesLapsed: number;
}

const RUN_ACTOR = { userId: null, label: 'renewal run' };
/** The task asking Central Office to price a renewal by hand (decision 156). */
export const RENEWAL_PRICING_TASK = 'renewal.price_by_hand';
/** Organisation-months per transaction. */
const CHUNK = 200;
const RENEWAL_LOCK = 7_263_001;

/**
 * The daily renewal run (Section 10: licences are renewed annually). It moves unpaid licences
 * into grace and then to lapsed; raises one renewal invoice per organisation and month of ending
 * on the first reminder day; and sends each reminder once. Each organisation-month is one
 * transaction keyed by its licence year, so running twice, or again after a crash part-way,
 * does each piece of work exactly once.
 */
export async function runRenewals(
  deps: AppDeps,
  options: { today?: string; onProgress?: (done: number, total: number) => void } = {},
): Promise<RenewalRunResult> {
  const today = options.today ?? londonDate(deps.now());
  const { reminderDays, graceDays } = deps.config.licensing;
  const policy = { reminderDays, graceDays };
  const run = await deps.db.insertInto('renewal_runs').values({ run_on: today }).returning('id').executeTakeFirstOrThrow();

  const statuses = await deps.db.transaction().execute(async (trx) => {
    const moved = await repo.updateLicenceStatuses(trx, today, graceDays, run.id);
    // Meetings at lapsed or ended licences come off the public listings in the same transaction as
    // the licences move (a satellite's cover is its organisation's, so every meeting of those
    // organisations), and their SMART Leads and Coordinators are told.
    await refreshListings({ ...deps, db: trx }, { organisationIds: moved.organisationIds }, { today, actor: RUN_ACTOR });
    return moved;
  });
  // Then the daily check of every meeting, in short transactions (decision 168).
  await runListingRefresh(deps, today, { actor: RUN_ACTOR });
  const schedule = await scheduleInForce(deps, today);
  const candidates = await repo.findRenewalCandidates(deps.db, today, reminderDays, graceDays);
  // Agreed prices of every corporate organisation in the run, in one query (decision 155).
  const partnerships = await partnershipTermsByOrganisation(deps.db, [...new Set(candidates.filter((c) => c.organisation_type === 'corporate').map((c) => c.organisation_id))]);
  const groups = groupRenewals(candidates.map((c) => ({ ...c, organisationId: c.organisation_id, endsOn: c.ends_on })));
  await deps.db.updateTable('renewal_runs').set({ groups_total: groups.length }).where('id', '=', run.id).execute();

  let invoicesIssued = 0;
  let remindersSent = 0;
  let done = 0;
  // Organisation-months are done CHUNK at a time, each chunk in one transaction: a crash loses at
  // most the chunk in hand, which the next run does again from the start.
  for (let start = 0; start < groups.length; start += CHUNK) {
    const chunk = groups.slice(start, start + CHUNK);
    const [contacts, sent] = await Promise.all([
      repo.renewalContacts(deps.db, [...new Set(chunk.map((g) => g.organisationId))]),
      repo.sentReminders(deps.db, chunk.flatMap((g) => g.licences.map((l) => l.id))),
    ]);
    const outcome = await deps.db.transaction().execute(async (trx) => {
      // Two app instances running at once take turns chunk by chunk; each finds the other's work done.
      await sql`SELECT pg_advisory_xact_lock(${RENEWAL_LOCK})`.execute(trx);
      return renewChunk(trx, deps, chunk, contacts, sent, { today, schedule, policy, partnerships });
    });
    invoicesIssued += outcome.issued;
    remindersSent += outcome.reminded;
    done += chunk.length;
    options.onProgress?.(done, groups.length);
    await deps.db.updateTable('renewal_runs').set({ groups_done: done, invoices_issued: invoicesIssued, reminders_sent: remindersSent }).where('id', '=', run.id).execute();
  }
  await deps.db
    .updateTable('renewal_runs')
    .set({ finished_at: deps.now(), groups_done: done, invoices_issued: invoicesIssued, reminders_sent: remindersSent, licences_in_grace: statuses.inGrace, licences_lapsed: statuses.lapsed })
    .where('id', '=', run.id)
    .execute();
  return { runId: run.id, groups: groups.length, invoicesIssued, remindersSent, licencesInGrace: statuses.inGrace, licencesLapsed: statuses.lapsed };
}

type Group = ReturnType<typeof groupRenewals<repo.RenewalCandidate & { organisationId: string; endsOn: string }>>[number];

interface RenewalContext {
  today: string;
  schedule: FeeSchedule;
  policy: { reminderDays: number[]; graceDays: number };
  partnerships: Map<string, CorporatePartnershipTerms>;
}

/**
 * A chunk of organisation-months in the caller's transaction, with a few statements whatever its
 * size: each due group's renewal invoice (once), then its due reminders (each once) and their mail.
 */
async function renewChunk(
  trx: DB,
  deps: AppDeps,
  chunk: Group[],
  contacts: Map<string, repo.RenewalContacts>,
  sent: Map<string, number[]>,
  context: RenewalContext,
): Promise<{ issued: number; reminded: number }> {
  const { today, schedule, policy, partnerships } = context;
  const due = chunk.flatMap((group) => {
    const who = contacts.get(group.organisationId);
    const billing = renewalBilling(who);
    if (!who || !billing || !group.licences.some((l) => renewalInvoiceDueOn(l.ends_on, policy) <= today)) return [];
    const { draft, unpriced } = renewalDraft(group, billing, schedule, partnerships.get(group.organisationId) ?? null);
    return [{ group, who, billing, draft, unpriced }];
  });
  // A licence with no price to renew at (an imported one priced on request) is left out of the
  // invoice and Central Office is asked, once per licence-year, to price it by hand (decision 156).
  await raisePricingTasks(trx, due.flatMap((d) => d.unpriced));
  const invoiced = due.filter((d): d is typeof d & { draft: InvoiceDraft } => d.draft !== null);
  const invoices = await issueInvoicesIn(trx, deps, RUN_ACTOR, invoiced.map((d) => d.draft));
  const reminders = invoiced.flatMap(({ draft, group }) =>
    group.licences.filter((l) => draft.lines.some((line) => line.licenceId === l.id)).flatMap((l) =>
      remindersDue({ endsOn: l.ends_on }, today, policy, sent.get(l.id) ?? [], false).map((daysBefore) => ({ licenceId: l.id, endsOn: l.ends_on, daysBefore })),
    ),
  );
  const logged = new Set((await repo.logReminders(trx, reminders)).map((r) => `${r.licence_id}:${r.days_before}`));
  const mails = invoiced.flatMap(({ group, who, billing, draft }, index) => {
    const lines = reminders.filter((r) => logged.has(`${r.licenceId}:${r.daysBefore}`) && group.licences.some((l) => l.id === r.licenceId));
    if (lines.length === 0) return [];
    const invoice = invoices[index]!;
    const total = draft.lines.reduce((sum, l) => sum + l.amountPence, 0);
    const text = [
      'Hello,',
      '',
      `${who.organisationName}'s SMART licences below end soon. Paying renewal invoice ${invoiceReference(invoice.number)} (${formatPence(total)}) renews them for another year and opens a new year of training places.`,
      '',
      ...lines.map((r) => {
        const l = group.licences.find((x) => x.id === r.licenceId)!;
        return `- ${licenceTypeName(l.licence_type as LicenceTypeCode)} licence ${l.number} at ${l.site_name}: ends ${formatLongDate(r.endsOn)} (${r.daysBefore} days' notice)`;
      }),
      '',
      `If it is not paid, a licence stays in force for ${policy.graceDays} days after it ends, then lapses: its meetings come off public listings and Partner Resources close until it is renewed.`,
      '',
      deps.config.charity.name,
    ].join('\n');
    const subject = `Your SMART licences end on ${formatLongDate(group.licences[0]!.ends_on)}: renewal invoice ${invoiceReference(invoice.number)}`;
    return [...new Set([billing.email, who.lead?.email].filter((e): e is string => Boolean(e)))].map((to) => ({ to, subject, text, kind: 'renewal_reminder' }));
  });
  await queueMails(trx, mails);
  return { issued: invoices.filter((i) => i.created).length, reminded: logged.size };
}

/** The fee of one licence's renewal year, or null when there is nothing to price it from. */
function renewalPrice(l: Group['licences'][number], schedule: FeeSchedule, partnership: CorporatePartnershipTerms | null): { amountPence: number; rule: string } | null {
  const type = l.licence_type as LicenceTypeCode;
  // The partnership's agreed price where one is in force on the day the renewed year starts (decision 155).
  const agreed = l.organisation_type === 'corporate' ? agreedPrice(partnership, type, addDays(l.ends_on, 1)) : null;
  if (agreed) return agreed;
  const price = licenceFee(type, l.organisation_type as OrganisationType, l.smart_recovery_held && type !== 'smart-recovery' ? 'held' : null, schedule);
  if (!price.priceOnRequest) return price;
  // A price agreed case by case is renewed at the amount last invoiced for it; an imported licence has none.
  return l.last_amount_pence === null ? null : { amountPence: l.last_amount_pence, rule: 'Renewed at the price agreed with Central Office last year.' };
}

/** Who a renewal invoice is addressed to: the finance contact of the organisation's last invoice, else its SMART Lead. */
export function renewalBilling(who: repo.RenewalContacts | undefined): InvoiceDraft['billing'] | null {
  const billing = who?.billing ?? who?.lead;
  return who && billing ? { name: billing.name, email: billing.email, address: who.billing?.address ?? null } : null;
}

/** One licence's renewal line: the run's and a renewal priced by hand (decision 174) read alike and renew alike when paid. */
export function renewalLine(
  l: { id: string; number: string; site_id: string; site_name: string; licence_type: string; ends_on: string },
  price: { amountPence: number; rule: string },
): InvoiceDraft['lines'][number] {
  const type = l.licence_type as LicenceTypeCode;
  return {
    kind: 'renewal',
    siteId: l.site_id,
    licenceType: type,
    licenceId: l.id,
    description: `Renewal of ${licenceTypeName(type)} licence ${l.number}, ${l.site_name}, for the year after ${formatLongDate(l.ends_on)}`,
    rule: price.rule,
    amountPence: price.amountPence,
  };
}

/** The renewal invoice for one organisation-month, priced from the schedule in force (Section 10), and the licences it cannot price. */
function renewalDraft(group: Group, billing: InvoiceDraft['billing'], schedule: FeeSchedule, partnership: CorporatePartnershipTerms | null) {
  // A licence whose year is already invoiced apart from the run (priced by hand, decision 174) is
  // neither invoiced again nor sent to Central Office again.
  const priced = group.licences.filter((l) => !l.invoiced_apart).map((l) => ({ l, price: renewalPrice(l, schedule, partnership) }));
  const lines = priced.flatMap(({ l, price }) => (price ? [renewalLine(l, price)] : []));
  const draft: InvoiceDraft | null = lines.length === 0 ? null : {
    organisationId: group.organisationId,
    kind: 'renewal',
    billing,
    poNumber: null,
    feeScheduleId: schedule.id,
    source: { type: 'renewal', id: `${group.organisationId}:${group.month}` },
    lines,
  };
  return { draft, unpriced: priced.filter((p) => !p.price).map((p) => p.l) };
}

/** One Central Office task per unpriced licence-year (subject `licence_year`, `<licence id>:<ends on>`); a repeated run adds none. */
async function raisePricingTasks(trx: DB, licences: Group['licences']) {
  if (licences.length === 0) return;
  const raised = new Set(await repo.pricingTasksRaised(trx, licences.map((l) => `${l.id}:${l.ends_on}`)));
  for (const l of licences) {
    const key = `${l.id}:${l.ends_on}`;
    if (raised.has(key)) continue;
    await createTask(trx, {
      kind: RENEWAL_PRICING_TASK,
      title: `Price the renewal of ${licenceTypeName(l.licence_type as LicenceTypeCode)} licence ${l.number} (${l.site_name}) for the year after ${formatLongDate(l.ends_on)}: no price to renew it at`,
      subjectType: 'licence_year',
      subjectId: key,
      inbox: 'partnerships',
    });
  }
}
