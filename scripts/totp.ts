// Prints the current two-factor code for a secret, for testers signing in as a demo staff account.
import { totpCode } from '../src/server/auth/totp.js';

const secret = process.argv[2];
if (!secret) {
  console.error('Usage: npm run totp -- SECRET');
  process.exit(2);
}
console.log(totpCode(secret));
