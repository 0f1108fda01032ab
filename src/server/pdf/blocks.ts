import { COLOURS, contentBottom, contentWidth, type Pdf, rule } from './document.js';

/** Building blocks shared by Partner Hub's documents (quotation, invoice, agreement, certificate). */

const AMOUNT_WIDTH = 110;
const GAP = 16;

export function title(doc: Pdf, text: string): void {
  doc.fillColor(COLOURS.ink).font('Helvetica-Bold').fontSize(22).text(text, doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.5);
}

/** Label and value pairs, one a row. */
export function facts(doc: Pdf, rows: [string, string][]): void {
  const left = doc.page.margins.left;
  for (const [label, value] of rows) {
    const y = doc.y;
    doc.font('Helvetica-Bold').fontSize(10).fillColor(COLOURS.ink).text(label, left, y, { width: 130 });
    doc.font('Helvetica').text(value, left + 140, y, { width: contentWidth(doc) - 140 });
    doc.moveDown(0.2);
  }
}

export function heading(doc: Pdf, text: string): void {
  if (doc.y + 60 > contentBottom(doc)) doc.addPage();
  doc.font('Helvetica-Bold').fontSize(13).fillColor(COLOURS.ink).text(text, doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.3);
}

export function paragraph(doc: Pdf, text: string): void {
  doc.font('Helvetica').fontSize(10).fillColor(COLOURS.ink).text(text, doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.5);
}

export function bullet(doc: Pdf, text: string): void {
  const left = doc.page.margins.left;
  doc.font('Helvetica').fontSize(10).fillColor(COLOURS.ink);
  const y = doc.y;
  doc.text('•', left + 4, y, { width: 10 });
  doc.text(text, left + 16, y, { width: contentWidth(doc) - 16 });
  doc.moveDown(0.3);
}

export function amountTableHeading(doc: Pdf): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const y = doc.y;
  doc.font('Helvetica-Bold').fontSize(10).fillColor(COLOURS.ink);
  doc.text('Item', left, y, { width: width - AMOUNT_WIDTH - GAP });
  doc.text('Amount', left + width - AMOUNT_WIDTH, y, { width: AMOUNT_WIDTH, align: 'right' });
  doc.moveDown(0.3);
  rule(doc, 1);
  doc.moveDown(0.5);
}

/** One priced line: where, what, the rule that priced it, and the amount beside it; never split across pages. */
export function amountLine(doc: Pdf, line: { place: string; description: string; rule: string; amount: string }): void {
  const left = doc.page.margins.left;
  const textWidth = contentWidth(doc) - AMOUNT_WIDTH - GAP;
  const rulesText = `Rule: ${line.rule}`;
  const height =
    doc.font('Helvetica-Bold').fontSize(10).heightOfString(line.place, { width: textWidth }) +
    doc.font('Helvetica').fontSize(10).heightOfString(line.description, { width: textWidth }) +
    doc.font('Helvetica').fontSize(8.5).heightOfString(rulesText, { width: textWidth }) +
    12;
  if (doc.y + height > contentBottom(doc)) {
    doc.addPage();
    amountTableHeading(doc);
  }
  const top = doc.y;
  doc.font('Helvetica-Bold').fontSize(10).fillColor(COLOURS.ink).text(line.place, left, top, { width: textWidth });
  const below = doc.y;
  doc.text(line.amount, left + textWidth + GAP, top, { width: AMOUNT_WIDTH, align: 'right' });
  doc.font('Helvetica').fontSize(10).text(line.description, left, below, { width: textWidth });
  doc.font('Helvetica').fontSize(8.5).fillColor(COLOURS.muted).text(rulesText, left, doc.y + 2, { width: textWidth });
  doc.fillColor(COLOURS.ink);
  doc.moveDown(0.5);
  rule(doc);
  doc.moveDown(0.5);
}

/** A label and amount in bold across the table, e.g. the total. */
export function amountTotal(doc: Pdf, label: string, amount: string): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  if (doc.y + 40 > contentBottom(doc)) doc.addPage();
  const y = doc.y + 4;
  doc.font('Helvetica-Bold').fontSize(12).fillColor(COLOURS.ink);
  doc.text(label, left, y, { width: width - AMOUNT_WIDTH - GAP });
  doc.text(amount, left + width - AMOUNT_WIDTH, y, { width: AMOUNT_WIDTH, align: 'right' });
  doc.moveDown(0.3);
  rule(doc, 1);
  doc.moveDown(0.5);
}
