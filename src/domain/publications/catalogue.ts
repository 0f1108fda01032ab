import type { FeeSchedule } from '../fees/fee-schedule.js';
import { publicationUnitPence } from '../fees/publication-price.js';
import { formatPence } from '../money.js';

/**
 * The publications a partner can order co-branded (Section 9: "Co-branded SMART Recovery
 * publications can be produced with your organisation's logo on the outer cover, printed to
 * order"). The guidance names the kinds (programme handbooks, the Facilitator Manual, leaflets)
 * but lists no titles or prices except "a £12 handbook", so these titles and RRPs are invented
 * demo data for Central Office to replace (docs/decisions/131-co-branded-publication-orders.md).
 */
export const PUBLICATIONS = [
  { code: 'smart-recovery-handbook', title: 'SMART Recovery Handbook', rrpPence: 1_200 },
  { code: 'family-and-friends-handbook', title: 'SMART Family & Friends Handbook', rrpPence: 1_200 },
  { code: 'insideout-workbook', title: 'SMART InsideOut Workbook', rrpPence: 1_500 },
  { code: 'veterans-handbook', title: 'SMART Veterans Handbook', rrpPence: 1_200 },
  { code: 'facilitator-manual', title: 'SMART Facilitator Manual', rrpPence: 2_500 },
  { code: 'tool-cards', title: 'SMART Tools pocket cards (pack of 10)', rrpPence: 600 },
  { code: 'meeting-leaflets', title: 'Meeting leaflets (pack of 50)', rrpPence: 900 },
] as const;
export type PublicationCode = (typeof PUBLICATIONS)[number]['code'];

/** The most copies of one publication on one order. */
export const MAX_COPIES = 500;

export interface PublicationOrderItem {
  code: string;
  title: string;
  rrpPence: number;
  quantity: number;
}

export interface PublicationOrderLine {
  code: string;
  title: string;
  quantity: number;
  rrpPence: number;
  unitPence: number;
  amountPence: number;
  description: string;
  rule: string;
}

/** One invoice line per publication: the RRP plus one third (the schedule's co-branding surcharge) each. */
export function coBrandedLines(items: readonly PublicationOrderItem[], schedule: FeeSchedule): PublicationOrderLine[] {
  const { numerator, denominator } = schedule.coBrandingSurcharge;
  return items.map((item) => {
    const unitPence = publicationUnitPence(item.rrpPence, true, schedule);
    const surcharge = unitPence - item.rrpPence;
    const fraction = numerator === 1 && denominator === 3 ? 'one third' : `${numerator}/${denominator}`;
    return {
      code: item.code,
      title: item.title,
      quantity: item.quantity,
      rrpPence: item.rrpPence,
      unitPence,
      amountPence: unitPence * item.quantity,
      description: `Co-branded ${item.title}: ${item.quantity} × ${formatPence(unitPence)}`,
      rule: `Section 9: co-branded publications cost the RRP plus ${fraction}: ${formatPence(item.rrpPence)} + ${formatPence(surcharge)} = ${formatPence(unitPence)} each.`,
    };
  });
}
