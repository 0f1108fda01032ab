import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { REGIONS } from '../../../domain/reference.js';
import { errorResponseSchema } from '../../../shared/errors.js';
import {
  meetingSearchQuerySchema,
  meetingSearchResultSchema,
  publicMeetingDetailSchema,
} from '../../../shared/schemas/meeting-finder.js';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { notFoundHandler } from '../../not-found.js';
import type { FieldErrors } from '../../views/form.js';
import { sendPage } from '../../views/layout.js';
import { ukTimeNote } from './finder.format.js';
import { FINDER_FIELDS, type FinderFormValues, FinderPage, type FinderResults, finderQueryString, MeetingPage, PrintPage } from './finder.pages.js';
import * as service from './finder.service.js';

/** A slug as the meetings module makes them; anything else is simply not a meeting. */
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+){0,30}$/;
const PRINT_MAX = 200;

/**
 * The public meeting finder: the JSON search API, the /meetings pages (which work without
 * JavaScript; public/finder.js updates the results in place), one meeting's page, and printable lists.
 */
export async function meetingFinderRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  // Read the search index as the server starts, in the background, so the first searches need not
  // use SQL (docs/decisions/140). Tests read it on their first search instead.
  if (deps.config.env !== 'test') app.addHook('onReady', async () => void service.rebuildIndex(deps.db));

  api.get(
    '/api/v1/meetings',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['Meetings'],
        summary: 'Search the public meetings: nearest first within the radius, then online meetings',
        description:
          'With `near`, meetings you can go to (in person or hybrid) within `radiusKm`, nearest first, each with `distanceKm`; then, when ' +
          'the search includes online meetings (no `attendance`, or `attendance=online`), online-only meetings in the order of the week ' +
          '(Monday first, then by start time) with `distanceKm` null. Without `near`, `attendance=online` is required and lists every meeting ' +
          'you can join online. Pages: pass `nextCursor` back as `cursor` with the same other parameters. Times are UK local time (Europe/London). ' +
          'A postcode or town that cannot be found answers 422 validation_failed naming `querystring.near`.',
        querystring: meetingSearchQuerySchema,
        response: { 200: meetingSearchResultSchema, 422: errorResponseSchema },
      },
    },
    async (request) => {
      const result = await service.searchMeetings(deps, request.query);
      return { near: result.near, radiusKm: result.radiusKm, meetings: result.meetings, nextCursor: result.nextCursor };
    },
  );

  api.get(
    '/api/v1/meetings/:slug',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['Meetings'],
        summary: 'One public meeting by its slug; a meeting that is not listed publicly is not found, like one that does not exist',
        params: z.object({ slug: z.string().max(200) }),
        response: { 200: publicMeetingDetailSchema, 404: errorResponseSchema },
      },
    },
    async (request) => {
      if (!SLUG.test(request.params.slug)) throw new AppError('not_found', 'No such meeting.');
      return service.getPublicMeeting(deps, request.params.slug);
    },
  );

  app.get('/meetings', { config: { policy: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const values = readValues(request.query);
    const raw = request.query as Record<string, unknown>;
    const cursor = typeof raw.cursor === 'string' && raw.cursor !== '' ? raw.cursor : undefined;
    const searched = FINDER_FIELDS.some((f) => values[f] !== '') || cursor !== undefined;
    if (!searched) return sendFinder(deps, request, reply, values, {}, null, false);

    const parsed = meetingSearchQuerySchema.safeParse(withoutEmpty({ ...values, cursor }));
    if (!parsed.success) return sendFinder(deps, request, reply, values, zodErrors(parsed.error), null, false, 422);
    if (parsed.data.near === undefined && parsed.data.attendance !== 'online') {
      return sendFinder(deps, request, reply, values, { near: 'Enter a postcode or a town' }, null, false, 422);
    }
    try {
      const result = await service.searchMeetings(deps, parsed.data);
      return sendFinder(deps, request, reply, values, {}, result, cursor !== undefined);
    } catch (error) {
      const errors = fieldErrorsOf(error);
      if (errors) return sendFinder(deps, request, reply, values, errors, null, false, 422);
      throw error;
    }
  });

  app.get('/meetings/print', { config: { policy: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const raw = request.query as Record<string, unknown>;
    const signedIn = Boolean(request.user);
    const note = ukTimeNote(deps.now());
    const region = typeof raw.region === 'string' ? REGIONS.find((r) => r.code === raw.region) : undefined;
    if (region) {
      const list = await service.regionList(deps, region.code, PRINT_MAX);
      const title = `SMART meetings in ${region.name}`;
      return sendPage(
        reply,
        <PrintPage title={title} meetings={list.meetings} more={list.more} ukTimeNote={note} signedIn={signedIn} backHref="/meetings" publicUrl={deps.config.publicUrl} />,
      );
    }
    const values = readValues(request.query);
    const parsed = meetingSearchQuerySchema.safeParse(withoutEmpty({ ...values }));
    // Anything the list cannot be made from goes back to the finder, which explains what to fix.
    if (!parsed.success || (parsed.data.near === undefined && parsed.data.attendance !== 'online')) {
      return reply.redirect(`/meetings?${finderQueryString(values)}`, 303);
    }
    let result: service.SearchOutcome;
    try {
      result = await service.searchMeetings(deps, { ...parsed.data, limit: PRINT_MAX + 1, cursor: undefined });
    } catch (error) {
      if (fieldErrorsOf(error)) return reply.redirect(`/meetings?${finderQueryString(values)}`, 303);
      throw error;
    }
    const title = result.place ? `SMART meetings within ${result.radiusKm} km of ${result.place.label}` : 'SMART meetings you can join online';
    return sendPage(
      reply,
      <PrintPage
        title={title}
        meetings={result.meetings.slice(0, PRINT_MAX)}
        more={result.meetings.length > PRINT_MAX || result.nextCursor !== null}
        ukTimeNote={note}
        signedIn={signedIn}
        backHref={`/meetings?${finderQueryString(values)}`}
        publicUrl={deps.config.publicUrl}
      />,
    );
  });

  app.get('/meetings/:slug', { config: { policy: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const { slug } = request.params as { slug: string };
    if (!SLUG.test(slug)) return notFoundHandler(request, reply);
    let meeting;
    try {
      meeting = await service.getPublicMeeting(deps, slug);
    } catch (error) {
      // Unknown, closed, unlisted or unlicensed: the same "Page not found" as any other address.
      if (error instanceof AppError && error.code === 'not_found') return notFoundHandler(request, reply);
      throw error;
    }
    return sendPage(reply, <MeetingPage meeting={meeting} map={deps.config.map} ukTimeNote={ukTimeNote(deps.now())} signedIn={Boolean(request.user)} />);
  });
}

/** The form's values as typed (the first of any repeated parameter), so the page shows them again. */
function readValues(query: unknown): FinderFormValues {
  const raw = (query ?? {}) as Record<string, unknown>;
  const text = (name: string) => {
    const value = Array.isArray(raw[name]) ? (raw[name] as unknown[])[0] : raw[name];
    return typeof value === 'string' ? value.slice(0, 200) : '';
  };
  return {
    near: text('near'),
    radiusKm: text('radiusKm'),
    day: text('day'),
    timeOfDay: text('timeOfDay'),
    programme: text('programme'),
    attendance: text('attendance'),
    audience: text('audience'),
  };
}

/** An empty select ("Any") means no filter. */
function withoutEmpty(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined && e[1].trim() !== ''));
}

function zodErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'near');
    // The cursor is not a field: a broken "More meetings" link starts the search again.
    const key = field === 'cursor' || field === 'limit' ? 'near' : field;
    errors[key] ??= field === 'cursor' ? 'That page of results has expired. Search again.' : issue.message;
  }
  return errors;
}

function fieldErrorsOf(error: unknown): FieldErrors | null {
  if (!(error instanceof AppError) || error.code !== 'validation_failed' || !Array.isArray(error.details)) return null;
  const errors: FieldErrors = {};
  for (const d of error.details as { field: string; message: string }[]) {
    const field = d.field.replace(/^querystring\./, '');
    errors[field === 'cursor' || field === 'region' ? 'near' : field] = field === 'cursor' ? 'That page of results has expired. Search again.' : d.message;
  }
  return errors;
}

async function sendFinder(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  values: FinderFormValues,
  errors: FieldErrors,
  results: FinderResults | null,
  paged: boolean,
  status = 200,
) {
  const formValues = { ...values, radiusKm: values.radiusKm || String(results?.radiusKm ?? 25) };
  return sendPage(
    reply,
    <FinderPage
      values={formValues}
      errors={errors}
      results={results}
      paged={paged}
      map={deps.config.map}
      ukTimeNote={ukTimeNote(deps.now())}
      signedIn={Boolean(request.user)}
    />,
    status,
  );
}

