import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema } from '../../../shared/errors.js';
import {
  bookingRequestSchema,
  courseInvoiceRequestSchema,
  courseRequestSchema,
  courseSchema,
  trainingRequestInvoiceSchema,
  trainingRequestResponseSchema,
  trainingRequestSchema,
} from '../../../shared/schemas/training-courses.js';
import { noBodySchema } from '../../../shared/schemas/no-body.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, requireUser } from '../../http.js';
import * as courses from './training-courses.service.js';
import * as requests from './training-requests.service.js';

const idParams = z.object({ id: z.uuid() });
const bookingParams = z.object({ id: z.uuid(), bookingId: z.uuid() });
const errors = { 404: errorResponseSchema, 409: errorResponseSchema, 422: errorResponseSchema };

/** Staff-led Facilitator Training courses and bespoke or refresher training requests (Section 10; decisions 063, 064). */
export async function trainingCourseRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/training-courses',
    {
      config: { policy: 'signedIn' },
      schema: {
        tags: ['Training'],
        summary: "Staff-led courses, soonest first: all for Central Office, the region's for a Coordinator, the organisation's for a SMART Lead",
        response: { 200: z.object({ items: z.array(courseSchema) }) },
      },
    },
    async (request) => courses.listCoursesFor(deps, requireUser(request)),
  );

  api.post(
    '/api/v1/training-courses',
    {
      config: { policy: 'centralOffice' },
      schema: {
        tags: ['Training'],
        summary: 'Schedule a staff-led course for an organisation: in person (two full days) or webinar (four half-days), a trainer, 6 to 12 places and a booking cut-off',
        body: courseRequestSchema,
        response: { 201: courseSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await courses.scheduleCourse(deps, requireUser(request), actorOf(request), request.body)),
  );

  api.get(
    '/api/v1/training-courses/:id',
    {
      config: { policy: 'signedIn' },
      schema: { tags: ['Training'], summary: 'One staff-led course with its bookings', params: idParams, response: { 200: courseSchema, 404: errorResponseSchema } },
    },
    async (request) => courses.getCourse(deps, requireUser(request), actorOf(request), request.params.id),
  );

  api.post(
    '/api/v1/training-courses/:id/bookings',
    {
      config: { policy: 'smartLead' },
      schema: {
        tags: ['Training'],
        summary: "Book a person onto the organisation's course; never more than its places",
        params: idParams,
        body: bookingRequestSchema,
        response: { 201: courseSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await courses.bookPerson(deps, requireUser(request), actorOf(request), request.params.id, request.body)),
  );

  api.post(
    '/api/v1/training-courses/:id/bookings/:bookingId/cancel',
    {
      config: { policy: 'smartLead' },
      schema: { tags: ['Training'], summary: 'Cancel a booking before the course starts, freeing the place', params: bookingParams, body: noBodySchema, response: { 200: courseSchema, ...errors } },
    },
    async (request) => courses.cancelBooking(deps, requireUser(request), actorOf(request), request.params.id, request.params.bookingId),
  );

  api.post(
    '/api/v1/training-courses/:id/invoice',
    {
      config: { policy: 'centralOffice' },
      schema: {
        tags: ['Training'],
        summary: 'Invoice the course to its organisation: the fee, and for in person the trainer’s expenses. Once per course.',
        params: idParams,
        body: courseInvoiceRequestSchema,
        response: { 201: courseSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await courses.invoiceCourse(deps, requireUser(request), actorOf(request), request.params.id, request.body)),
  );

  api.get(
    '/api/v1/training-requests',
    {
      config: { policy: 'signedIn' },
      schema: {
        tags: ['Training'],
        summary: 'Requests for bespoke or refresher training, those waiting for a price first',
        response: { 200: z.object({ items: z.array(trainingRequestResponseSchema) }) },
      },
    },
    async (request) => requests.listTrainingRequests(deps, requireUser(request)),
  );

  api.post(
    '/api/v1/training-requests',
    {
      config: { policy: 'smartLead' },
      schema: {
        tags: ['Training'],
        summary: 'Ask for bespoke or refresher training: it goes to the training inbox for Central Office to price',
        body: trainingRequestSchema,
        response: { 201: trainingRequestResponseSchema, 422: errorResponseSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await requests.createTrainingRequest(deps, requireUser(request), actorOf(request), request.body)),
  );

  api.post(
    '/api/v1/training-requests/:id/invoice',
    {
      config: { policy: 'centralOffice' },
      schema: {
        tags: ['Training'],
        summary: 'Price a request by hand and invoice it to the organisation. Once per request.',
        params: idParams,
        body: trainingRequestInvoiceSchema,
        response: { 201: trainingRequestResponseSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await requests.invoiceTrainingRequest(deps, actorOf(request), request.params.id, request.body)),
  );
}
