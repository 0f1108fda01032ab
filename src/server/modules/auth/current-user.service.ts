import type { CurrentUser } from '../../auth/current-user.js';
import type { AppDeps } from '../../deps.js';
import type { CurrentUserResponse } from '../../../shared/schemas/auth.js';

/** The signed-in person as the portal shows them: role, organisation and regions by name. */
export async function describeCurrentUser(deps: AppDeps, user: CurrentUser, csrfToken: string): Promise<CurrentUserResponse> {
  const [organisation, regions] = await Promise.all([
    user.organisationId
      ? deps.db.selectFrom('organisations').select('name').where('id', '=', user.organisationId).executeTakeFirst()
      : undefined,
    user.regions.length
      ? deps.db.selectFrom('regions').select(['code', 'name']).where('code', 'in', user.regions).orderBy('name').execute()
      : [],
  ]);
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    organisationId: user.organisationId,
    organisationName: organisation?.name ?? null,
    regions,
    csrfToken,
  };
}
