/**
 * The kinds of task Partner Hub raises in Central Office's inboxes (decision 179): what each is
 * called, which portal page deals with it, and whether that page closes it. A task closed by its
 * own page (a Start-Up Form accepted, a quote priced, a renewal invoiced) cannot be marked done
 * from the inbox, or the work would look finished while it is not; every other task is marked done
 * (or reopened) by hand.
 */
export interface TaskKind {
  name: string;
  /** The page that deals with it, from the task's subject; null where no page does. */
  link: (subject: { id: string; reference: string | null }) => string | null;
  /** The page's own action closes the task, so the inbox does not. */
  closedByItsPage: boolean;
}

const byId = (base: string) => (s: { id: string }) => `${base}/${encodeURIComponent(s.id)}`;
const fixed = (path: string) => () => path;

export const TASK_KINDS: Record<string, TaskKind> = {
  'start_up_form.review': { name: 'Start-Up Form to review', link: byId('/portal/start-up-forms'), closedByItsPage: true },
  'quote.price_on_request': {
    name: 'Quotation to price',
    link: (s) => (s.reference ? `/portal/quote-requests/${encodeURIComponent(s.reference)}` : '/portal/quote-requests'),
    closedByItsPage: true,
  },
    // Pricing it closes it, but so may Central Office when the organisation is not renewing or the year is over (decision 174).
  'renewal.price_by_hand': { name: 'Renewal to price', link: fixed('/portal/renewals/to-price'), closedByItsPage: false },
  'nomination.enrol': { name: 'Training nomination to enrol', link: fixed('/portal/training/enrol'), closedByItsPage: true },
  'training_request.price': { name: 'Bespoke training to price', link: fixed('/portal/training/requests'), closedByItsPage: true },
  'training_course.under_booked': { name: 'Training course under-booked', link: byId('/portal/training/courses'), closedByItsPage: false },
  'training_places.record': { name: 'Training places to record', link: byId('/portal/invoices'), closedByItsPage: false },
  'training.send_manual': { name: 'Facilitator Manual to send', link: byId('/portal/training/people'), closedByItsPage: false },
  'volunteer.application': { name: 'Volunteer application', link: byId('/portal/volunteers'), closedByItsPage: false },
  'publication_order.print': { name: 'Co-branded publications to print', link: fixed('/portal/publications'), closedByItsPage: false },
  'meeting.welcome_pack': { name: 'Welcome pack to send', link: byId('/portal/meetings'), closedByItsPage: false },
  'meeting.changed': { name: 'Meeting changed', link: byId('/portal/meetings'), closedByItsPage: false },
  'meeting.closed': { name: 'Meeting closed', link: byId('/portal/meetings'), closedByItsPage: false },
  'contact.message': { name: 'Contact message to answer', link: () => null, closedByItsPage: false },
};

/** A kind this list does not know yet: named by its code, no page, closed by hand. */
export function taskKind(kind: string): TaskKind {
  return TASK_KINDS[kind] ?? { name: kind, link: () => null, closedByItsPage: false };
}
