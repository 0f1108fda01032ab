import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../http.js';
import { errorResponseSchema } from '../../../shared/errors.js';
import { accountIdParamsSchema, accountStatusSchema } from '../../../shared/schemas/accounts.js';
import { noBodySchema } from '../../../shared/schemas/no-body.js';
import * as accounts from './accounts.service.js';

const tags = ['Accounts'];
const errors = { 401: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema, 422: errorResponseSchema };

/** Central Office suspends and reactivates accounts. */
export async function accountRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/api/v1/users/:id/suspend',
    {
      config: { policy: 'centralOffice' },
      schema: { tags, summary: 'Suspend an account: its sessions end at once and it cannot sign in', params: accountIdParamsSchema, body: noBodySchema, response: { 200: accountStatusSchema, ...errors } },
    },
    async (request) => accounts.suspendAccount(deps, actorOf(request), request.params.id),
  );

  api.post(
    '/api/v1/users/:id/reactivate',
    {
      config: { policy: 'centralOffice' },
      schema: { tags, summary: 'Reactivate a suspended account', params: accountIdParamsSchema, body: noBodySchema, response: { 200: accountStatusSchema, ...errors } },
    },
    async (request) => accounts.reactivateAccount(deps, actorOf(request), request.params.id),
  );
}
