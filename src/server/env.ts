import { z } from 'zod';

/**
 * Configuration, checked once at start-up. Every variable is optional; the defaults start Partner
 * Hub on the embedded database with mail kept in the Outbox.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('localhost'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres://')
    .optional(),
  PGLITE_DIR: z.string().min(1).default('./data/pglite'),
  PUBLIC_URL: z.string().url().optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'SMTP_URL must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('UK SMART Recovery <no-reply@partnerhub.example>'),
  DEMO_DATA: z.enum(['auto', 'off']).default('auto'),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CHARITY_NAME: z.string().default('UK SMART Recovery'),
  CHARITY_NUMBERS: z.string().default('Registered charity in England and Wales (1160516) and Scotland (SC046247)'),
  CHARITY_ADDRESS: z.string().default('UK SMART Recovery, PO Box 4964, Stoke on Trent, ST3 9GU'),
  RENEWAL_REMINDER_DAYS: z
    .string()
    .regex(/^\d{1,3}(,\d{1,3})*$/, 'RENEWAL_REMINDER_DAYS is days before the end, comma-separated, like 60,30,7')
    .default('60,30,7'),
  RENEWAL_GRACE_DAYS: z.coerce.number().int().min(0).max(365).default(30),
  SCHEDULED_JOBS: z.enum(['on', 'off']).default('on'),
  GEOCODER_URL: z.string().url('GEOCODER_URL must be a URL, like https://api.postcodes.io').optional(),
  MAP_TILE_URL: z.string().regex(/^https?:\/\/.*\{z\}.*\{x\}.*\{y\}/, 'MAP_TILE_URL must be a tile URL with {z}, {x} and {y}').default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
  MAP_TILE_ATTRIBUTION: z.string().default('© OpenStreetMap contributors'),
  PAYMENT_DETAILS: z
    .string()
    .default('Pay by bank transfer to UK SMART Recovery. Central Office sends the account details with this invoice; ask at info@smartrecovery.org.uk if they are missing.'),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  publicUrl: string;
  database: { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };
  smtpUrl: string | undefined;
  mailFrom: string;
  demoData: boolean;
  trustProxy: boolean;
  logLevel: Env['LOG_LEVEL'];
  secureCookies: boolean;
  charity: { name: string; numbers: string; address: string };
  /** How to pay an invoice, printed on it. */
  paymentDetails: string;
  /** Whether this instance runs the scheduled jobs (renewals, reminders, surveys, listings); 'off' for an instance that only serves requests. */
  scheduledJobs: boolean;
  /** Postcode geocoding: a postcodes.io-compatible service when set, else only the imported ONS table. */
  geocoderUrl: string | undefined;
  /** The public map's tile server and its attribution. */
  map: { tileUrl: string; attribution: string };
  /** Renewal reminders (days before a licence ends) and the grace period after it. */
  licensing: { reminderDays: number[]; graceDays: number };
}

/** Reads and checks the environment; a bad value stops start-up with a message naming the variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Partner Hub cannot start: the configuration is not valid.\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`,
    database: e.DATABASE_URL ? { kind: 'postgres', url: e.DATABASE_URL } : { kind: 'pglite', dataDir: e.PGLITE_DIR },
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    demoData: e.DEMO_DATA === 'auto',
    trustProxy: e.TRUST_PROXY === 'true',
    logLevel: e.LOG_LEVEL,
    secureCookies: e.NODE_ENV === 'production',
    charity: { name: e.CHARITY_NAME, numbers: e.CHARITY_NUMBERS, address: e.CHARITY_ADDRESS },
    paymentDetails: e.PAYMENT_DETAILS,
    scheduledJobs: e.SCHEDULED_JOBS === 'on',
    geocoderUrl: e.GEOCODER_URL,
    map: { tileUrl: e.MAP_TILE_URL, attribution: e.MAP_TILE_ATTRIBUTION },
    licensing: {
      reminderDays: [...new Set(e.RENEWAL_REMINDER_DAYS.split(',').map(Number))].sort((a, b) => b - a),
      graceDays: e.RENEWAL_GRACE_DAYS,
    },
  };
}
