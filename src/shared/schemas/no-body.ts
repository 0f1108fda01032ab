import { z } from 'zod';

/**
 * The body of an action on a record that reads nothing from one (suspend, reactivate, erase, cancel,
 * send, mark done): none at all, or an empty object. Any field sent is refused with 422
 * `validation_failed` naming it, as every other route refuses a field it does not take (issue 10),
 * so a client cannot believe a reason, a status or a date it sent was applied. Fastify hands a
 * request without a body to validation as null, hence nullish rather than optional.
 */
export const noBodySchema = z.strictObject({}).meta({ id: 'NoBody' }).nullish();
