import { regionOfPostcode } from '../../../domain/region-of-postcode.js';
import { londonDate } from '../../../domain/iso-date.js';
import type { RegionCode } from '../../../domain/reference.js';
import type { FeeSchedule } from '../../../domain/fees/fee-schedule.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import type { DB } from '../../db/database.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import { findSchedule } from '../fees/fee-schedule.repository.js';
import { createInvitation } from '../auth/auth.service.js';
import { issueInvoiceIn } from '../invoices/invoices.service.js';
import { priceStartUpForm } from '../start-up-forms/start-up-form.pricing.js';
import { acceptedStartUpForms } from '../start-up-forms/start-up-form-review.service.js';

export interface InvoiceStartUpFormOptions {
  /** The purchase order the partner raised, required when the form asked for a quotation first. */
  poNumber?: string | undefined;
  /** Overrides the region read from the organisation's postcode. */
  region?: RegionCode | undefined;
}

/**
 * Section 6 step 2: an accepted Start-Up Form becomes the partner organisation (its sites and
 * contacts) and the invoice to its finance department, at the prices fixed on submission and
 * agreed by Central Office. Doing it again gives back the same organisation and invoice.
 */
export async function invoiceStartUpForm(deps: AppDeps, actor: Actor, formId: string, options: InvoiceStartUpFormOptions = {}) {
  const [form] = await acceptedStartUpForms(deps, { id: formId });
  if (!form) throw notFound('accepted Start-Up Form');
  const { answers } = form;
  const poNumber = options.poNumber ?? (answers.purchase.method === 'purchase-order' ? answers.purchase.purchaseOrderNumber : undefined);
  if (!poNumber) {
    throw new AppError('rule_broken', 'This partner asked for a quotation first (Section 6 step 1A): enter the purchase order number they raised from it.', [
      { field: 'poNumber', message: 'Enter the purchase order number' },
    ]);
  }
  const schedule = (await findSchedule(deps.db, form.feeScheduleId)) as FeeSchedule | undefined;
  if (!schedule) throw new Error(`Fee schedule ${form.feeScheduleId} is missing`);
  // The stored lines keep the agreed amounts; pricing the answers again says what each line sells.
  const priced = priceStartUpForm(answers, schedule, londonDate(form.acceptedAt));
  if (!priced.ok || priced.items.length !== form.lines.length || priced.lines.some((l, i) => l.site !== form.lines[i]!.site)) {
    throw new AppError('conflict', 'The form’s lines no longer match its answers; ask the partner to resubmit it.');
  }
  const region = options.region ?? regionOfPostcode(answers.organisation.postcode) ?? regionOfPostcode(answers.sites[0]!.postcode, answers.sites[0]!.nation);
  if (!region) {
    throw new AppError('validation_failed', 'Choose the region this organisation belongs to.', [{ field: 'region', message: 'Choose a region' }]);
  }

  return deps.db.transaction().execute(async (trx) => {
    const organisation = await organisationFor(trx, actor, form.id, answers, region);
    const sites = await trx.selectFrom('sites').select(['id', 'name']).where('organisation_id', '=', organisation.id).execute();
    const siteId = (name: string | null) => (name === null ? null : (sites.find((s) => s.name === name)?.id ?? null));
    const invoice = await issueInvoiceIn(trx, deps, actor, {
      organisationId: organisation.id,
      kind: 'new',
      billing: { name: answers.contacts.finance.name, email: answers.contacts.finance.email, address: `${answers.organisation.address}, ${answers.organisation.postcode}` },
      poNumber,
      feeScheduleId: form.feeScheduleId,
      source: { type: 'start_up_form', id: form.id },
      lines: form.lines.map((line, i) => {
        const item = priced.items[i]!;
        return {
          kind: item.kind === 'licence' ? ('licence' as const) : item.kind,
          siteId: siteId(line.site),
          licenceType: item.kind === 'licence' ? item.licenceType : null,
          quantity: item.kind === 'training_places' ? item.places : 1,
          description: line.description,
          rule: line.rule,
          amountPence: line.amountPence ?? 0,
        };
      }),
    });
    return { organisationId: organisation.id, invoiceId: invoice.id, invoiceNumber: invoice.number, created: invoice.created };
  });
}

type Answers = Awaited<ReturnType<typeof acceptedStartUpForms>>[number]['answers'];

async function organisationFor(trx: DB, actor: Actor, formId: string, answers: Answers, region: RegionCode) {
  const existing = await trx.selectFrom('organisations').select('id').where('start_up_form_id', '=', formId).executeTakeFirst();
  if (existing) return existing;
  const o = answers.organisation;
  const organisation = await trx
    .insertInto('organisations')
    .values({
      name: o.name,
      organisation_type: o.organisationType,
      sector_code: o.sector,
      region_code: region,
      charity_or_company_number: o.charityOrCompanyNumber ?? null,
      address: o.address,
      postcode: o.postcode,
      start_up_form_id: formId,
      serves_veterans: o.servesVeterans,
      childrens_service_provider: o.childrensServiceProvider,
      finance_contact_name: answers.contacts.finance.name,
      finance_contact_email: answers.contacts.finance.email,
      smart_lead_nominee_name: answers.contacts.smartLead.name,
      smart_lead_nominee_email: answers.contacts.smartLead.email,
      smart_lead_nominee_facilitator: answers.contacts.smartLead.facilitator,
    })
    .returning(['id', 'name'])
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('sites')
    .values(
      answers.sites.map((s) => ({
        organisation_id: organisation.id,
        name: s.name,
        address: s.address,
        postcode: s.postcode,
        nation_code: s.nation,
        region_code: regionOfPostcode(s.postcode, s.nation) ?? region,
        satellite: s.satellite,
      })),
    )
    .execute();
  await recordAudit(trx, actor, { action: 'organisation.created', entityType: 'organisation', entityId: organisation.id, after: { ...organisation, startUpFormId: formId, region } });
  return organisation;
}

/**
 * Section 6 step 3: when an organisation's first licence is issued, its nominated SMART Lead is
 * invited to the partner portal (once; an existing account is left as it is).
 */
export async function inviteSmartLeadOnFirstLicence(trx: DB, deps: AppDeps, actor: Actor, organisationId: string): Promise<void> {
  const organisation = await trx
    .selectFrom('organisations')
    .select(['smart_lead_nominee_name', 'smart_lead_nominee_email'])
    .where('id', '=', organisationId)
    .executeTakeFirst();
  if (!organisation?.smart_lead_nominee_email || !organisation.smart_lead_nominee_name) return;
  const lead = await trx.selectFrom('users').select('id').where('organisation_id', '=', organisationId).where('role', '=', 'smart_lead').executeTakeFirst();
  const taken = await trx.selectFrom('users').select('id').where((eb) => eb(eb.fn('lower', ['email']), '=', organisation.smart_lead_nominee_email!.toLowerCase())).executeTakeFirst();
  if (lead || taken) return;
  await createInvitation(trx, deps, actor, {
    email: organisation.smart_lead_nominee_email,
    name: organisation.smart_lead_nominee_name,
    role: 'smart_lead',
    organisationId,
  });
}
