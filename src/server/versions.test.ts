import { describe, expect, it } from 'vitest';
import type { AppError } from './errors.js';
import { assertIfMatch, etag } from './versions.js';

const refusal = (header: string | undefined, version: number | string) => {
  try {
    assertIfMatch(header, { version }, { name: 'current' });
    return null;
  } catch (error) {
    return error as AppError;
  }
};

describe('versions', () => {
  it('makes a strong entity tag of a version', () => {
    expect(etag(7)).toBe('"7"');
    expect(etag('b2c4')).toBe('"b2c4"');
  });

  it('accepts the current tag, one of a list, or *', () => {
    expect(refusal('"7"', 7)).toBeNull();
    expect(refusal('"6", "7"', 7)).toBeNull();
    expect(refusal('*', 7)).toBeNull();
  });

  it('refuses a missing header with 428 and a stale or weak tag with 412, carrying the current record', () => {
    const missing = refusal(undefined, 7)!;
    expect([missing.code, missing.status]).toEqual(['precondition_required', 428]);
    const stale = refusal('"6"', 7)!;
    expect([stale.code, stale.status]).toEqual(['precondition_failed', 412]);
    expect(stale.details).toEqual({ currentVersion: 7, current: { name: 'current' } });
    expect(refusal('W/"7"', 7)?.status).toBe(412);
    expect(refusal('7', 7)?.status).toBe(412);
  });
});
