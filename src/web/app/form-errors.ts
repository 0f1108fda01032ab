import type { z } from 'zod';
import type { FieldErrors } from '../components/ui/field.js';
import { ApiError } from './api.js';

/** A zod failure as messages by field id, the first message for each; `idOf` maps a path to the field's id. */
export function issuesByField(error: z.ZodError, idOf: (path: PropertyKey[]) => string = (p) => String(p[0])): FieldErrors {
  const found: FieldErrors = {};
  for (const issue of error.issues) found[idOf(issue.path)] ??= issue.message;
  return found;
}

/**
 * The API's field details as messages by field id, the first for each. Field names arrive as
 * `body.name` (validation) or `name` (the scheme's rules); `idOf` gets them without `body.` and
 * answers the id of the control, or null for a field the form does not show.
 */
export function apiFieldErrors(error: unknown, idOf: (field: string) => string | null = (field) => field): FieldErrors {
  const found: FieldErrors = {};
  const details = error instanceof ApiError ? error.body?.error.details : undefined;
  if (!Array.isArray(details)) return found;
  for (const d of details as { field?: string; message?: string }[]) {
    const id = d.field ? idOf(d.field.replace(/^body\./, '')) : null;
    if (id && d.message) found[id] ??= d.message;
  }
  return found;
}

/** The server's refusal as messages by field id when it names fields the form shows, else as one problem. */
export function serverErrors(error: unknown, idOf: (field: string) => string | null, fallback: string): { errors: FieldErrors; problem: string | null } {
  const errors = apiFieldErrors(error, idOf);
  if (Object.keys(errors).length > 0) return { errors, problem: null };
  return { errors: {}, problem: error instanceof ApiError ? error.message : fallback };
}
