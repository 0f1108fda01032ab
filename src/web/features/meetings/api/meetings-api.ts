import { useEffect, useState } from 'react';
import type { ErrorResponse } from '../../../../shared/errors.js';
import type { RegisteredMeeting } from '../../../../shared/schemas/meetings.js';
import { ApiError } from '../../../app/api.js';
import type { Loadable } from '../../../app/use-api.js';

/** A meeting as read, with the entity tag the server answered with (sent back in If-Match to edit it). */
export interface TaggedMeeting {
  meeting: RegisteredMeeting;
  etag: string;
}

/** The strong tag of a version, as the server writes it ("7"); used when a change answers without the header. */
export const etagOf = (version: number): string => `"${version}"`;

/**
 * Reads one registered meeting with its ETag. The portal's api() gives the body only, and a GET
 * needs no CSRF token, so this asks fetch directly and answers errors the same way api() does.
 */
export async function getMeeting(id: string): Promise<TaggedMeeting> {
  const response = await fetch(`/api/v1/registered-meetings/${encodeURIComponent(id)}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (response.status === 401) window.location.assign(`/sign-in?next=${encodeURIComponent(window.location.pathname)}`);
  const body: unknown = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
  if (!response.ok) throw new ApiError(response.status, body as ErrorResponse | null);
  const meeting = body as RegisteredMeeting;
  return { meeting, etag: response.headers.get('etag') ?? etagOf(meeting.version) };
}

/** Loads a meeting and its ETag once per id (and again when `reload` changes). */
export function useMeeting(id: string, reload = 0): Loadable<TaggedMeeting> {
  const [result, setResult] = useState<Loadable<TaggedMeeting>>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    setResult({ state: 'loading' });
    getMeeting(id)
      .then((data) => live && setResult({ state: 'ready', data }))
      .catch((error: Error) => live && setResult({ state: 'error', message: error.message, status: error instanceof ApiError ? error.status : 0 }));
    return () => {
      live = false;
    };
  }, [id, reload]);
  return result;
}

export type FieldErrors = Record<string, string>;

/**
 * The API's field details keyed by the request field they are about. validation_failed names a
 * field by its path ('body.startTime', 'body.facilitatorIds.0'); rule_broken names the field itself
 * ('siteId'). Every message for a field is kept, so each refusal reason shows beside it.
 */
export function apiFieldErrors(error: unknown): FieldErrors {
  const details = error instanceof ApiError ? error.body?.error.details : undefined;
  const out: FieldErrors = {};
  if (!Array.isArray(details)) return out;
  for (const d of details as { field?: unknown; message?: unknown; because?: { message?: string }[] }[]) {
    if (typeof d.field !== 'string' || typeof d.message !== 'string') continue;
    const parts = d.field.split('.').filter(Boolean);
    const key = (parts[0] === 'body' ? parts[1] : parts[0]) ?? '';
    if (!key) continue;
    const because = Array.isArray(d.because) ? d.because.map((b) => b.message).filter(Boolean) : [];
    const message = because.length ? `${d.message} ${because.join(' ')}` : d.message;
    out[key] = out[key] && !out[key].includes(message) ? `${out[key]} ${message}` : message;
  }
  return out;
}

/** The record as it is now, from a 412 answer (details.current), if the server sent it. */
export function currentFromConflict(error: unknown): RegisteredMeeting | null {
  if (!(error instanceof ApiError) || error.status !== 412) return null;
  const details = error.body?.error.details as { current?: RegisteredMeeting } | undefined;
  return details?.current && typeof details.current === 'object' ? details.current : null;
}
