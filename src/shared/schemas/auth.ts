import { z } from 'zod';
import { ROLES } from '../roles.js';

const email = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'Enter your email address')
  .max(254, 'Use at most 254 characters')
  .pipe(z.email('Enter an email address in the right format, like name@example.org'));

export const signInSchema = z.object({
  email,
  password: z.string().min(1, 'Enter your password').max(200),
});

export const twoFactorSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'Enter the 6-digit code from your authenticator app'),
});

export const passwordResetRequestSchema = z.object({ email });

/** New passwords: long rather than complicated (NCSC guidance). */
export const newPasswordSchema = z
  .object({
    password: z.string().min(12, 'Use at least 12 characters').max(200, 'Use at most 200 characters'),
    confirm: z.string(),
    code: z.string().trim().optional(),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The passwords do not match' });

export const invitationRequestSchema = z
  .strictObject({
    email,
    name: z.string().trim().min(1, 'Enter their name').max(200),
    role: z.enum(ROLES),
    organisationId: z.uuid().optional(),
    posts: z.array(z.string().max(64)).max(10).optional(),
  })
  .meta({ id: 'InvitationRequest' });
export type InvitationRequest = z.infer<typeof invitationRequestSchema>;

export const currentUserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    organisationId: z.string().nullable(),
    organisationName: z.string().nullable(),
    regions: z.array(z.object({ code: z.string(), name: z.string() })),
    csrfToken: z.string(),
  })
  .meta({ id: 'CurrentUser' });
export type CurrentUserResponse = z.infer<typeof currentUserSchema>;

/** Field errors from a zod error, keyed by field name, first message each. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'form');
    out[key] ??= issue.message;
  }
  return out;
}
