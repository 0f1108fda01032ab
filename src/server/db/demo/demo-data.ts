import type { DB } from '../database.js';
import { hashPassword } from '../../auth/password.js';
import type { Role } from '../../../shared/roles.js';
import { type Config, loadConfig } from '../../env.js';
import { licenceTypeName } from '../../../domain/names.js';
import type { LicenceTypeCode } from '../../../domain/reference.js';
import { issueInvoice, recordPayment } from '../../modules/invoices/invoices.service.js';
import { loadDemoMeetings } from './demo-meetings.js';

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

/**
 * The demo's licences: who holds what, and when it was paid. One prison's licence has run past its
 * grace period (the renewal run marks it lapsed), and one organisation's invoice is still unpaid.
 */
const DEMO_LICENSING: { organisation: string; paidOn: string | null; lines: { site: string; licence: string; pence: number; rule: string }[] }[] = [
  {
    organisation: 'Riverside Recovery Partnership',
    paidOn: '2026-03-01',
    lines: [
      { site: 'Riverside Hub', licence: 'smart-recovery', pence: 70_000, rule: 'Section 10: annual fee per site for non-profit organisations.' },
      { site: 'Riverside Hub', licence: 'family-and-friends', pence: 41_000, rule: 'Section 10: reduced from £700.00 because this quote includes a SMART Recovery licence for this site.' },
      { site: 'Riverside Outreach Office', licence: 'satellite', pence: 18_000, rule: 'Section 10: annual fee per site for non-profit organisations.' },
    ],
  },
  { organisation: 'Northbridge Health NHS Trust', paidOn: '2026-06-15', lines: [{ site: 'Northbridge Community Drug and Alcohol Service', licence: 'smart-recovery', pence: 70_000, rule: 'Section 10: annual fee per site for non-profit organisations.' }] },
  { organisation: 'HMP Eastmoor', paidOn: '2025-10-01', lines: [{ site: 'HMP Eastmoor Healthcare Unit', licence: 'criminal-justice', pence: 111_000, rule: 'Section 10: annual fee per site for non-profit organisations.' }] },
  {
    organisation: 'Forward March Veterans Support',
    paidOn: '2026-05-01',
    lines: [
      { site: 'Forward March Drop-in Centre', licence: 'smart-recovery', pence: 70_000, rule: 'Section 10: annual fee per site for non-profit organisations.' },
      { site: 'Forward March Drop-in Centre', licence: 'veterans', pence: 57_500, rule: 'Section 10: reduced from £1,110.00 because this quote includes a SMART Recovery licence for this site.' },
    ],
  },
  { organisation: 'Brighter Paths Youth Service', paidOn: '2026-09-01', lines: [{ site: 'Brighter Paths Glasgow', licence: 'smart-recovery', pence: 70_000, rule: 'Section 10: annual fee per site for non-profit organisations.' }] },
  { organisation: 'Harbourview Residential Clinic Ltd', paidOn: '2026-04-10', lines: [{ site: 'Harbourview House', licence: 'smart-recovery', pence: 140_000, rule: 'Section 10: annual fee per site for profit-making organisations.' }] },
  { organisation: 'Loughside Community Trust', paidOn: null, lines: [{ site: 'Loughside Centre', licence: 'smart-recovery', pence: 70_000, rule: 'Section 10: annual fee per site for non-profit organisations.' }] },
];

/** Loads the demo network: organisations, sites and accounts in one transaction, then their invoices and licences. */
export async function loadDemoData(db: DB, config: Config = loadConfig({})): Promise<void> {
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
  await loadDemoLicensing(db, config);
  await loadDemoPeople(db);
  await loadDemoMeetings(db, DEMO_ACCOUNTS.find((a) => a.key === 'facilitator')!.email);
}

/**
 * Facilitator records for the demo's Riverside people: the facilitator qualified, checked and
 * signed up to the Code of Conduct; the SMART Lead in training (Section 7).
 */
async function loadDemoPeople(db: DB): Promise<void> {
  const people = [
    { key: 'facilitator', inTraining: false },
    { key: 'smart-lead', inTraining: true },
  ];
  for (const p of people) {
    const account = DEMO_ACCOUNTS.find((a) => a.key === p.key)!;
    const user = await db.selectFrom('users').select(['id', 'organisation_id']).where('email', '=', account.email).executeTakeFirstOrThrow();
    const { id } = await db
      .insertInto('facilitators')
      .values({ name: account.name, email: account.email, user_id: user.id, in_training: p.inTraining })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('facilitator_organisations').values({ facilitator_id: id, organisation_id: user.organisation_id!, capacity: 'staff' }).execute();
    if (p.inTraining) continue;
    await db.insertInto('facilitator_qualifications').values({ facilitator_id: id, code: 'smart-facilitator', achieved_on: '2025-09-15', recorded_by: null }).execute();
    await db
      .insertInto('safeguarding_checks')
      .values({ facilitator_id: id, kind: 'dbs', level: 'enhanced', certificate_number: '000000000001', issued_on: '2024-12-10', verified_on: '2024-12-20', verified_by: null, decision: 'suitable' })
      .execute();
    await db.insertInto('code_of_conduct_acceptances').values({ facilitator_id: id, version: '2026.1' }).execute();
  }
}

async function loadDemoLicensing(db: DB, config: Config): Promise<void> {
  const actor = { userId: null, label: 'demo data' };
  for (const demo of DEMO_LICENSING) {
    const organisation = await db.selectFrom('organisations').select('id').where('name', '=', demo.organisation).executeTakeFirstOrThrow();
    const sites = await db.selectFrom('sites').select(['id', 'name']).where('organisation_id', '=', organisation.id).execute();
    const finance = { name: `${demo.organisation} finance team`, email: `finance.${organisation.id.slice(0, 8)}@${DEMO_DOMAIN}` };
    await db.updateTable('organisations').set({ finance_contact_name: finance.name, finance_contact_email: finance.email }).where('id', '=', organisation.id).execute();
    const issuedAt = new Date(`${demo.paidOn ?? '2026-11-10'}T09:00:00Z`);
    issuedAt.setUTCDate(issuedAt.getUTCDate() - 14);
    const deps = { db, config, now: () => issuedAt };
    const invoice = await issueInvoice(deps, actor, {
      organisationId: organisation.id,
      kind: 'new',
      billing: finance,
      poNumber: `PO-DEMO-${organisation.id.slice(0, 4).toUpperCase()}`,
      feeScheduleId: 'april-2026',
      source: { type: 'demo', id: organisation.id },
      lines: demo.lines.map((l) => ({
        kind: 'licence' as const,
        siteId: sites.find((s) => s.name === l.site)!.id,
        licenceType: l.licence,
        description: `${licenceTypeName(l.licence as LicenceTypeCode)} licence`,
        rule: l.rule,
        amountPence: l.pence,
      })),
    });
    if (demo.paidOn) {
      const total = demo.lines.reduce((sum, l) => sum + l.pence, 0);
      // Recorded on the day it was paid, 14 days after the invoice: a payment is never dated after today (decision 179).
      const paidAt = new Date(`${demo.paidOn}T12:00:00Z`);
      await recordPayment({ ...deps, now: () => paidAt }, actor, invoice.id, { amountPence: total, paidOn: demo.paidOn, method: 'bank-transfer', reference: `DEMO-${invoice.number}` });
    }
  }
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
