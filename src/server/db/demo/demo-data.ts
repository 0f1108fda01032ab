import type { DB } from '../database.js';
import { hashPassword } from '../../auth/password.js';
import type { Role } from '../../../shared/roles.js';

/**
 * Demo data: invented organisations and people only, spread over the regions and sectors the
 * guidance names. Emails use the reserved .example domain, so nothing can reach a real inbox.
 */
export const DEMO_PASSWORD = 'demo-password-2026';
export const DEMO_DOMAIN = 'demo.partnerhub.example';

interface DemoAccount {
  key: string;
  email: string;
  name: string;
  role: Role;
  label: string;
  organisation?: string;
  posts?: string[];
  /** Base32 TOTP secret, for roles that need two-factor sign-in. Demo only. */
  totpSecret?: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { key: 'central', email: `central.office@${DEMO_DOMAIN}`, name: 'Morgan Achterberg', role: 'central_office', label: 'Central Office', totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' },
  { key: 'coordinator', email: `coordinator.northwest@${DEMO_DOMAIN}`, name: 'Priya Lindqvist-Hale', role: 'coordinator', label: 'Community Coordinator (North West)', posts: ['north-west'], totpSecret: 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU' },
  { key: 'programme-lead', email: `veterans.lead@${DEMO_DOMAIN}`, name: 'Tomasz Okonkwo-Reed', role: 'coordinator', label: 'SMART Veterans Programme Lead', posts: ['veterans-lead'], totpSecret: 'MFRGGZDFMZTWQ2LKMFRGGZDFMZTWQ2LK' },
  { key: 'smart-lead', email: `smart.lead@${DEMO_DOMAIN}`, name: 'Jordan Whitcombe', role: 'smart_lead', label: 'SMART Lead (Riverside Recovery Partnership)', organisation: 'Riverside Recovery Partnership' },
  { key: 'smart-lead-2', email: `smart.lead.northbridge@${DEMO_DOMAIN}`, name: 'Rowan Castellane', role: 'smart_lead', label: 'SMART Lead (Northbridge Health NHS Trust)', organisation: 'Northbridge Health NHS Trust' },
  { key: 'facilitator', email: `facilitator@${DEMO_DOMAIN}`, name: 'Sam Idowu-Marsh', role: 'facilitator', label: 'Facilitator (Riverside Recovery Partnership)', organisation: 'Riverside Recovery Partnership' },
];

const ORGANISATIONS = [
  {
    name: 'Riverside Recovery Partnership', type: 'non-profit', sector: 'treatment-service', region: 'north-west', number: '1190001',
    sites: [
      { name: 'Riverside Hub', address: '12 Quayside Walk, Preston', postcode: 'PR1 8BU', nation: 'england', region: 'north-west' },
      { name: 'Riverside Outreach Office', address: '3 Mill Lane, Blackburn', postcode: 'BB2 1AA', nation: 'england', region: 'north-west' },
    ],
  },
  {
    name: 'Northbridge Health NHS Trust', type: 'non-profit', sector: 'nhs', region: 'north-east-yorkshire', number: null,
    sites: [{ name: 'Northbridge Community Drug and Alcohol Service', address: '40 Wellington Row, Leeds', postcode: 'LS1 4AP', nation: 'england', region: 'north-east-yorkshire' }],
  },
  {
    name: 'HMP Eastmoor', type: 'non-profit', sector: 'prison', region: 'midlands-london', number: null,
    sites: [{ name: 'HMP Eastmoor Healthcare Unit', address: 'Eastmoor Road, Nottingham', postcode: 'NG5 1AA', nation: 'england', region: 'midlands-london' }],
  },
  {
    name: 'Forward March Veterans Support', type: 'non-profit', sector: 'veterans-service', region: 'south-of-england', number: '1190002',
    sites: [{ name: 'Forward March Drop-in Centre', address: '8 Harbour Street, Portsmouth', postcode: 'PO1 3AX', nation: 'england', region: 'south-of-england' }],
  },
  {
    name: 'Brighter Paths Youth Service', type: 'non-profit', sector: 'youth-service', region: 'scotland', number: 'SC099001',
    sites: [{ name: 'Brighter Paths Glasgow', address: '22 Argyle Court, Glasgow', postcode: 'G2 8AA', nation: 'scotland', region: 'scotland' }],
  },
  {
    name: 'Harbourview Residential Clinic Ltd', type: 'for-profit', sector: 'residential', region: 'north-wales', number: '09900001',
    sites: [{ name: 'Harbourview House', address: '5 Promenade, Llandudno', postcode: 'LL30 2AA', nation: 'wales', region: 'north-wales' }],
  },
  {
    name: 'Loughside Community Trust', type: 'non-profit', sector: 'voluntary', region: 'northern-ireland', number: 'NIC100001',
    sites: [{ name: 'Loughside Centre', address: '14 Shore Road, Belfast', postcode: 'BT15 3AA', nation: 'northern-ireland', region: 'northern-ireland' }],
  },
] as const;

/** True when the database has no organisations and no accounts yet. */
export async function isEmpty(db: DB): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}

/** Loads the demo network in one transaction. */
export async function loadDemoData(db: DB): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (trx) => {
    const orgIds = new Map<string, string>();
    for (const o of ORGANISATIONS) {
      const { id } = await trx
        .insertInto('organisations')
        .values({ name: o.name, organisation_type: o.type, sector_code: o.sector, region_code: o.region, charity_or_company_number: o.number })
        .returning('id')
        .executeTakeFirstOrThrow();
      orgIds.set(o.name, id);
      await trx
        .insertInto('sites')
        .values(o.sites.map((s) => ({ organisation_id: id, name: s.name, address: s.address, postcode: s.postcode, nation_code: s.nation, region_code: s.region })))
        .execute();
    }
    for (const a of DEMO_ACCOUNTS) {
      const { id } = await trx
        .insertInto('users')
        .values({
          email: a.email,
          name: a.name,
          role: a.role,
          organisation_id: a.organisation ? orgIds.get(a.organisation)! : null,
          password_hash: passwordHash,
          totp_secret: a.totpSecret ?? null,
          status: 'active',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const post of a.posts ?? []) {
        await trx.insertInto('user_scopes').values({ user_id: id, post_code: post }).execute();
        await trx.updateTable('coordinator_posts').set({ holder_user_id: id }).where('code', '=', post).execute();
      }
    }
  });
}

/** Whether the demo accounts are present, so start-up can print how to sign in. */
export async function hasDemoAccounts(db: DB): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('email', '=', DEMO_ACCOUNTS[0]!.email).executeTakeFirst();
  return Boolean(row);
}

export function demoSignInText(publicUrl: string): string {
  const lines = [
    '',
    'Demo sign-ins (invented people; every password is the same):',
    `  Password: ${DEMO_PASSWORD}`,
    ...DEMO_ACCOUNTS.map(
      (a) => `  ${a.label.padEnd(46)} ${a.email}${a.totpSecret ? `\n  ${''.padEnd(46)} two-factor secret ${a.totpSecret}` : ''}`,
    ),
    `  Sign in at ${publicUrl}/sign-in. Staff accounts ask for a code from an authenticator app set up with the secret above,`,
    '  or run: npm run totp -- SECRET',
    '',
  ];
  return lines.join('\n');
}
