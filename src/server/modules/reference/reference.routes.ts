import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';

const referenceSchema = z
  .object({
    nations: z.array(z.object({ code: z.string(), name: z.string(), safeguardingCheck: z.string() })),
    regions: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        nation: z.string(),
        coordinatorPosts: z.array(z.object({ code: z.string(), title: z.string(), vacant: z.boolean() })),
      }),
    ),
    programmes: z.array(z.object({ code: z.string(), name: z.string() })),
    licenceTypes: z.array(z.object({ code: z.string(), name: z.string() })),
    sectors: z.array(z.object({ code: z.string(), name: z.string() })),
    teamInboxes: z.array(z.object({ code: z.string(), name: z.string(), email: z.string() })),
  })
  .meta({ id: 'ReferenceData' });

export async function referenceRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/reference',
    {
      config: { policy: 'public' },
      schema: { tags: ['Reference'], summary: 'Nations, regions and their Coordinator posts, programmes, licence types, inboxes', response: { 200: referenceSchema } },
    },
    async () => {
      const db = deps.db;
      const [nations, regions, posts, programmes, licenceTypes, sectors, teamInboxes] = await Promise.all([
        db.selectFrom('nations').selectAll().orderBy('code').execute(),
        db.selectFrom('regions').selectAll().orderBy('name').execute(),
        db.selectFrom('coordinator_posts').selectAll().orderBy('code').execute(),
        db.selectFrom('programmes').selectAll().orderBy('code').execute(),
        db.selectFrom('licence_types').selectAll().orderBy('code').execute(),
        db.selectFrom('sectors').selectAll().orderBy('code').execute(),
        db.selectFrom('team_inboxes').selectAll().orderBy('code').execute(),
      ]);
      return {
        nations: nations.map((n) => ({ code: n.code, name: n.name, safeguardingCheck: n.safeguarding_check })),
        regions: regions.map((r) => ({
          code: r.code,
          name: r.name,
          nation: r.nation_code,
          coordinatorPosts: posts
            .filter((p) => p.region_code === r.code)
            .map((p) => ({ code: p.code, title: p.title, vacant: p.vacant })),
        })),
        programmes,
        licenceTypes,
        sectors,
        teamInboxes,
      };
    },
  );
}
