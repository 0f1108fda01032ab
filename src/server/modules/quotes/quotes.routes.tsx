import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { QuoteError } from '../../../domain/fees/quote.js';
import { checkQuoteRules } from '../../../domain/fees/quote-rules.js';
import { londonDate } from '../../../domain/iso-date.js';
import { errorResponseSchema } from '../../../shared/errors.js';
import {
  agreeQuotePricesSchema,
  issuedQuoteSchema,
  MAX_QUOTE_SITES,
  quoteDetailsSchema,
  quoteKeyQuerySchema,
  quoteListQuerySchema,
  quoteListSchema,
  quoteReferenceParamsSchema,
  quoteRequestSchema,
  quoteReviewSchema,
} from '../../../shared/schemas/quote.js';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { actorOf, formCsrf, requireUser } from '../../http.js';
import { notFoundHandler } from '../../not-found.js';
import { sendPage } from '../../views/layout.js';
import { scheduleInForce } from '../fees/fee-schedule.service.js';
import {
  emptyPublication,
  emptySite,
  type FormErrors,
  formToQuoteRequest,
  MAX_PUBLICATION_ROWS,
  mergeErrors,
  type QuoteFormValues,
  readableQuoteRequest,
  readQuoteForm,
  refusedTrainingRows,
  ruleErrors,
  schemaErrors,
  emptyQuoteForm,
} from './quote-form.js';
import { QuotePage, QuoteResultPage } from './quote.pages.js';
import * as review from './quote-review.service.js';
import * as service from './quotes.service.js';

const refused = { 401: errorResponseSchema, 403: errorResponseSchema };

/**
 * Quotes: the public API, the PDF download, the Quote page that works without JavaScript, and
 * Central Office's queue of quote requests with lines to price.
 */
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
        summary: 'A saved quotation, with the prices it was issued with and any Central Office has agreed since; needs the key from its link',
        description:
          'A line Central Office has priced shows the agreed amount, its description without ": price on request", and a rule that starts ' +
          '"Price agreed by Central Office on"; priceOnRequest stays true while any line still waits for a price.',
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
        ...service.requesterLines(quote),
        status: quote.status,
        // findQuote has checked the key, so it is the quote's own.
        pdfUrl: service.quotePdfUrl(deps, quote.reference, key!),
      };
    },
  );

  api.get(
    '/api/v1/quotes',
    {
      config: { policy: 'centralOffice' },
      schema: {
        tags: ['Licences and fees'],
        summary: "Central Office's list of quotes; those awaiting prices oldest first, any other list newest first",
        querystring: quoteListQuerySchema,
        response: { 200: quoteListSchema, ...refused },
      },
    },
    async (request) => review.listQuotes(deps, request.query),
  );

  api.get(
    '/api/v1/quotes/:reference/review',
    {
      config: { policy: 'centralOffice' },
      schema: {
        tags: ['Licences and fees'],
        summary: 'One quote for Central Office, without its key: the request as asked, every line, and any agreed prices',
        params: quoteReferenceParamsSchema,
        response: { 200: quoteReviewSchema, ...refused, 404: errorResponseSchema },
      },
    },
    async (request) => review.getQuoteForReview(deps, request.params.reference),
  );

  api.post(
    '/api/v1/quotes/:reference/prices',
    {
      config: { policy: 'centralOffice' },
      schema: {
        tags: ['Licences and fees'],
        summary: 'Enter the agreed amount, in pence, of lines priced on request; the total updates, and once no line is left the quote is priced',
        description:
          'Lines are named by their index in the review. Send the version from the review: a stale one answers 412 precondition_failed. ' +
          'A quote that is not awaiting prices answers 409 conflict; a line with a published fee, 422 rule_broken.',
        params: quoteReferenceParamsSchema,
        body: agreeQuotePricesSchema,
        response: { 200: quoteReviewSchema, ...refused, 404: errorResponseSchema, 409: errorResponseSchema, 412: errorResponseSchema, 422: errorResponseSchema },
      },
    },
    async (request) => {
      const user = requireUser(request);
      return review.agreeQuotePrices(deps, { ...actorOf(request), userId: user.id }, request.params.reference, request.body);
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
    if (!parsed.success) {
      // Every problem in one round: the scheme's rules are checked on what could be read, beside
      // the schema's messages, rather than only once those are put right.
      const today = londonDate(deps.now());
      const refusedRows = refusedTrainingRows(parsed.error);
      const rules = checkQuoteRules(readableQuoteRequest(converted.body), await scheduleInForce(deps, today), today).filter(
        (error) => !refusedRows.has(error.field.split('.').slice(0, 2).join('.')),
      );
      return sendQuotePage(deps, request, reply, values, mergeErrors(schemaErrors(parsed.error, converted), ruleErrors(rules, converted)), 422);
    }

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
