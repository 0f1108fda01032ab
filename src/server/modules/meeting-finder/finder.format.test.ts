import { describe, expect, it } from 'vitest';
import { tileSource } from '../../security-headers.js';
import { formatClockTime, formatDistance, formatSchedule, formatScheduleInSentence, ukClocks, ukTimeNote } from './finder.format.js';
import { mapView, tileHref } from './finder.map.js';
import { boundingBox } from './finder.repository.js';

describe('UK clocks', () => {
  it('is GMT in winter and BST in summer, changing at 01:00 UTC on the last Sundays of March and October', () => {
    expect(ukClocks(new Date('2026-11-24T12:00:00Z'))).toEqual({ now: 'GMT', changesOn: '2027-03-28', next: 'BST' });
    expect(ukClocks(new Date('2026-03-29T00:59:59Z'))).toEqual({ now: 'GMT', changesOn: '2026-03-29', next: 'BST' });
    expect(ukClocks(new Date('2026-03-29T01:00:00Z'))).toEqual({ now: 'BST', changesOn: '2026-10-25', next: 'GMT' });
    expect(ukClocks(new Date('2026-10-25T01:00:00Z'))).toEqual({ now: 'GMT', changesOn: '2027-03-28', next: 'BST' });
    expect(ukTimeNote(new Date('2026-07-01T12:00:00Z'))).toBe('Times are UK time: BST (GMT+1) now, GMT from 25 October 2026.');
  });
});

describe('how the finder writes times, schedules and distances', () => {
  it('writes times the UK way', () => {
    expect(['09:30', '12:00', '00:00', '19:00', '13:05'].map(formatClockTime)).toEqual(['9:30am', '12 noon', 'midnight', '7pm', '1:05pm']);
  });
  it('says how often a meeting meets', () => {
    expect(formatSchedule({ frequency: 'weekly', day: 0, week_of_month: null })).toBe('Every Sunday');
    expect(formatSchedule({ frequency: 'fortnightly', day: 2, week_of_month: null })).toBe('Every other Tuesday');
    expect(formatSchedule({ frequency: 'monthly', day: 3, week_of_month: -1 })).toBe('Last Wednesday of the month');
    expect(formatSchedule({ frequency: 'monthly', day: 1, week_of_month: 2 })).toBe('Second Monday of the month');
  });
  it('keeps day names capitalised when the schedule sits inside a sentence (the printable list)', () => {
    expect(formatScheduleInSentence({ frequency: 'fortnightly', day: 4, week_of_month: null })).toBe('every other Thursday');
    expect(formatScheduleInSentence({ frequency: 'monthly', day: 5, week_of_month: 1 })).toBe('first Friday of the month');
  });
  it('gives distances in kilometres and miles', () => {
    expect(formatDistance(0.4)).toBe('0.4 km (0.2 miles)');
    expect(formatDistance(24.6)).toBe('25 km (15 miles)');
  });
});

describe('the search box and the map', () => {
  it('makes a box that holds the whole circle', () => {
    const box = boundingBox({ latitude: 53.759, longitude: -2.699 }, 25);
    // 25 km along the meridian, on the sphere the distances are measured on (6,371.0088 km).
    expect(box.maxLat - 53.759).toBeCloseTo(25 / ((6371.0088 * Math.PI) / 180), 6);
    // 25 km east at this latitude is about 0.38 degrees of longitude; the box is a little wider.
    expect(box.maxLng + 2.699).toBeGreaterThan(0.379);
    expect(box.maxLng + 2.699).toBeLessThan(0.4);
  });
  it('zooms to fit the pins, close in for one and out for a spread', () => {
    expect(mapView([{ latitude: 53.76, longitude: -2.7 }]).zoom).toBe(15);
    const spread = mapView([{ latitude: 53.76, longitude: -2.7 }, { latitude: 53.48, longitude: -2.24 }]);
    expect(spread.zoom).toBeGreaterThanOrEqual(8);
    expect(spread.zoom).toBeLessThanOrEqual(10);
  });
  it('fills in the tile template and allows its host in the CSP', () => {
    expect(tileHref('https://{s}.tiles.example.org/{z}/{x}/{y}.png', 11, 1007, 659)).toBe('https://a.tiles.example.org/11/1007/659.png');
    expect(tileSource('https://{s}.tiles.example.org/{z}/{x}/{y}.png')).toBe('https://*.tiles.example.org');
    expect(tileSource('https://tile.openstreetmap.org/{z}/{x}/{y}.png')).toBe('https://tile.openstreetmap.org');
    expect(tileSource("https://bad host'/{z}/{x}/{y}")).toBeNull();
  });
});
