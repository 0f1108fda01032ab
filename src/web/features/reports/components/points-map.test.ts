import { describe, expect, it } from 'vitest';
import { fittedBounds, MIN_FITTED_SPAN } from './points-map.js';

describe('fittedBounds (decision 180)', () => {
  it("holds every place, with a margin, and not the whole UK when an organisation's places are in one city", () => {
    const places = [
      { latitude: 53.48, longitude: -2.24 },
      { latitude: 53.52, longitude: -2.3 },
      { latitude: 53.45, longitude: -2.2 },
    ];
    const b = fittedBounds(places);
    for (const p of places) {
      expect(p.latitude).toBeGreaterThan(b.south);
      expect(p.latitude).toBeLessThan(b.north);
      expect(p.longitude).toBeGreaterThan(b.west);
      expect(p.longitude).toBeLessThan(b.east);
    }
    expect(b.north - b.south).toBeCloseTo(MIN_FITTED_SPAN);
    expect(b.east - b.west).toBeLessThan(1);
  });

  it('shows one place with its surroundings, centred, at the least span', () => {
    const b = fittedBounds([{ latitude: 55.86, longitude: -4.25 }]);
    expect(b.north - b.south).toBeCloseTo(MIN_FITTED_SPAN);
    expect((b.north + b.south) / 2).toBeCloseTo(55.86);
    expect((b.east + b.west) / 2).toBeCloseTo(-4.25);
  });

  it('keeps a map of places far apart no wider than twice its height', () => {
    const b = fittedBounds([
      { latitude: 52, longitude: -4 },
      { latitude: 52.01, longitude: 0 },
    ]);
    const cos = Math.cos((54 * Math.PI) / 180);
    expect((b.east - b.west) * cos).toBeLessThanOrEqual(2 * (b.north - b.south) + 1e-9);
  });
});
