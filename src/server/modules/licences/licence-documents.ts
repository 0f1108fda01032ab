import { formatLongDate } from '../../../domain/iso-date.js';
import { licenceTypeName } from '../../../domain/names.js';
import type { LicenceTypeCode } from '../../../domain/reference.js';
import { bullet, facts, heading, paragraph, title } from '../../pdf/blocks.js';
import { type Charity, COLOURS, contentWidth, startDocument } from '../../pdf/document.js';

export interface LicensedSite {
  name: string;
  /** Satellite premises (Section 3): outreach premises that are not the organisation's main site. */
  satellite?: boolean;
  address: string;
  postcode: string;
  licences: { number: string; licenceType: LicenceTypeCode; startsOn: string; endsOn: string; status: string }[];
}

export interface AgreementContent {
  organisationName: string;
  smartLead: { name: string; email: string } | null;
  sites: LicensedSite[];
}

/** Section 6 step 3, Sections 3, 7, 8 and 9: what the partner may do and what it agrees to. */
const TERMS = [
  'Licences are site-specific. SMART programmes may be delivered only at the sites named in this agreement, for the programmes licensed there (Section 9: "Where can we run meetings?"). Any exception must be agreed in advance with UKSR Central Office.',
  'A licence for one programme does not cover another: each programme needs its own licence (Section 3).',
  'A Satellite licence extends the organisation’s licence to the satellite premises named, for delivery by staff or volunteers already trained (Section 3).',
  'Every meeting is facilitated by trained, qualified SMART facilitators who hold a current DBS, PVG or AccessNI check, as the nation requires (Sections 8 and 9).',
  'Every meeting is registered with UKSR, whether open or closed; closed meetings are never listed publicly (Section 9).',
  'Facilitators abide by the UKSR Facilitator Code of Conduct, run meetings to the SMART Recovery Meeting Structure, share the Meeting Guidelines and complete the meeting survey (Section 8).',
  'The SMART Lead is the organisation’s main contact with UKSR and is, or will become, a qualified SMART Recovery Facilitator (Section 7).',
  'Meetings are free to attend. Contributions for room hire are not collected in meetings run under the Partnership Scheme (Section 9).',
  'Licences run for one year and are renewed annually; an unpaid licence lapses after its grace period, and its meetings are then taken off public listings (Section 10).',
];

/** The Partnership Agreement: the organisation, its SMART Lead, each licensed site and programme, satellite premises and periods, and the terms. */
export async function renderAgreementPdf(content: AgreementContent, charity: Charity): Promise<Buffer> {
  const { doc, finish } = startDocument(charity, { title: `Partnership Agreement: ${content.organisationName}` });
  title(doc, 'Partnership Agreement');
  paragraph(doc, `Between ${charity.name} (UKSR) and ${content.organisationName} (the licensee).`);
  facts(doc, [
    ['Licensee', content.organisationName],
    ['SMART Lead', content.smartLead ? `${content.smartLead.name} (${content.smartLead.email})` : 'To be nominated'],
  ]);
  doc.moveDown(0.8);
  heading(doc, 'Licensed sites and programmes');
  for (const site of content.sites) {
    const satellite = site.satellite ?? site.licences.some((l) => l.licenceType === 'satellite');
    doc.font('Helvetica-Bold').fontSize(11).fillColor(COLOURS.ink).text(`${site.name}${satellite ? ' (satellite premises)' : ''}`, doc.page.margins.left, doc.y, { width: contentWidth(doc) });
    doc.font('Helvetica').fontSize(10).text(`${site.address}, ${site.postcode}`);
    doc.moveDown(0.2);
    for (const licence of site.licences) {
      bullet(doc, `${licenceTypeName(licence.licenceType)}, licence ${licence.number}, from ${formatLongDate(licence.startsOn)} to ${formatLongDate(licence.endsOn)}${licence.status === 'lapsed' ? ' (lapsed)' : ''}`);
    }
    doc.moveDown(0.4);
  }
  heading(doc, 'Terms');
  TERMS.forEach((term, index) => paragraph(doc, `${index + 1}. ${term}`));
  return finish();
}

/** A licence certificate for one site, to be displayed there (Section 6 step 3). */
export async function renderCertificatePdf(site: LicensedSite, organisationName: string, charity: Charity): Promise<Buffer> {
  const { doc, finish } = startDocument(charity, { title: `Licence certificate: ${site.name}` });
  doc.moveDown(2);
  const width = contentWidth(doc);
  const left = doc.page.margins.left;
  doc.font('Helvetica-Bold').fontSize(26).fillColor(COLOURS.brand).text('Licence Certificate', left, doc.y, { width, align: 'center' });
  doc.moveDown(1);
  doc.font('Helvetica').fontSize(12).fillColor(COLOURS.ink).text('This is to certify that', { width, align: 'center' });
  doc.moveDown(0.5);
  doc.font('Helvetica-Bold').fontSize(18).text(organisationName, { width, align: 'center' });
  doc.moveDown(0.5);
  doc.font('Helvetica').fontSize(12).text('is licensed by UK SMART Recovery to deliver, at', { width, align: 'center' });
  doc.moveDown(0.5);
  doc.font('Helvetica-Bold').fontSize(14).text(site.name, { width, align: 'center' });
  doc.font('Helvetica').fontSize(11).text(`${site.address}, ${site.postcode}`, { width, align: 'center' });
  doc.moveDown(1);
  for (const licence of site.licences) {
    doc.font('Helvetica-Bold').fontSize(12).text(licenceTypeName(licence.licenceType), { width, align: 'center' });
    doc.font('Helvetica').fontSize(10).text(`Licence ${licence.number}, valid from ${formatLongDate(licence.startsOn)} to ${formatLongDate(licence.endsOn)}`, { width, align: 'center' });
    doc.moveDown(0.5);
  }
  doc.moveDown(1);
  doc.font('Helvetica').fontSize(10).fillColor(COLOURS.muted).text('Please display this certificate at the site named above. Licences are site-specific and renewed annually.', { width, align: 'center' });
  return finish();
}
