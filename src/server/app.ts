import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { authPlugin } from './auth/auth-plugin.js';
import type { DB } from './db/database.js';
import type { AppDeps } from './deps.js';
import type { Config } from './env.js';
import { errorHandler } from './errors.js';
import { securityHeaders, setSecurityHeaders, tileSource } from './security-headers.js';
import { nulGuard } from './nul-guard.js';
import { accountRoutes } from './modules/accounts/accounts.routes.js';
import { privacyRoutes } from './modules/privacy/privacy.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { feeScheduleRoutes } from './modules/fees/fee-schedule.routes.js';
import { licencesRoutes } from './modules/fees/licences.routes.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { invoicePdfRoutes, invoiceRoutes } from './modules/invoices/invoices.routes.js';
import { renewalRoutes } from './modules/renewals/renewals.routes.js';
import { taskRoutes } from './modules/tasks/tasks.routes.js';
import { licenceRoutes } from './modules/licences/licences.routes.js';
import { partnerResourceRoutes } from './modules/partner-resources/partner-resources.routes.js';
import { licenceReportRoutes } from './modules/reports/licence-reports.routes.js';
import { networkReportRoutes } from './modules/reports/network-reports.routes.js';
import { workspaceRoutes } from './modules/workspace/workspace.routes.js';
import { additionRoutes, onboardingRoutes } from './modules/onboarding/onboarding.routes.js';
import { volunteerRoutes } from './modules/volunteers/volunteers.routes.js';
import { trainingRoutes } from './modules/training/training.routes.js';
import { trainingProgressRoutes } from './modules/training/progress.routes.js';
import { trainingCourseRoutes } from './modules/training-courses/training-courses.routes.js';
import { recordImportsRoutes } from './modules/record-imports/record-imports.routes.js';
import { homeRoutes } from './modules/home/home.routes.js';
import { organisationRoutes } from './modules/organisations/organisations.routes.js';
import { outboxRoutes } from './modules/outbox/outbox.routes.js';
import { peopleRoutes } from './modules/people/people.routes.js';
import { meetingFinderRoutes } from './modules/meeting-finder/finder.routes.js';
import { meetingRoutes } from './modules/meetings/meetings.routes.js';
import { visitRoutes } from './modules/visits/visits.routes.js';
import { communitySessionRoutes } from './modules/community-sessions/community-sessions.routes.js';
import { meetingFeedRoutes } from './modules/meeting-feeds/meeting-feeds.routes.js';
import { meetingSurveyRoutes } from './modules/meeting-surveys/meeting-surveys.routes.js';
import { partnerDirectoryRoutes } from './modules/partner-directory/partner-directory.routes.js';
import { publicationRoutes } from './modules/publications/publications.routes.js';
import { corporatePartnershipRoutes } from './modules/corporate-partnerships/corporate-partnerships.routes.js';
import { contactRoutes } from './modules/contact/contact.routes.js';
import { sitePageRoutes } from './modules/site-pages/site-pages.routes.js';
import { noIndexKeyedPages } from './modules/site-pages/robots.js';
import { portalRoutes } from './modules/portal/portal.routes.js';
import { quoteRoutes } from './modules/quotes/quotes.routes.js';
import { referenceRoutes } from './modules/reference/reference.routes.js';
import { startUpFormRoutes } from './modules/start-up-forms/start-up-form.routes.js';
import { startUpFormApiRoutes } from './modules/start-up-forms/start-up-forms.routes.js';
import { notFoundHandler } from './not-found.js';
import { publicDir, webDistDir } from './paths.js';

export interface BuildAppOptions {
  config: Config;
  db: DB;
  now?: () => Date;
  /** Where the built portal lives; tests may point elsewhere. */
  webRoot?: string;
  /** Lets a test add routes before the app is ready (the route-inventory test does). */
  extraRoutes?: (app: FastifyInstance) => void | Promise<void>;
}

