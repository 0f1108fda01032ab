import { formatLongDate } from '../../../domain/iso-date.js';
import { VISIT_KINDS, type VisitKind } from '../../../domain/visits/meeting-structure.js';
import { bullet, facts, heading, paragraph, title } from '../../pdf/blocks.js';
import { type Charity, startDocument } from '../../pdf/document.js';
import type { VisitResponse } from '../../../shared/schemas/visits.js';

/**
 * The feedback report of a recorded visit, for the SMART Lead (Section 6, ongoing support: "for
 * Community Coordinators to provide valuable feedback, validation, and helpful suggestions";
 * Section 7: the SMART Lead quality assures the organisation's meetings).
 */
export async function renderVisitReportPdf(visit: VisitResponse, charity: Charity): Promise<Buffer> {
  const kind = VISIT_KINDS[visit.kind as VisitKind];
  const { doc, finish } = startDocument(charity, { title: `${kind} feedback: ${visit.organisation.name}` });
  title(doc, `${kind}: feedback report`);
  facts(doc, [
    ['Organisation', visit.organisation.name],
    ['Site', visit.site.name],
    ['Meeting', visit.meeting?.name ?? 'Not a particular meeting'],
    ['Date of visit', visit.visitedOn ? formatLongDate(visit.visitedOn) : formatLongDate(visit.scheduledOn)],
    ['Community Coordinator', visit.visitor.name],
  ]);
  doc.moveDown(0.8);
  heading(doc, 'SMART Recovery Meeting Structure');
  paragraph(doc, 'What was seen against the Meeting Structure every facilitator follows (Partnership Guidance, Section 8).');
  for (const item of visit.structure ?? []) bullet(doc, `${item.name}: ${item.observed ? 'Seen' : 'Not seen'}`);
  doc.moveDown(0.4);
  heading(doc, 'Observations');
  paragraph(doc, visit.observations ?? '');
  heading(doc, 'Feedback');
  paragraph(doc, visit.feedback ?? '');
  heading(doc, 'Agreed actions');
  if (visit.actions.length === 0) paragraph(doc, 'No actions were agreed.');
  visit.actions.forEach((action, index) => {
    const who = action.owner ? ` Who: ${action.owner}.` : '';
    const when = action.dueOn ? ` By ${formatLongDate(action.dueOn)}.` : '';
    paragraph(doc, `${index + 1}. ${action.description}${who}${when}`);
  });
  paragraph(doc, 'Your Community Coordinator and the Central Office team are here to help with any of these: reply to this email or call us Monday to Friday.');
  return finish();
}
