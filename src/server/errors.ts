import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ERROR_CODES, type ErrorCode } from '../shared/errors.js';
import { sendErrorPage, wantsPage } from './error-page.js';

/** The one error type services throw. The code decides the HTTP status (shared/errors.ts). */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
  get status(): number {
    return ERROR_CODES[this.code];
  }
}

export const notFound = (what = 'record'): AppError => new AppError('not_found', `No such ${what}.`);

/** Maps any thrown error to a response. 5xx answers carry a reference number and nothing internal. */
export function errorHandler(error: FastifyError | AppError | Error, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof AppError) {
    if (error.status >= 500) return internal(error, request, reply);
    if (wantsPage(request)) return void sendErrorPage(request, reply, error.status, error.message);
    void reply.status(error.status).send({ error: { code: error.code, message: error.message, details: error.details } });
    return;
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const details = error.validation.map((v) => ({
      field: [String(error.validationContext ?? ''), ...String(v.instancePath).split('/').filter(Boolean)].join('.'),
      message: v.message,
    }));
    void reply.status(422).send({ error: { code: 'validation_failed', message: 'Some of the details are not valid.', details } });
    return;
  }
  const status = (error as FastifyError).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code: ErrorCode = status === 415 ? 'unsupported_media_type' : status === 429 ? 'too_many_requests' : status === 404 ? 'not_found' : 'bad_request';
    if (wantsPage(request)) return void sendErrorPage(request, reply, status, publicMessage(status));
    void reply.status(status).send({ error: { code, message: publicMessage(status) } });
    return;
  }
  internal(error, request, reply);
}

function publicMessage(status: number): string {
  if (status === 413) return 'The request is too large.';
  if (status === 415) return 'That content type is not accepted here.';
  if (status === 404) return 'Not found.';
  return 'The request could not be read.';
}

// PostgreSQL's "connection lost" and "server shutting down or starting" error codes, and the socket
// errors of a database that is not there: the request may succeed when retried a moment later.
const DATABASE_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);

/** Whether the error says the database cannot be reached just now (restarting, stopped, connection dropped). */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && DATABASE_UNAVAILABLE.has(code)) return true;
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|terminating connection|the database system is (starting up|shutting down)|Client has encountered a connection error/i.test(message);
}

function internal(error: Error, request: FastifyRequest, reply: FastifyReply): void {
  const reference = randomUUID().slice(0, 8).toUpperCase();
  if (isDatabaseUnavailable(error)) {
    // A database outage is not the request's fault and nothing was half-done (the transaction rolled
    // back), so say so, and when to try again.
    request.log.warn({ err: error, reference }, 'database unavailable');
    const message = `Partner Hub cannot reach its database just now; nothing was changed. Please try again in a minute. Reference ${reference}.`;
    void reply.header('Retry-After', '5');
    if (wantsPage(request)) return void sendErrorPage(request, reply, 503, message);
    void reply.status(503).send({ error: { code: 'service_unavailable', message, reference } });
    return;
  }
  request.log.error({ err: error, reference }, 'request failed');
  const message = `Something went wrong on our side. Reference ${reference}.`;
  if (wantsPage(request)) return void sendErrorPage(request, reply, 500, message);
  void reply.status(500).send({ error: { code: 'internal', message, reference } });
}
