import { formatLongDate } from '../../../domain/iso-date.js';
import { formatPence } from '../../../domain/money.js';
import { amountLine, amountTableHeading, amountTotal, facts, heading, paragraph, title } from '../../pdf/blocks.js';
import { type Charity, startDocument } from '../../pdf/document.js';
import type { InvoiceResponse } from '../../../shared/schemas/invoices.js';

export interface InvoicePdfContext {
  charity: Charity;
  organisationName: string;
  siteNames: Map<string, string>;
  paymentDetails: string;
}

/** The invoice as a PDF for the partner's finance department (Section 6 step 2). */
export async function renderInvoicePdf(invoice: InvoiceResponse, context: InvoicePdfContext): Promise<Buffer> {
  const { doc, finish } = startDocument(context.charity, { title: `Invoice ${invoice.reference}` });
  title(doc, 'Invoice');
  facts(doc, [
    ['Invoice number', invoice.reference],
    ['Date of issue', formatLongDate(invoice.issuedOn)],
    ['Payment due by', formatLongDate(invoice.dueOn)],
    ['Purchase order', invoice.poNumber ?? 'None given'],
    ['To', [invoice.billing.name, context.organisationName, invoice.billing.address].filter(Boolean).join(', ')],
    ['Email', invoice.billing.email],
  ]);
  doc.moveDown(1);
  amountTableHeading(doc);
  for (const line of invoice.lines) {
    amountLine(doc, {
      place: line.siteId ? (context.siteNames.get(line.siteId) ?? 'Site') : 'For the organisation',
      description: line.description,
      rule: line.rule,
      amount: formatPence(line.amountPence),
    });
  }
  amountTotal(doc, 'Total', formatPence(invoice.totalPence));
  if (invoice.creditedPence > 0) amountTotal(doc, 'Credited', `-${formatPence(invoice.creditedPence)}`);
  if (invoice.paidPence > 0) amountTotal(doc, 'Paid', `-${formatPence(invoice.paidPence)}`);
  amountTotal(doc, 'Amount due', formatPence(invoice.outstandingPence));
  doc.moveDown(1);
  heading(doc, 'How to pay');
  paragraph(doc, context.paymentDetails);
  paragraph(doc, `Please quote ${invoice.reference} with your payment. Your licences are issued as soon as this invoice is paid in full.`);
  return finish();
}
