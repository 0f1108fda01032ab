import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema } from '../../../shared/errors.js';
import { pageQuerySchema } from '../../../shared/schemas/organisations.js';
import {
  creditNoteRequestSchema,
  invoiceRequestSchema,
  invoiceSchema,
  paymentRequestSchema,
  paymentResultSchema,
} from '../../../shared/schemas/invoices.js';
import { recordAudit } from '../../audit/audit.js';
import type { CurrentUser } from '../../auth/current-user.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import { actorOf, requireUser } from '../../http.js';
import { findScheduleInForce } from '../fees/fee-schedule.repository.js';
import { londonDate } from '../../../domain/iso-date.js';
import * as service from './invoices.service.js';
import { invoicePdf } from './invoice-document.js';

const idParams = z.object({ id: z.uuid() });
const idempotencyHeaders = z.object({ 'idempotency-key': z.string().min(8).max(200).optional() });

/** Central Office sees every invoice; a SMART Lead only their organisation's (others are "not found"). */
async function visibleInvoice(deps: AppDeps, user: CurrentUser, request: Parameters<typeof actorOf>[0], id: string) {
  const invoice = await service.getInvoice(deps, id).catch(() => null);
  if (!invoice || (user.role !== 'central_office' && invoice.organisationId !== user.organisationId)) {
    await recordAudit(deps.db, actorOf(request), { action: 'invoice.read_refused', entityType: 'invoice', entityId: id });
    throw notFound('invoice');
  }
  return invoice;
}

export async function invoiceRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/invoices',
    {
      config: { policy: 'smartLead' },
      schema: {
        tags: ['Invoices'],
        summary: "Invoices, newest first: every organisation's for Central Office, their own for a SMART Lead",
        querystring: pageQuerySchema,
        response: {
          200: z.object({
            items: z.array(
              z.object({ id: z.string(), reference: z.string(), organisationId: z.string(), organisationName: z.string(), issuedOn: z.string(), dueOn: z.string(), totalPence: z.number().int(), outstandingPence: z.number().int() }),
            ),
            total: z.number().int(),
          }),
          401: errorResponseSchema,
          403: errorResponseSchema,
        },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { rows, total } = await service.listInvoices(deps.db, {
        ...request.query,
        ...(user.role === 'central_office' ? {} : { organisationId: user.organisationId }),
      });
      return {
        total,
        items: rows.map((r) => ({
          id: r.id,
          reference: service.invoiceReference(r.number),
          organisationId: r.organisation_id,
          organisationName: r.organisation_name,
          issuedOn: r.issued_on,
          dueOn: r.due_on,
          totalPence: r.total_pence,
          outstandingPence: r.total_pence - Number(r.paid_pence ?? 0) - Number(r.credited_pence ?? 0),
        })),
      };
    },
  );

  api.get(
    '/api/v1/invoices/:id',
    {
      config: { policy: 'smartLead' },
      schema: { tags: ['Invoices'], summary: 'One invoice with its lines, payments and credit notes', params: idParams, response: { 200: invoiceSchema, 404: errorResponseSchema } },
    },
    async (request) => visibleInvoice(deps, requireUser(request), request, request.params.id),
  );

  api.post(
    '/api/v1/invoices',
    {
      config: { policy: 'centralOffice' },
      schema: {
        tags: ['Invoices'],
        summary: 'Issue an invoice by hand. Send an Idempotency-Key header: a retried request returns the first invoice.',
        body: invoiceRequestSchema,
        headers: idempotencyHeaders,
        response: { 201: invoiceSchema, 200: invoiceSchema, 404: errorResponseSchema, 422: errorResponseSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const organisation = await deps.db.selectFrom('organisations').select('id').where('id', '=', body.organisationId).executeTakeFirst();
      if (!organisation) throw new AppError('validation_failed', 'There is no such organisation.', [{ field: 'organisationId', message: 'Choose an existing organisation' }]);
      const siteIds = body.lines.flatMap((l) => (l.siteId ? [l.siteId] : []));
      if (siteIds.length) {
        const sites = await deps.db.selectFrom('sites').select('id').where('organisation_id', '=', body.organisationId).where('id', 'in', siteIds).execute();
        if (new Set(sites.map((s) => s.id)).size !== new Set(siteIds).size) {
          throw new AppError('validation_failed', "Every line's site must be one of the organisation's sites.", [{ field: 'lines', message: 'Choose sites of this organisation' }]);
        }
      }
      const key = request.headers['idempotency-key'];
      const schedule = await findScheduleInForce(deps.db, londonDate(deps.now()));
      const result = await service.issueInvoice(deps, actorOf(request), {
        organisationId: body.organisationId,
        kind: body.lines.some((l) => l.kind === 'renewal') ? 'renewal' : 'other',
        billing: body.billing,
        poNumber: body.poNumber,
        feeScheduleId: schedule?.id ?? null,
        source: key ? { type: 'api', id: `${requireUser(request).id}:${key}` } : { type: 'manual', id: crypto.randomUUID() },
        lines: body.lines,
      });
      if (!result.created && key) {
        const first = await service.getInvoice(deps, result.id);
        if (first.organisationId !== body.organisationId || first.totalPence !== body.lines.reduce((s, l) => s + l.amountPence, 0)) {
          throw new AppError('conflict', 'This Idempotency-Key was used for a different invoice.', [{ field: 'Idempotency-Key', message: 'Use a new key for a new invoice' }]);
        }
        return reply.status(200).send(first);
      }
      return reply.status(201).send(await service.getInvoice(deps, result.id));
    },
  );

  api.post(
    '/api/v1/invoices/:id/payments',
    {
      config: { policy: 'centralOffice' },
      schema: {
        tags: ['Invoices'],
        summary: 'Record a payment. The same reference on the same invoice is recorded once; paying in full issues the licences.',
        params: idParams,
        body: paymentRequestSchema,
        response: { 201: paymentResultSchema, 200: paymentResultSchema, 404: errorResponseSchema, 409: errorResponseSchema, 422: errorResponseSchema },
      },
    },
    async (request, reply) => {
      const result = await service.recordPayment(deps, actorOf(request), request.params.id, request.body);
      return reply.status(result.duplicate ? 200 : 201).send(result);
    },
  );

  api.post(
    '/api/v1/invoices/:id/credit-notes',
    {
      config: { policy: 'centralOffice' },
      schema: {
        tags: ['Invoices'],
        summary: 'Correct an issued invoice with a numbered credit note',
        params: idParams,
        body: creditNoteRequestSchema,
        response: { 201: invoiceSchema, 404: errorResponseSchema, 422: errorResponseSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await service.issueCreditNote(deps, actorOf(request), request.params.id, request.body)),
  );
}

/** The invoice PDF, for the SMART Lead and Central Office. */
export async function invoicePdfRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/invoices/:id/pdf',
    { config: { policy: 'smartLead' }, schema: { tags: ['Invoices'], summary: 'The invoice as a PDF', params: idParams } },
    async (request, reply) => {
      const invoice = await visibleInvoice(deps, requireUser(request), request, request.params.id);
      const { pdf } = await invoicePdf(deps, invoice.id);
      return reply.type('application/pdf').header('Content-Disposition', `attachment; filename="${invoice.reference}.pdf"`).header('Cache-Control', 'no-store').send(pdf);
    },
  );
}
