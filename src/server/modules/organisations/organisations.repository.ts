import type { DB } from '../../db/database.js';
import type { OrganisationScope } from '../../auth/access.js';

const COLUMNS = [
  'o.id', 'o.name', 'o.organisation_type', 'o.sector_code', 'o.region_code', 'r.name as region_name', 's.name as sector_name', 'o.created_at',
] as const;

function scoped(db: DB, scope: OrganisationScope) {
  let query = db
    .selectFrom('organisations as o')
    .innerJoin('regions as r', 'r.code', 'o.region_code')
    .innerJoin('sectors as s', 's.code', 'o.sector_code');
  if (scope.kind === 'regions') {
    const { regions, sectors } = scope;
    query = query.where((eb) =>
      eb.or([
        ...(regions.length ? [eb('o.region_code', 'in', regions)] : []),
        ...(sectors.length ? [eb('o.sector_code', 'in', sectors)] : []),
        eb.val(false),
      ]),
    );
  } else if (scope.kind === 'organisation') {
    query = query.where('o.id', '=', scope.organisationId ?? '00000000-0000-0000-0000-000000000000');
  }
  return query;
}

/** The organisations a scope can see, by name, a page at a time. */
export async function listOrganisations(db: DB, scope: OrganisationScope, page: { limit: number; offset: number }) {
  const [rows, total] = await Promise.all([
    scoped(db, scope).select(COLUMNS).orderBy('o.name').orderBy('o.id').limit(page.limit).offset(page.offset).execute(),
    scoped(db, scope).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export function findOrganisation(db: DB, id: string) {
  return db
    .selectFrom('organisations as o')
    .innerJoin('regions as r', 'r.code', 'o.region_code')
    .innerJoin('sectors as s', 's.code', 'o.sector_code')
    .select([...COLUMNS, 'o.charity_or_company_number', 'o.address', 'o.postcode'])
    .where('o.id', '=', id)
    .executeTakeFirst();
}

export function listSites(db: DB, organisationId: string) {
  return db
    .selectFrom('sites')
    .select(['id', 'name', 'address', 'postcode', 'nation_code', 'region_code', 'satellite'])
    .where('organisation_id', '=', organisationId)
    .orderBy('name')
    .execute();
}
