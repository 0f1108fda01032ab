import { z } from 'zod';
import { ROLES } from '../roles.js';

export const accountIdParamsSchema = z.object({ id: z.uuid() });

/** An account's state after Central Office suspends or reactivates it. */
export const accountStatusSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    role: z.enum(ROLES),
    status: z.enum(['invited', 'active', 'suspended']),
  })
  .meta({ id: 'AccountStatus' });
export type AccountStatus = z.infer<typeof accountStatusSchema>;
