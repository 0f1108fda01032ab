import { formatLongDate, type IsoDate } from '../../../domain/iso-date.js';
import { paragraph } from '../../pdf/blocks.js';
import { type Charity, COLOURS, contentWidth, startDocument } from '../../pdf/document.js';

/** The facilitator certificate UKSR issues on completion of the SMART Facilitator training (Section 6 step 5). */
export async function renderFacilitatorCertificatePdf(c: { name: string; number: string; completedOn: IsoDate }, charity: Charity): Promise<Buffer> {
  const { doc, finish } = startDocument(charity, { title: `Facilitator certificate ${c.number}: ${c.name}` });
  const width = contentWidth(doc);
  const left = doc.page.margins.left;
  doc.moveDown(2);
  doc.font('Helvetica-Bold').fontSize(26).fillColor(COLOURS.brand).text('Certificate of Completion', left, doc.y, { width, align: 'center' });
  doc.moveDown(1);
  doc.font('Helvetica').fontSize(12).fillColor(COLOURS.ink).text('This is to certify that', { width, align: 'center' });
  doc.moveDown(0.5);
  doc.font('Helvetica-Bold').fontSize(20).text(c.name, { width, align: 'center' });
  doc.moveDown(0.5);
  doc.font('Helvetica').fontSize(12).text('has successfully completed the', { width, align: 'center' });
  doc.moveDown(0.5);
  doc.font('Helvetica-Bold').fontSize(16).text('SMART Recovery Facilitator Training', { width, align: 'center' });
  doc.moveDown(0.5);
  doc.font('Helvetica').fontSize(12).text(`on ${formatLongDate(c.completedOn)}`, { width, align: 'center' });
  doc.moveDown(0.5);
  doc.font('Helvetica').fontSize(12).text('and is qualified to facilitate SMART Recovery meetings.', { width, align: 'center' });
  doc.moveDown(2);
  doc.font('Helvetica').fontSize(10).fillColor(COLOURS.muted).text(`Certificate number ${c.number}`, { width, align: 'center' });
  doc.moveDown(1);
  paragraph(
    doc,
    'Facilitators abide by the Facilitator Code of Conduct, hold a current DBS or PVG check, and register each meeting they run with UK SMART Recovery before it starts.',
  );
  return finish();
}
