import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { QuoteError } from '../../../domain/fees/quote.js';
import { londonDate } from '../../../domain/iso-date.js';
import { errorResponseSchema } from '../../../shared/errors.js';
import {
  issuedQuoteSchema,
  MAX_QUOTE_SITES,
  quoteDetailsSchema,
  quoteKeyQuerySchema,
  quoteReferenceParamsSchema,
  quoteRequestSchema,
} from '../../../shared/schemas/quote.js';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { actorOf, formCsrf } from '../../http.js';
import { notFoundHandler } from '../../not-found.js';
import { sendPage } from '../../views/layout.js';
import { scheduleInForce } from '../fees/fee-schedule.service.js';
import {
  emptyPublication,
  emptySite,
  type FormErrors,
  formToQuoteRequest,
  MAX_PUBLICATION_ROWS,
  type QuoteFormValues,
  readQuoteForm,
  ruleErrors,
  schemaErrors,
  emptyQuoteForm,
} from './quote-form.js';
import { QuotePage, QuoteResultPage } from './quote.pages.js';
import * as service from './quotes.service.js';

/** Quotes: the public API, the PDF download, and the Quote page that works without JavaScript. */
export async function quoteRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/api/v1/quotes',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['Licences and fees'],
        summary: 'Price a request against the fees in force today and save it as a numbered quotation valid for 30 days',
        description:
          'Answers 422 rule_broken when the request breaks one of the scheme\'s rules; details lists every rule broken (code, rule, message, field). ' +
          'Lines Central Office must price have amountPence 0 and a description ending ": price on request", and priceOnRequest is true.',
        body: quoteRequestSchema,
        response: { 201: issuedQuoteSchema, 422: errorResponseSchema },
      },
    },
    async (request, reply) => {
      const quote = await service.issueQuote(deps, actorOf(request), request.body);
      return reply.status(201).send({
        reference: quote.reference,
        validUntil: quote.validUntil,
        lines: quote.lines,
        totalPence: quote.totalPence,
        priceOnRequest: quote.priceOnRequest,
        pdfUrl: service.quotePdfUrl(deps, quote.reference, quote.accessKey),
      });
    },
  );

  api.get(
    '/api/v1/quotes/:reference',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['Licences and fees'],
        summary: 'A saved quotation, with the prices it was issued with; needs the key from its link',
        params: quoteReferenceParamsSchema,
        querystring: quoteKeyQuerySchema,
        response: { 200: quoteDetailsSchema, 404: errorResponseSchema },
      },
    },
    async (request) => {
      const { reference } = request.params;
      const { key } = request.query;
      const quote = await service.findQuote(deps, reference, key);
      return {
        reference: quote.reference,
        issuedOn: quote.issuedOn,
        validUntil: quote.validUntil,
        lines: quote.lines,
        totalPence: quote.totalPence,
        priceOnRequest: quote.priceOnRequest,
        status: quote.status,
        // findQuote has checked the key, so it is the quote's own.
        pdfUrl: service.quotePdfUrl(deps, quote.reference, key!),
      };
    },
  );

  app.get('/quotes/:reference.pdf', { config: { policy: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const params = quoteReferenceParamsSchema.safeParse(request.params);
    const query = quoteKeyQuerySchema.safeParse(request.query);
    if (!params.success || !query.success) return notFoundHandler(request, reply);
    let pdf: Buffer;
    try {
      pdf = await service.quotePdf(deps, params.data.reference, query.data.key);
    } catch (error) {
      // A person following a link gets the usual "Page not found", whether the key or the reference is wrong.
      if (error instanceof AppError && error.code === 'not_found') return notFoundHandler(request, reply);
      throw error;
    }
    return reply
      .header('Content-Disposition', `attachment; filename="${params.data.reference}.pdf"`)
      .header('Cache-Control', 'private, no-store')
      .type('application/pdf')
      .send(pdf);
  });

  app.get('/quote', { config: { policy: 'public' }, schema: { hide: true } }, async (request, reply) =>
    sendQuotePage(deps, request, reply, emptyQuoteForm()),
  );

  app.post('/quote', { config: { policy: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const form = (request.body ?? {}) as Record<string, unknown>;
    const values = readQuoteForm(form);

    // "Add another ..." without JavaScript: the same page again, one row longer, everything typed kept.
    if (form.action === 'add-site') {
      if (values.sites.length < MAX_QUOTE_SITES) values.sites.push(emptySite());
      return sendQuotePage(deps, request, reply, values);
    }
    if (form.action === 'add-publication') {
      if (values.publications.length < MAX_PUBLICATION_ROWS) values.publications.push(emptyPublication());
      return sendQuotePage(deps, request, reply, values);
    }

    const converted = formToQuoteRequest(values);
    const parsed = quoteRequestSchema.safeParse(converted.body);
    if (!parsed.success) return sendQuotePage(deps, request, reply, values, schemaErrors(parsed.error, converted), 422);

    let quote: service.IssuedQuote;
    try {
      quote = await service.issueQuote(deps, actorOf(request), parsed.data);
    } catch (error) {
      if (error instanceof AppError && error.code === 'rule_broken') {
        return sendQuotePage(deps, request, reply, values, ruleErrors(error.details as QuoteError[], converted), 422);
      }
      throw error;
    }
    return sendPage(
      reply,
      <QuoteResultPage quote={quote} pdfPath={service.quotePdfPath(quote.reference, quote.accessKey)} signedIn={Boolean(request.user)} />,
    );
  });
}

async function sendQuotePage(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, values: QuoteFormValues, errors: FormErrors = {}, status = 200) {
  const today = londonDate(deps.now());
  const schedule = await scheduleInForce(deps, today);
  const page = <QuotePage csrf={formCsrf(deps, request, reply)} values={values} errors={errors} schedule={schedule} today={today} signedIn={Boolean(request.user)} />;
  return sendPage(reply, page, status);
}
