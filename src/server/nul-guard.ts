import fp from 'fastify-plugin';
import { AppError } from './errors.js';

/**
 * PostgreSQL text cannot hold the NUL character, so a NUL in a path, query or body would fail deep
 * in a query. Refuse it at the door with a 400 instead.
 */
export const nulGuard = fp(async (app) => {
  app.addHook('preValidation', async (request) => {
    if (request.url.includes('%00') || request.url.includes('\u0000') || containsNul(request.body)) {
      throw new AppError('bad_request', 'The request contains a NUL character, which Partner Hub does not accept.');
    }
  });
});

function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 20 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => containsNul(v, depth + 1));
  return Object.entries(value as Record<string, unknown>).some(([k, v]) => k.includes('\u0000') || containsNul(v, depth + 1));
}
