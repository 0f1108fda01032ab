import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { meetingSlugParamsSchema } from '../../../shared/schemas/meeting-finder.js';
import type { AppDeps } from '../../deps.js';
import { acceptsGzip, keepMeetingFeedWarm, meetingCalendarFile, meetingGuideFeed, plainFeed } from './meeting-feeds.service.js';

/**
 * Open feeds for other apps (docs/decisions/085–087): the Meeting Guide JSON feed that recovery
 * meeting apps and finders on other sites read, and a calendar file per meeting.
 */
export async function meetingFeedRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/feeds/meeting-guide.json',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['Meetings'],
        summary: 'Every listed meeting in the Meeting Guide JSON format (Code for Recovery), for recovery meeting apps and finders',
        description:
          'An array of meetings; times are Europe/London. Served with an ETag (send If-None-Match for a 304) and CORS open to any origin.',
      },
    },
    async (request, reply) => {
      const feed = await meetingGuideFeed(deps, request.headers['if-none-match']);
      // Finders on other sites fetch this from the browser; every copy revalidates, so a hidden
      // meeting leaves every finder at its next look (docs/decisions/086-meeting-feed-etag.md).
      void reply
        .header('ETag', feed.etag)
        .header('Cache-Control', 'public, no-cache')
        .header('Vary', 'Accept-Encoding')
        .header('Access-Control-Allow-Origin', '*')
        .header('Access-Control-Expose-Headers', 'ETag');
      if (feed.status === 304) return reply.status(304).send();
      void reply.type('application/json; charset=utf-8');
      // The body is kept only gzip-compressed (decision 165): sent as it is to a client that accepts
      // gzip, decompressed as it is sent to one that does not.
      const { gzip, length } = feed.body.bytes;
      if (acceptsGzip(request.headers['accept-encoding'])) {
        return reply.header('Content-Encoding', 'gzip').header('Content-Length', gzip.length).send(gzip);
      }
      return reply.header('Content-Length', length).send(plainFeed(feed.body));
    },
  );

  // A listening server keeps the feed built for the current revision, so a request finds it ready
  // (decision 150). Not in tests that only inject requests: they never listen.
  let warm: { stop: () => void } | undefined;
  app.addHook('onListen', async () => {
    warm = keepMeetingFeedWarm(deps, { onError: (error) => app.log.warn({ err: error }, 'Building the meeting feed in the background failed') });
  });
  app.addHook('onClose', async () => warm?.stop());

  const calendar = async (slug: string, reply: FastifyReply) => {
    const file = await meetingCalendarFile(deps, slug);
    return reply
      .type('text/calendar; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${file.filename}"`)
      .header('Cache-Control', 'public, max-age=300')
      .header('Access-Control-Allow-Origin', '*')
      .send(file.text);
  };
  const calendarSchema = {
    tags: ['Meetings'],
    summary: "A listed meeting's dates as an iCalendar file (RFC 5545), for adding it to a calendar",
    params: meetingSlugParamsSchema,
  };
  r.get('/api/v1/meetings/:slug/calendar.ics', { config: { policy: 'public' }, schema: calendarSchema }, async (request, reply) =>
    calendar(request.params.slug, reply),
  );
  r.get('/meetings/:slug/calendar.ics', { config: { policy: 'public' }, schema: { ...calendarSchema, hide: true } }, async (request, reply) =>
    calendar(request.params.slug, reply),
  );
}
