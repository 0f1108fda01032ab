import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotpStep, totpCode, verifyTotp } from './totp.js';

// RFC 6238 Appendix B test vectors (SHA-1, secret "12345678901234567890", 8 digits).
const RFC_SECRET = Buffer.from('12345678901234567890');

describe('totp', () => {
  it('matches the RFC 6238 SHA-1 test vectors', () => {
    expect(hotp(RFC_SECRET, Math.floor(59 / 30), 8)).toBe('94287082');
    expect(hotp(RFC_SECRET, Math.floor(1111111109 / 30), 8)).toBe('07081804');
    expect(hotp(RFC_SECRET, Math.floor(1234567890 / 30), 8)).toBe('89005924');
    expect(hotp(RFC_SECRET, Math.floor(20000000000 / 30), 8)).toBe('65353130');
  });

  it('round-trips base32', () => {
    expect(base32Decode(base32Encode(RFC_SECRET)).toString()).toBe('12345678901234567890');
    expect(base32Encode(RFC_SECRET)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });

  it('accepts the current code and one step of drift, and refuses others', () => {
    const secret = base32Encode(RFC_SECRET);
    const now = new Date('2026-11-24T10:00:00Z');
    expect(verifyTotp(secret, totpCode(secret, now), now)).toBe(true);
    expect(verifyTotp(secret, totpCode(secret, new Date(now.getTime() - 30_000)), now)).toBe(true);
    expect(verifyTotp(secret, totpCode(secret, new Date(now.getTime() - 90_000)), now)).toBe(false);
    expect(verifyTotp(secret, 'abcdef', now)).toBe(false);
  });

  it('tells which time step a code belongs to, so the step can be refused once used', () => {
    const secret = base32Encode(RFC_SECRET);
    const now = new Date('2026-11-24T10:00:00Z');
    const step = Math.floor(now.getTime() / 30_000);
    expect(matchTotpStep(secret, totpCode(secret, now), now)).toBe(step);
    expect(matchTotpStep(secret, totpCode(secret, new Date(now.getTime() + 30_000)), now)).toBe(step + 1);
    expect(matchTotpStep(secret, totpCode(secret, new Date(now.getTime() - 30_000)), now)).toBe(step - 1);
    expect(matchTotpStep(secret, totpCode(secret, new Date(now.getTime() - 90_000)), now)).toBeNull();
  });
});
