import { z } from 'zod';

export const auditEventSchema = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    before: z.unknown(),
    after: z.unknown(),
  })
  .meta({ id: 'AuditEvent' });

export const auditListSchema = z.object({ items: z.array(auditEventSchema), total: z.number().int() }).meta({ id: 'AuditEventList' });

export const auditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  action: z.string().max(100).optional(),
  entityId: z.string().max(100).optional(),
});

export const outboxMessageSchema = z
  .object({
    id: z.string(),
    createdAt: z.string(),
    to: z.string(),
    subject: z.string(),
    body: z.string(),
    kind: z.string(),
    status: z.string(),
    attempts: z.number().int(),
    sentAt: z.string().nullable(),
    lastError: z.string().nullable(),
  })
  .meta({ id: 'OutboxMessage' });

export const outboxListSchema = z.object({ items: z.array(outboxMessageSchema), total: z.number().int() }).meta({ id: 'OutboxList' });
