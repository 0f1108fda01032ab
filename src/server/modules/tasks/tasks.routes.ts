import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema } from '../../../shared/errors.js';
import { taskListQuerySchema, taskListSchema, taskSchema, taskStatusRequestSchema } from '../../../shared/schemas/tasks.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, requireUser } from '../../http.js';
import { listTasks, setTaskStatus } from './tasks.service.js';

const idParams = z.object({ id: z.uuid() });

/** Central Office's tasks inbox, and a Coordinator's own tasks (decision 179). */
export async function taskRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/tasks',
    {
      config: { policy: 'staff' },
      schema: {
        tags: ['Tasks'],
        summary:
          'Tasks raised for Central Office (every inbox) or assigned to the signed-in Coordinator. Open tasks oldest first, done tasks most recently closed first; with the open count of each inbox.',
        querystring: taskListQuerySchema,
        response: { 200: taskListSchema, 401: errorResponseSchema, 403: errorResponseSchema, 422: errorResponseSchema },
      },
    },
    async (request) => {
      const user = requireUser(request);
      return listTasks(deps, { userId: user.id, role: user.role }, request.query);
    },
  );

  api.put(
    '/api/v1/tasks/:id/status',
    {
      config: { policy: 'staff' },
      schema: {
        tags: ['Tasks'],
        summary:
          'Mark a task done or reopen it. Idempotent: the same status again changes nothing. A task closed by its own page (Start-Up Form review, quote, renewal or bespoke training to price, nomination to enrol) is refused with 409.',
        params: idParams,
        body: taskStatusRequestSchema,
        response: { 200: taskSchema, 404: errorResponseSchema, 409: errorResponseSchema, 422: errorResponseSchema },
      },
    },
    async (request) => {
      const user = requireUser(request);
      return setTaskStatus(deps, actorOf(request), { userId: user.id, role: user.role }, request.params.id, request.body);
    },
  );
}
