import { z } from 'zod';
import { TEAM_INBOXES } from '../../domain/reference.js';

const inboxCodes = TEAM_INBOXES.map((i) => i.code) as [string, ...string[]];

/** GET /api/v1/tasks: one inbox or all, open or done, a page of them (decision 179). */
export const taskListQuerySchema = z.object({
  inbox: z.enum(inboxCodes, { message: 'Choose one of the inboxes' }).optional(),
  status: z.enum(['open', 'done'], { message: 'Choose open or done' }).default('open'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type TaskListQuery = z.infer<typeof taskListQuerySchema>;

export const taskSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    kindName: z.string(),
    title: z.string(),
    inbox: z.object({ code: z.string(), name: z.string() }).nullable(),
    status: z.enum(['open', 'done', 'cancelled']),
    raisedAt: z.string(),
    closedAt: z.string().nullable(),
    /** The portal page that deals with it; null where none does. */
    link: z.string().nullable(),
    /** Its page closes it (a form accepted, a quote priced), so the inbox cannot mark it done. */
    closedByItsPage: z.boolean(),
    /** Assigned to the signed-in person (a Coordinator's nomination or contact message). */
    assignedToMe: z.boolean(),
  })
  .meta({ id: 'Task' });
export type TaskResponse = z.infer<typeof taskSchema>;

export const taskListSchema = z
  .object({
    items: z.array(taskSchema),
    total: z.number().int(),
    /** Open tasks in each inbox the reader can see, every inbox listed (0 where none). */
    openByInbox: z.array(z.object({ code: z.string(), name: z.string(), open: z.number().int() })),
  })
  .meta({ id: 'TaskList' });
export type TaskListResponse = z.infer<typeof taskListSchema>;

/** PUT /api/v1/tasks/{id}/status: mark done or reopen. Sending the state it is already in changes nothing. */
export const taskStatusRequestSchema = z
  .strictObject({ status: z.enum(['open', 'done'], { message: 'Choose open or done' }) })
  .meta({ id: 'TaskStatusRequest' });
export type TaskStatusRequest = z.infer<typeof taskStatusRequestSchema>;
