import type { z } from 'zod';
import { ApiError } from '../../../app/api.js';

export type FieldErrors = Record<string, string>;

/** The list of problems at the top of a form, each linking to its field. */
export function ErrorSummary({ id, errors, problem }: { id: string; errors: FieldErrors; problem?: string | null }) {
  const entries = Object.entries(errors).filter(([, message]) => Boolean(message));
  return (
    <>
      {entries.length > 0 ? (
        <div className="error-summary" role="alert" aria-labelledby={`${id}-title`}>
          <h3 id={`${id}-title`}>There is a problem</h3>
          <ul>
            {entries.map(([field, message]) => (
              <li key={field}>
                <a href={`#${field}`}>{message}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {problem ? (
        <div className="error-summary" role="alert">
          <p>{problem}</p>
        </div>
      ) : null}
    </>
  );
}

/** A zod failure as messages by field id, the first message for each; `idOf` maps a path to the field's id. */
export function issuesByField(error: z.ZodError, idOf: (path: PropertyKey[]) => string = (p) => String(p[0])): FieldErrors {
  const found: FieldErrors = {};
  for (const issue of error.issues) found[idOf(issue.path)] ??= issue.message;
  return found;
}

/**
 * The server's refusal as messages by field id when it names fields it knows, else as one problem.
 * Field names arrive as `body.name` (validation) or `name` (the scheme's rules).
 */
export function serverErrors(error: unknown, idOf: (field: string) => string | null, fallback: string): { errors: FieldErrors; problem: string | null } {
  if (error instanceof ApiError && Array.isArray(error.body?.error.details)) {
    const errors: FieldErrors = {};
    for (const d of error.body.error.details as { field?: string; message?: string }[]) {
      const id = d.field ? idOf(d.field.replace(/^body\./, '')) : null;
      if (id && d.message) errors[id] ??= d.message;
    }
    if (Object.keys(errors).length > 0) return { errors, problem: null };
  }
  return { errors: {}, problem: error instanceof ApiError ? error.message : fallback };
}
