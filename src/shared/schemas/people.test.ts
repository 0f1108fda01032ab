import { describe, expect, it } from 'vitest';
import { newSafeguardingCheckSchema } from './people.js';

const DBS = {
  kind: 'dbs',
  level: 'enhanced',
  certificateNumber: '001234567890',
  issuedOn: '2025-02-01',
  updateServiceSubscribed: true,
  updateServiceCheckedOn: '2026-11-01',
  verifiedOn: '2026-11-02',
  decision: 'suitable',
};

function problems(input: unknown): Record<string, string> {
  const result = newSafeguardingCheckSchema.safeParse(input);
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((i) => [i.path.join('.') || '(root)', i.message]));
}

describe('a safeguarding check is metadata only (Sections 8 and 9)', () => {
  it('accepts a DBS check with its details', () => {
    expect(problems(DBS)).toEqual({});
  });

  it('refuses any field beyond the metadata, such as a scan of the certificate', () => {
    expect(Object.keys(problems({ ...DBS, certificateScan: 'data:image/png;base64,AAAA' }))).toEqual(['(root)']);
  });

  it('checks the number against the shape each kind of certificate prints', () => {
    expect(problems({ ...DBS, certificateNumber: '12345' })).toEqual({ certificateNumber: 'Enter the number as printed: a DBS certificate number is 12 digits' });
    const pvg = { ...DBS, kind: 'pvg', level: 'pvg-scheme-record', updateServiceSubscribed: false, updateServiceCheckedOn: null };
    expect(problems({ ...pvg, certificateNumber: '1234567890123456' })).toEqual({});
    expect(Object.keys(problems({ ...pvg, certificateNumber: '001234567890' }))).toEqual(['certificateNumber']);
  });

  it('refuses a level the kind of check does not come in', () => {
    expect(Object.keys(problems({ ...DBS, level: 'pvg-scheme-record' }))).toEqual(['level']);
  });

  it('keeps the DBS Update Service to DBS certificates, and asks when it was last checked', () => {
    expect(Object.keys(problems({ ...DBS, kind: 'accessni', level: 'enhanced', certificateNumber: 'AB123456' }))).toEqual(['updateServiceSubscribed']);
    expect(problems({ ...DBS, updateServiceCheckedOn: null })).toEqual({ updateServiceCheckedOn: 'Enter when the Update Service was last checked' });
  });

  it('refuses a certificate seen before it was issued, and an impossible date', () => {
    expect(Object.keys(problems({ ...DBS, verifiedOn: '2025-01-01' }))).toEqual(['verifiedOn']);
    expect(Object.keys(problems({ ...DBS, issuedOn: '2025-02-30' }))).toContain('issuedOn');
  });
});
