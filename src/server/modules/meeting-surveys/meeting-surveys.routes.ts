import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema } from '../../../shared/errors.js';
import {
  completionRatesSchema,
  contributionTotalsQuerySchema,
  contributionTotalsSchema,
  facilitatorRatesSchema,
  meetingContributionsSchema,
  meetingSurveySchema,
  mySurveysSchema,
  newContributionSchema,
  ratesQuerySchema,
  surveyAnswerSchema,
} from '../../../shared/schemas/meeting-surveys.js';
import { toCsv } from '../../csv.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, requireUser } from '../../http.js';
import * as service from './meeting-surveys.service.js';

const idParams = z.object({ id: z.string().max(100) });
const meetingParams = z.object({ meetingId: z.string().max(100) });
const refused = { 401: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema };

/** Meeting surveys (Section 8) and community meetings' contributions (Section 9, "pass the hat"). */
export async function meetingSurveyRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/meeting-surveys/mine',
    {
      config: { policy: 'signedIn' },
      schema: { tags: ['Meeting surveys'], summary: 'The surveys waiting for the signed-in facilitator, those they answered lately, and their meetings', response: { 200: mySurveysSchema } },
    },
    async (request) => service.mySurveys(deps, requireUser(request)),
  );

  api.get(
    '/api/v1/meeting-surveys/rates',
    {
      config: { policy: 'signedIn' },
      schema: {
        tags: ['Meeting surveys'],
        summary: "Survey completion rates per meeting, a page at a time: Central Office all, a Coordinator their region's or programme's meetings, a SMART Lead their organisation's",
        querystring: ratesQuerySchema,
        response: { 200: completionRatesSchema, ...refused, 422: errorResponseSchema },
      },
    },
    async (request) => service.completionRates(deps, requireUser(request), request.query),
  );

  api.get(
    '/api/v1/meeting-surveys/rates/facilitators',
    {
      config: { policy: 'signedIn' },
      schema: {
        tags: ['Meeting surveys'],
        summary: 'Survey completion rates per facilitator asked, a page at a time, counting only the meetings the person oversees',
        querystring: ratesQuerySchema,
        response: { 200: facilitatorRatesSchema, ...refused, 422: errorResponseSchema },
      },
    },
    async (request) => service.facilitatorRates(deps, requireUser(request), request.query),
  );

  api.get(
    '/api/v1/meeting-surveys/:id',
    {
      config: { policy: 'signedIn' },
      schema: { tags: ['Meeting surveys'], summary: "A meeting survey: for the meeting's facilitators and those who oversee the meeting", params: idParams, response: { 200: meetingSurveySchema, ...refused } },
    },
    async (request) => service.getSurvey(deps, requireUser(request), actorOf(request), request.params.id),
  );

  api.post(
    '/api/v1/meeting-surveys/:id/answer',
    {
      config: { policy: 'signedIn' },
      schema: {
        tags: ['Meeting surveys'],
        summary: "A facilitator of the meeting answers its survey, or says the meeting did not take place (once)",
        params: idParams,
        body: surveyAnswerSchema,
        response: { 200: meetingSurveySchema, ...refused, 409: errorResponseSchema, 422: errorResponseSchema },
      },
    },
    async (request) => service.answerSurvey(deps, requireUser(request), actorOf(request), request.params.id, request.body),
  );

  api.get(
    '/api/v1/meeting-contributions/totals',
    {
      config: { policy: 'centralOffice' },
      schema: {
        tags: ['Meeting contributions'],
        summary: 'Contributions per month, and per community peer-led meeting a page at a time (months from..to, YYYY-MM); format=csv for a spreadsheet of every meeting and month',
        querystring: contributionTotalsQuerySchema,
      },
    },
    async (request, reply) => {
      const { format, ...query } = request.query;
      if (format === 'csv') {
        const { from, to, headers, rows } = await service.contributionTotalsCsv(deps, query);
        return reply
          .type('text/csv; charset=utf-8')
          .header('Content-Disposition', `attachment; filename="contributions-${from}-to-${to}.csv"`)
          .send(toCsv(headers, rows));
      }
      return contributionTotalsSchema.parse(await service.contributionTotals(deps, query));
    },
  );

  api.get(
    '/api/v1/meeting-contributions/:meetingId',
    {
      config: { policy: 'signedIn' },
      schema: {
        tags: ['Meeting contributions'],
        summary: "A meeting's contributions, for its facilitators and Central Office; a partnership meeting says why it has none",
        params: meetingParams,
        response: { 200: meetingContributionsSchema, ...refused },
      },
    },
    async (request) => service.meetingContributions(deps, requireUser(request), actorOf(request), request.params.meetingId),
  );

  api.post(
    '/api/v1/meeting-contributions/:meetingId',
    {
      config: { policy: 'signedIn' },
      schema: {
        tags: ['Meeting contributions'],
        summary: 'Record a contribution collected at a community peer-led meeting (refused for a partnership meeting, with the reason)',
        params: meetingParams,
        body: newContributionSchema,
        response: { 200: meetingContributionsSchema, ...refused, 422: errorResponseSchema },
      },
    },
    async (request) => service.recordContribution(deps, requireUser(request), actorOf(request), request.params.meetingId, request.body),
  );
}
