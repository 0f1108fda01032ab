import { describe, expect, it } from 'vitest';
import { APRIL_2026_SCHEDULE } from '../fees/fee-schedule.js';
import { coBrandedLines, PUBLICATIONS } from './catalogue.js';

describe('coBrandedLines', () => {
  it('prices each publication at its RRP plus one third: the guidance’s £12 handbook costs £16', () => {
    const [line] = coBrandedLines([{ code: 'smart-recovery-handbook', title: 'SMART Recovery Handbook', rrpPence: 1_200, quantity: 10 }], APRIL_2026_SCHEDULE);
    expect(line).toMatchObject({ unitPence: 1_600, amountPence: 16_000, quantity: 10 });
    expect(line!.description).toBe('Co-branded SMART Recovery Handbook: 10 × £16.00');
    expect(line!.rule).toBe('Section 9: co-branded publications cost the RRP plus one third: £12.00 + £4.00 = £16.00 each.');
  });

  it('gives one line per publication and rounds the third half up to the penny', () => {
    const lines = coBrandedLines(
      [
        { code: 'a', title: 'A', rrpPence: 1_500, quantity: 2 },
        { code: 'b', title: 'B', rrpPence: 500, quantity: 3 },
      ],
      APRIL_2026_SCHEDULE,
    );
    expect(lines.map((l) => [l.unitPence, l.amountPence])).toEqual([
      [2_000, 4_000],
      [667, 2_001],
    ]);
  });

  it('has a catalogue with unique codes and positive RRPs', () => {
    expect(new Set(PUBLICATIONS.map((p) => p.code)).size).toBe(PUBLICATIONS.length);
    expect(PUBLICATIONS.every((p) => Number.isInteger(p.rrpPence) && p.rrpPence > 0)).toBe(true);
  });
});
