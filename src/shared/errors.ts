import { z } from 'zod';

/** Every error code an API client can meet, with its HTTP status. Codes are stable: clients rely on them. */
export const ERROR_CODES = {
  validation_failed: 422,
  bad_request: 400,
  not_signed_in: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  conflict: 409,
  /** If-Match named an older version of the record; `details.current` carries the record as it now is. */
  /** An edit sent without If-Match (src/server/versions.ts). */
  precondition_required: 428,
  unsupported_media_type: 415,
  rule_broken: 422,
  /** Section 9: every training place of the licence year is taken. */
  no_places_left: 422,
  /** Section 10: every place on a staff-led training course is booked. */
  course_full: 422,
  /** The licence-year priced by hand already has its renewal invoice (decision 174); `details.invoice` names it. */
  renewal_already_invoiced: 409,
  /** The licence is not waiting for a price for that year: no task, renewed since, or the year it would renew is over (decision 174). */
  renewal_not_awaiting_price: 409,
  too_many_requests: 429,
  precondition_failed: 412,
  internal: 500,
  service_unavailable: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.unknown().optional(),
      reference: z.string().optional(),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorResponse = z.infer<typeof errorResponseSchema>;
