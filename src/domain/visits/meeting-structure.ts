/**
 * The SMART Recovery Meeting Structure a visit is recorded against (Section 8: "Meeting
 * facilitation" and "All facilitators must ... share the Meeting Guidelines at every meeting").
 * The order is the order of a meeting.
 */
export const MEETING_STRUCTURE = [
  { code: 'check_in', name: 'Check-in', guidance: 'The facilitator initiated the check-in.' },
  { code: 'agenda_set', name: 'Agenda set with the group', guidance: 'Topics for the agenda were verified and set with the group.' },
  { code: 'discussion_and_tools', name: 'Discussion and tool work', guidance: 'The facilitator initiated and oversaw group discussion and tool work time.' },
  { code: 'flipchart_used', name: 'Flipchart used', guidance: 'A flipchart highlighted the key discussion points.' },
  { code: 'smart_tool_used', name: 'At least one SMART tool used', guidance: 'At least one SMART tool was used in the meeting.' },
  { code: 'check_out_and_signposting', name: 'Check-out and signposting', guidance: 'The meeting ended with check-out and signposting to relevant resources.' },
  { code: 'guidelines_shared', name: 'Meeting Guidelines shared', guidance: 'The Meeting Guidelines were shared.' },
] as const;

export type StructureItem = (typeof MEETING_STRUCTURE)[number]['code'];
export const STRUCTURE_ITEMS = MEETING_STRUCTURE.map((i) => i.code) as [StructureItem, ...StructureItem[]];

/** Site visits support a new meeting and its new facilitators; quality-assurance visits give feedback on an existing one (Section 6, ongoing support). */
export const VISIT_KINDS = { site: 'Site visit', quality_assurance: 'Quality-assurance visit' } as const;
export type VisitKind = keyof typeof VISIT_KINDS;

/** The parts of the structure the visitor did not see, in meeting order. */
export function structureGaps(observed: Record<StructureItem, boolean>): StructureItem[] {
  return STRUCTURE_ITEMS.filter((item) => !observed[item]);
}
