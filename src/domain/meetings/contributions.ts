import type { IsoDate } from '../iso-date.js';

/**
 * "Pass the hat" (Section 9, "Are meetings free for participants to attend?"): facilitators of a
 * community peer-led meeting may collect contributions towards room hire or refreshments, and every
 * penny must be documented; partnership meetings may not collect them. docs/decisions/092.
 */

export const CONTRIBUTION_PURPOSES = [
  { code: 'room_hire', name: 'Room hire' },
  { code: 'refreshments', name: 'Refreshments' },
  { code: 'room_hire_and_refreshments', name: 'Room hire and refreshments' },
] as const;

export type ContributionPurpose = (typeof CONTRIBUTION_PURPOSES)[number]['code'];

export const CONTRIBUTION_PURPOSE_CODES = CONTRIBUTION_PURPOSES.map((p) => p.code) as [ContributionPurpose, ...ContributionPurpose[]];

export function contributionPurposeName(code: string): string {
  return CONTRIBUTION_PURPOSES.find((p) => p.code === code)?.name ?? code;
}

/** One collection larger than this (£1,000) is almost certainly a typing slip. */
export const MAX_CONTRIBUTION_PENCE = 100_000;

/** Section 9, word for word. */
export const PARTNERSHIP_CONTRIBUTIONS_QUOTE =
  'As the costs for meetings under the Partnership Scheme are met by the partner organisation, we do not permit contributions for room hire within those meetings.';

/** Why a partnership meeting has no contributions form, and what the API answers. */
export const PARTNERSHIP_CONTRIBUTIONS_REASON = `Contributions cannot be recorded for a partnership meeting. Section 9 of the Partnership Guidance: “${PARTNERSHIP_CONTRIBUTIONS_QUOTE}”`;

/** Section 9, "What if participants want to donate to UKSR?", for both kinds of meeting. */
export const DONATING_TO_UKSR =
  'Participants who want to donate to UK SMART Recovery can do so directly by texting 70580 with the amount they wish to give, through the website, or with the QR code in the handbook.';

/** Only community peer-led meetings, which UKSR provides, may record contributions. */
export function mayRecordContributions(provider: 'partner' | 'uksr'): boolean {
  return provider === 'uksr';
}

/** The month a date falls in, 'YYYY-MM'. */
export function monthOf(date: IsoDate): string {
  return date.slice(0, 7);
}

/** Whether a string is a real month in 'YYYY-MM' form. */
export function isMonth(value: string): boolean {
  const match = /^(\d{4})-(\d{2})$/.exec(value);
  return match !== null && Number(match[2]) >= 1 && Number(match[2]) <= 12;
}

/** The first and last days of a 'YYYY-MM' month. */
export function monthBounds(month: string): { first: IsoDate; last: IsoDate } {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const days = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return { first: `${month}-01`, last: `${month}-${String(days).padStart(2, '0')}` };
}

/** The month some whole months after (or before) another: '2026-01' - 1 → '2025-12'. */
export function addMonths(month: string, months: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + months;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}
