import { describe, expect, it } from 'vitest';
import { licenceInOperationOn, MAP_CELL_DEGREES, mapCell, meetingRunningBetween, mondayOf, monthEnd, monthsBetween, postcodeArea, weeksBetween } from './network.js';

describe('network report rules', () => {
  it('counts a meeting as running in a week it overlaps, and not once closed or before it starts', () => {
    const m = { status: 'running' as const, startsOn: '2026-11-05', endsOn: null };
    expect(meetingRunningBetween(m, '2026-11-02', '2026-11-08')).toBe(true);
    expect(meetingRunningBetween(m, '2026-10-26', '2026-11-01')).toBe(false);
    const closed = { status: 'closed_down' as const, startsOn: '2026-01-05', endsOn: '2026-11-03' };
    expect(meetingRunningBetween(closed, '2026-11-02', '2026-11-08')).toBe(true);
    expect(meetingRunningBetween(closed, '2026-11-09', '2026-11-15')).toBe(false);
    expect(meetingRunningBetween({ status: 'closed_down', startsOn: '2026-12-01', endsOn: null }, '2026-12-01', '2026-12-07')).toBe(false);
  });

  it('counts a licence in grace as in operation today but a past day by its licence year', () => {
    const grace = { status: 'in_grace' as const, startsOn: '2025-11-01', endsOn: '2026-10-31' };
    expect(licenceInOperationOn(grace, '2026-11-24', '2026-11-24')).toBe(true);
    expect(licenceInOperationOn(grace, '2026-11-10', '2026-11-24')).toBe(false);
    expect(licenceInOperationOn(grace, '2026-06-30', '2026-11-24')).toBe(true);
    expect(licenceInOperationOn({ ...grace, status: 'lapsed' }, '2026-11-24', '2026-11-24')).toBe(false);
  });

  it('works out weeks (Monday to Sunday), months and postcode areas', () => {
    expect(mondayOf('2026-11-29')).toBe('2026-11-23');
    expect(mondayOf('2026-11-23')).toBe('2026-11-23');
    expect(weeksBetween('2026-11-01', '2026-11-16')).toEqual(['2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16']);
    expect(monthsBetween('2025-11-15', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthEnd('2026-02')).toBe('2026-02-28');
    expect(monthEnd('2026-12')).toBe('2026-12-31');
    expect(postcodeArea('PR1 8BU')).toBe('PR');
    expect(postcodeArea('m1 1ae')).toBe('M');
    expect(postcodeArea(null)).toBeNull();
  });
});

describe('map cells', () => {
  it('puts places in cells of MAP_CELL_DEGREES counted from 0°N 0°E, west and south of it negative', () => {
    expect(MAP_CELL_DEGREES).toBe(0.2);
    expect(mapCell(53.7592, -2.6991)).toEqual({ row: 268, column: -14 });
    expect(mapCell(53.76, -2.7)).toEqual({ row: 268, column: -14 }); // the same cell as the site next to it
    expect(mapCell(53.48, -2.24)).toEqual({ row: 267, column: -12 });
    expect(mapCell(51.5, 0.1)).toEqual({ row: 257, column: 0 });
    expect(mapCell(51.5, -0.1)).toEqual({ row: 257, column: -1 });
    expect(mapCell(null, -2.7)).toBeNull();
    expect(mapCell(53.76, null)).toBeNull();
  });
});
