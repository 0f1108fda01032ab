import { isPriceOnRequest } from '../../../domain/fees/quote.js';
import { formatLongDate } from '../../../domain/iso-date.js';
import { formatPence } from '../../../domain/money.js';
import { inboxEmail } from '../../../domain/names.js';
import { amountLine, amountTableHeading, amountTotal, bullet, facts, heading, paragraph, title } from '../../pdf/blocks.js';
import { type Charity, COLOURS, contentWidth, startDocument } from '../../pdf/document.js';
import type { StoredQuote } from './quotes.repository.js';

const PARTNERSHIPS = inboxEmail('partnerships');

const ORGANISATION_TYPE_NAMES: Record<string, string> = {
  'non-profit': 'Non-profit organisation',
  'for-profit': 'Profit-making organisation',
  corporate: 'Corporate organisation',
};

/** The quotation as a PDF: reference and dates, each priced line with the rule behind it, the total and what happens next. */
export async function renderQuotePdf(quote: StoredQuote, context: { charity: Charity; publicUrl: string }): Promise<Buffer> {
  const { doc, finish } = startDocument(context.charity, { title: `Quotation ${quote.reference}`, subject: `${context.charity.name} quotation` });
  title(doc, 'Quotation');
  facts(doc, [
    ['Reference', quote.reference],
    ['Date of issue', formatLongDate(quote.issuedOn)],
    ['Valid until', formatLongDate(quote.validUntil)],
    ['Organisation type', ORGANISATION_TYPE_NAMES[quote.request.organisationType] ?? quote.request.organisationType],
    ['Fees from', quote.feeSchedule.name],
  ]);
  doc.moveDown(1);

  amountTableHeading(doc);
  for (const line of quote.lines) {
    amountLine(doc, {
      place: line.site ?? 'For the organisation',
      description: line.description,
      rule: line.rule,
      amount: isPriceOnRequest(line) ? 'Price on request' : formatPence(line.amountPence),
    });
  }
  amountTotal(doc, quote.priceOnRequest ? 'Total of the priced lines' : 'Total', formatPence(quote.totalPence));
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor(COLOURS.muted)
    .text('Licence fees are for one year at the site named; the other lines are one-off charges.', doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  doc.fillColor(COLOURS.ink);

  const onRequest = quote.lines.filter(isPriceOnRequest);
  if (onRequest.length > 0) {
    doc.moveDown(1);
    heading(doc, 'Lines Central Office will price');
    paragraph(
      doc,
      `The guidance publishes no price for ${onRequest.length === 1 ? 'this line' : 'these lines'}, so Central Office will price ` +
        `${onRequest.length === 1 ? 'it' : 'them'} for you. The total above does not include ${onRequest.length === 1 ? 'it' : 'them'}.`,
    );
    for (const line of onRequest) bullet(doc, `${line.site ? `${line.site}: ` : ''}${line.description}`);
    paragraph(doc, `Email ${PARTNERSHIPS} quoting reference ${quote.reference}, with your organisation's name and a contact, and we will send the full price.`);
  }

  doc.moveDown(1);
  heading(doc, 'What happens next');
  paragraph(doc, `The prices in this quotation hold until ${formatLongDate(quote.validUntil)}. Licences are site-specific and renewed annually (Section 10).`);
  paragraph(
    doc,
    `To go ahead, complete the Start-Up Form at ${new URL('/start-up-form', context.publicUrl).toString()} with a Purchase Order Number ` +
      `and this quotation's reference, and we will invoice your finance department (Section 6, steps 1A and 2).`,
  );
  paragraph(doc, `Questions: ${PARTNERSHIPS}.`);

  return finish();
}