/** Builds the app without listening, so tests can use app.inject() and main.ts can listen. */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { config, db } = options;
  const deps: AppDeps = { db, config, now: options.now ?? (() => new Date()) };

  // The meeting finder's map shows tiles from the configured tile server.
  const tiles = tileSource(config.map.tileUrl);
  const headerOptions = { production: config.env === 'production', imgSources: tiles ? [tiles] : [] };
  const app = Fastify({
    logger: config.env === 'test' ? false : { level: config.logLevel },
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    // An address Fastify cannot decode (`/meetings/%E0%A4%A`) gets the same answer as any other bad request:
    // a stable code, or a page for a browser (decision 178). No hook runs for it, so the headers are set here.
    frameworkErrors: (error, request, reply) => {
      setSecurityHeaders(request, reply, headerOptions);
      errorHandler(error, request, reply);
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);

  await app.register(fastifyCookie);
  await app.register(fastifyFormbody, { bodyLimit: 256 * 1024 });
  await app.register(nulGuard);
  await app.register(authPlugin, { db, now: deps.now });
  await app.register(securityHeaders, headerOptions);
  await app.register(noIndexKeyedPages);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Partner Hub API',
        version: '1.0.0',
        description:
          'The API of Partner Hub, which runs the UK SMART Recovery Partner Organisation Scheme. Amounts are integer pence; times are Europe/London.',
      },
      servers: [{ url: config.publicUrl }],
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'ph_session' } } },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: false });
  app.get('/api/v1/openapi.json', { config: { policy: 'public' }, schema: { hide: true } }, async () => app.swagger());

  await app.register(fastifyStatic, {
    root: publicDir,
    prefix: '/static/',
    decorateReply: false,
    maxAge: '1h',
  });

  await app.register(healthRoutes, deps);
  await app.register(homeRoutes);
  await app.register(authRoutes, deps);
  await app.register(accountRoutes, deps);
  await app.register(privacyRoutes, deps);
  await app.register(referenceRoutes, deps);
  await app.register(organisationRoutes, deps);
  await app.register(auditRoutes, deps);
  await app.register(outboxRoutes, deps);
  await app.register(feeScheduleRoutes, deps);
  await app.register(invoiceRoutes, deps);
  await app.register(invoicePdfRoutes, deps);
  await app.register(licenceRoutes, deps);
  await app.register(renewalRoutes, deps);
  await app.register(taskRoutes, deps);
  await app.register(partnerResourceRoutes, deps);
  await app.register(licenceReportRoutes, deps);
  await app.register(networkReportRoutes, deps);
  await app.register(workspaceRoutes, deps);
  await app.register(onboardingRoutes, deps);
  await app.register(additionRoutes, deps);
  await app.register(volunteerRoutes, deps);
  await app.register(trainingRoutes, deps);
  await app.register(trainingProgressRoutes, deps);
  await app.register(trainingCourseRoutes, deps);
  await app.register(recordImportsRoutes, deps);
  await app.register(licencesRoutes, deps);
  await app.register(quoteRoutes, deps);
  await app.register(startUpFormRoutes, deps);
  await app.register(startUpFormApiRoutes, deps);
  await app.register(peopleRoutes, deps);
  await app.register(meetingFinderRoutes, deps);
  await app.register(meetingRoutes, deps);
  await app.register(visitRoutes, deps);
  await app.register(communitySessionRoutes, deps);
  await app.register(meetingFeedRoutes, deps);
  await app.register(meetingSurveyRoutes, deps);
  await app.register(partnerDirectoryRoutes, deps);
  await app.register(publicationRoutes, deps);
  await app.register(corporatePartnershipRoutes, deps);
  await app.register(contactRoutes, deps);
  await app.register(sitePageRoutes, deps);
  await app.register(portalRoutes, { webRoot: options.webRoot ?? webDistDir });
  if (options.extraRoutes) await app.register(async (scope) => options.extraRoutes!(scope));

  app.setNotFoundHandler(notFoundHandler);
  await app.ready();
  return app;
}
