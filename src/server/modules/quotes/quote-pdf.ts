import { chargesExpensesOnTop, EXPENSES_EXTRA_NOTE } from '../../../domain/fees/quote.js';
import { formatLongDate, londonDate } from '../../../domain/iso-date.js';
import { formatPence } from '../../../domain/money.js';
import { inboxEmail } from '../../../domain/names.js';
import { amountLine, amountTableHeading, amountTotal, bullet, facts, heading, paragraph, title } from '../../pdf/blocks.js';
import { type Charity, COLOURS, contentWidth, startDocument } from '../../pdf/document.js';
import { requesterLine, reviewLines, totalOf } from './quote-prices.js';
import type { StoredQuote } from './quotes.repository.js';

const PARTNERSHIPS = inboxEmail('partnerships');

const ORGANISATION_TYPE_NAMES: Record<string, string> = {
  'non-profit': 'Non-profit organisation',
  'for-profit': 'Profit-making organisation',
  corporate: 'Corporate organisation',
};

/**
 * The quotation as a PDF: reference and dates, each priced line with the rule behind it (and any
 * price Central Office has agreed since), the total and what happens next.
 */
export async function renderQuotePdf(quote: StoredQuote, context: { charity: Charity; publicUrl: string }): Promise<Buffer> {
  const { doc, finish } = startDocument(context.charity, { title: `Quotation ${quote.reference}`, subject: `${context.charity.name} quotation` });
  const lines = reviewLines(quote.lines, quote.agreedPrices);
  const { totalPence, unpricedLines } = totalOf(lines);
  title(doc, 'Quotation');
  facts(doc, [
    ['Reference', quote.reference],
    ['Date of issue', formatLongDate(quote.issuedOn)],
    ...(quote.pricedAt ? [['Prices agreed', formatLongDate(londonDate(quote.pricedAt))] as [string, string]] : []),
    ['Valid until', formatLongDate(quote.validUntil)],
    ['Organisation type', ORGANISATION_TYPE_NAMES[quote.request.organisationType] ?? quote.request.organisationType],
    ['Fees from', quote.feeSchedule.name],
  ]);
  doc.moveDown(1);

  amountTableHeading(doc);
  for (const line of lines) {
    const shown = requesterLine(line);
    amountLine(doc, {
      place: line.site ?? 'For the organisation',
      description: shown.description,
      rule: shown.rule,
      amount: line.amountPence === null ? 'Price on request' : formatPence(shown.amountPence),
    });
  }
  amountTotal(doc, unpricedLines > 0 ? 'Total of the priced lines' : 'Total', formatPence(totalPence));
  // Section 10: in-person training is "£2,000 + staff expenses", so the total says it leaves them out.
  if (lines.some(chargesExpensesOnTop)) {
    doc.font('Helvetica-Bold').fontSize(10).fillColor(COLOURS.ink).text(EXPENSES_EXTRA_NOTE, doc.page.margins.left, doc.y, { width: contentWidth(doc) });
    doc.moveDown(0.3);
  }
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor(COLOURS.muted)
    .text('Licence fees are for one year at the site named; the other lines are one-off charges.', doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  doc.fillColor(COLOURS.ink);

  const agreed = lines.filter((line) => line.agreedOn !== null);
  if (agreed.length > 0) {
    doc.moveDown(1);
    heading(doc, 'Prices agreed by Central Office');
    paragraph(
      doc,
      `The guidance publishes no price for ${agreed.length === 1 ? 'one line' : `${agreed.length} lines`} of this quotation (Section 10), so ` +
        `Central Office has agreed ${agreed.length === 1 ? 'its price' : 'their prices'}; the total above includes ${agreed.length === 1 ? 'it' : 'them'}.`,
    );
    for (const line of agreed) bullet(doc, `${line.site ? `${line.site}: ` : ''}${requesterLine(line).description}: ${formatPence(line.amountPence!)}, agreed on ${formatLongDate(line.agreedOn!)}`);
  }

  const onRequest = lines.filter((line) => line.amountPence === null);
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
