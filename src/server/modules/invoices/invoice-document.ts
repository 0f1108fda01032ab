import type { AppDeps } from '../../deps.js';
import { renderInvoicePdf } from './invoice-pdf.js';
import { getInvoice } from './invoices.service.js';

/** An invoice's PDF as it stands now (payments and credit notes included), for download or for its email. */
export async function invoicePdf(deps: AppDeps, invoiceId: string): Promise<{ reference: string; pdf: Buffer }> {
  const invoice = await getInvoice(deps, invoiceId);
  const [organisation, sites] = await Promise.all([
    deps.db.selectFrom('organisations').select('name').where('id', '=', invoice.organisationId).executeTakeFirstOrThrow(),
    deps.db.selectFrom('sites').select(['id', 'name']).where('organisation_id', '=', invoice.organisationId).execute(),
  ]);
  const pdf = await renderInvoicePdf(invoice, {
    charity: deps.config.charity,
    organisationName: organisation.name,
    siteNames: new Map(sites.map((s) => [s.id, s.name])),
    paymentDetails: deps.config.paymentDetails,
  });
  return { reference: invoice.reference, pdf };
}
