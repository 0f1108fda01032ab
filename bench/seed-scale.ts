// npm run seed:scale -- --meetings 100000 --organisations 3000 --facilitators 20000 --seed 1 [--fresh] [--database-url postgres://…]
// Builds (or reuses) the large network on PostgreSQL that `npm run bench` measures. The database is
// --database-url, else SCALE_DATABASE_URL, by default postgres://postgres@127.0.0.1:5432/partner_hub_scale.
import { parseArgs } from 'node:util';
import { DEFAULT_SCALE, seedScale } from './scale-data.js';

const { values } = parseArgs({
  options: {
    meetings: { type: 'string' },
    organisations: { type: 'string' },
    facilitators: { type: 'string' },
    'survey-responses': { type: 'string' },
    seed: { type: 'string' },
    fresh: { type: 'boolean', default: false },
    'database-url': { type: 'string' },
  },
});

function count(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value.replaceAll(',', '').replaceAll('_', ''));
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, not "${value}"`);
  return n;
}

const result = await seedScale({
  databaseUrl: values['database-url'] ?? process.env.SCALE_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/partner_hub_scale',
  seed: count(values.seed, DEFAULT_SCALE.seed, 'seed'),
  meetings: count(values.meetings, DEFAULT_SCALE.meetings, 'meetings'),
  organisations: count(values.organisations, DEFAULT_SCALE.organisations, 'organisations'),
  facilitators: count(values.facilitators, DEFAULT_SCALE.facilitators, 'facilitators'),
  surveyResponses: count(values['survey-responses'], DEFAULT_SCALE.surveyResponses, 'survey-responses'),
  fresh: values.fresh ?? false,
});
console.log(`${result.reused ? 'Reused' : 'Created'} the data set in ${result.seconds.toFixed(1)} s:`);
for (const [table, n] of Object.entries(result.counts)) console.log(`  ${table}: ${n.toLocaleString('en-GB')}`);
