import { base32Decode, hotp } from '../../src/server/auth/totp.js';

const STEP_MS = 30_000;
/** The previous step's code is used only with this much of the current step left. */
const MARGIN_MS = 5_000;
const lastStepUsed = new Map<string, number>();

/**
 * A code from the authenticator that this test process has not used yet. Partner Hub accepts a
 * TOTP code once, each later than the last (decision 100), and allows one step of drift either way,
 * so a test signing the same person in several times uses the previous, the current and the next
 * step's code in that order, and past those waits for the next step, as a person would wait for
 * their app to show a new code. The previous step's code is skipped near the end of a step, where a
 * step boundary could pass before the server checks it.
 */
export async function unusedTotpCode(secret: string): Promise<string> {
  for (;;) {
    const now = Date.now();
    const current = Math.floor(now / STEP_MS);
    const lowest = (current + 1) * STEP_MS - now > MARGIN_MS ? current - 1 : current;
    const step = Math.max(lowest, (lastStepUsed.get(secret) ?? -Infinity) + 1);
    if (step <= current + 1) {
      lastStepUsed.set(secret, step);
      return hotp(base32Decode(secret), step);
    }
    await new Promise((resolve) => setTimeout(resolve, (current + 1) * STEP_MS - now + 50));
  }
}
