import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type MatrixFixtures, ROUTE_MATRIX } from '../access/route-matrix.js';
import { createOrganisation, createUser, signIn, type SignedIn } from '../support/factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * Mass assignment (issue 10): a field the request was not meant to carry (the organisation, a role,
 * a status, a price, `publiclyVisible`, a version…) is refused with 422 naming it, never quietly
 * dropped or applied. Checked two ways: every JSON body the API documents is strict at every level
 * (`additionalProperties: false`, zod's strictObject), and every POST, PATCH and PUT JSON route
 * actually answers 422 to a body with such fields added.
 */

let t: TestApp;
const sessions = {} as Record<Exclude<Actor, 'anonymous'>, SignedIn>;
/** Made-up ids: the schema is checked before any record is looked up, so nothing here is changed. */
const fixtures: MatrixFixtures = { organisationId: randomUUID(), invoiceId: randomUUID(), siteId: randomUUID(), facilitatorId: randomUUID() };
const MASS_ASSIGNMENT = ['organisationId', 'organisation', 'role', 'status', 'pricePence', 'amountPence', 'publiclyVisible', 'version', 'verifiedBy', 'isAdmin'];
const WRITES = new Set(['POST', 'PATCH', 'PUT']);
/** The one write that takes no JSON: a logo's bytes, checked by the route itself. */
const NO_JSON_BODY = ['POST /api/v1/publication-logos'];
/** Actions on a record that read nothing from a body: they take none, or `{}`, and refuse anything in one. */
const BODYLESS_ACTIONS = [
  'POST /api/v1/community-sessions/:id/invitations',
  'POST /api/v1/nominations/:id/enrolment-instructions',
  'POST /api/v1/people/:id/erasure',
  'POST /api/v1/training-courses/:id/bookings/:bookingId/cancel',
  'POST /api/v1/users/:id/reactivate',
  'POST /api/v1/users/:id/suspend',
  'POST /api/v1/visits/:id/actions/:actionId/done',
];

type JsonSchema = { $ref?: string; type?: string | string[]; properties?: Record<string, JsonSchema>; additionalProperties?: unknown; propertyNames?: { enum?: unknown[] }; items?: JsonSchema; anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; allOf?: JsonSchema[] };
type OpenApi = { paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema: JsonSchema }> } }>>; components?: { schemas?: Record<string, JsonSchema> } };
let openapi: OpenApi;

function resolve(schema: JsonSchema): JsonSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.split('/').at(-1)!;
  return openapi.components?.schemas?.[name] ?? {};
}

/** Every object in the schema that would accept a property it does not name, as JSON paths. */
function lenientObjects(schema: JsonSchema, path: string, seen = new Set<JsonSchema>()): string[] {
  const s = resolve(schema);
  if (seen.has(s)) return [];
  seen.add(s);
  const found: string[] = [];
  const isObject = s.type === 'object' || (Array.isArray(s.type) && s.type.includes('object')) || s.properties !== undefined;
  // A map whose keys are a fixed list (zod's record of an enum) refuses any other key too.
  const closedKeys = Array.isArray(s.propertyNames?.enum);
  if (isObject && s.additionalProperties !== false && !closedKeys) found.push(path || '(body)');
  for (const [key, value] of Object.entries(s.properties ?? {})) found.push(...lenientObjects(value, `${path}.${key}`, seen));
  if (s.items) found.push(...lenientObjects(s.items, `${path}[]`, seen));
  for (const branch of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) found.push(...lenientObjects(branch, path, seen));
  return found;
}

/** The OpenAPI path template of a Fastify route: /api/v1/x/:id → /api/v1/x/{id}. */
const openapiPath = (url: string) => url.replace(/:([A-Za-z]+)/g, '{$1}');
const documentedBody = (method: string, url: string) => openapi.paths[openapiPath(url)]?.[method.toLowerCase()]?.requestBody?.content?.['application/json']?.schema;

beforeAll(async () => {
  t = await createTestApp();
  const organisation = await createOrganisation(t.database.db);
  sessions.central_office = await signIn(t.app, await createUser(t.database.db, { role: 'central_office' }));
  sessions.coordinator = await signIn(t.app, await createUser(t.database.db, { role: 'coordinator', posts: ['north-west'] }));
  sessions.programme_lead = await signIn(t.app, await createUser(t.database.db, { role: 'coordinator', posts: ['veterans-lead'] }));
  sessions.smart_lead = await signIn(t.app, await createUser(t.database.db, { role: 'smart_lead', organisationId: organisation.id }));
  sessions.facilitator = await signIn(t.app, await createUser(t.database.db, { role: 'facilitator', organisationId: organisation.id }));
  openapi = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
});
afterAll(async () => t?.close());

describe('fields a request may not carry', () => {
  it('documents every JSON request body as strict, at every level', () => {
    const lenient: string[] = [];
    let bodies = 0;
    for (const [path, methods] of Object.entries(openapi.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const schema = operation.requestBody?.content?.['application/json']?.schema;
        if (!schema) continue;
        bodies += 1;
        for (const where of lenientObjects(schema, '')) lenient.push(`${method.toUpperCase()} ${path} ${where}`);
      }
    }
    expect(bodies).toBeGreaterThan(30);
    expect(lenient).toEqual([]);
  });

  it('refuses with 422, naming them, extra fields sent to every POST, PATCH and PUT JSON route, whoever sends them', async () => {
    const routes = t.app.routeInventory.filter((r) => WRITES.has(r.method) && r.url.startsWith('/api/'));
    expect(routes.length).toBeGreaterThan(40);
    const failures: string[] = [];
    const bodyless: string[] = [];
    let checked = 0;
    for (const route of routes) {
      const row = ROUTE_MATRIX[`${route.method} ${route.url}`];
      if (!row) {
        failures.push(`${route.method} ${route.url}: no matrix row`);
        continue;
      }
      const schema = documentedBody(route.method, route.url);
      if (!schema) {
        bodyless.push(`${route.method} ${route.url}`);
        continue;
      }
      const actor = (['central_office', 'smart_lead', 'facilitator', 'coordinator', 'programme_lead'] as const).find((a) => row.expect[a] === 'allow');
      const declared = new Set(Object.keys(resolve(schema).properties ?? {}));
      const extras = Object.fromEntries(MASS_ASSIGNMENT.filter((k) => !declared.has(k)).map((k) => [k, k === 'publiclyVisible' ? true : k === 'version' ? 99 : 'sneaked-in']));
      const headers = { ...(actor ? sessions[actor].headers() : {}), 'content-type': 'application/json', 'if-match': '"1"', 'idempotency-key': randomUUID() };
      const res = await t.app.inject({ method: route.method as 'POST', url: row.url(fixtures), headers, payload: JSON.stringify({ ...(row.body?.(actor ?? 'anonymous') ?? {}), ...extras }) });
      checked += 1;
      const named = res.statusCode === 422 && Object.keys(extras).every((k) => res.body.includes(k));
      if (!named) failures.push(`${route.method} ${route.url} as ${actor ?? 'anonymous'} → ${res.statusCode} ${res.body.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(40);
    // Only a file upload takes no JSON body; every other write, an action with nothing to read included, was checked above.
    expect(bodyless).toEqual(NO_JSON_BODY);
  }, 120_000);

  it('refuses with 422 any field sent to an action that reads no body, and still takes none or an empty one', async () => {
    const outcomes: string[] = [];
    for (const key of BODYLESS_ACTIONS) {
      const row = ROUTE_MATRIX[key];
      expect(row, `${key} has a matrix row`).toBeDefined();
      expect(documentedBody('POST', key.slice('POST '.length)), `${key} documents its (empty, strict) body`).toBeDefined();
      const actor = (['central_office', 'smart_lead', 'coordinator'] as const).find((a) => row!.expect[a] === 'allow')!;
      const send = (payload?: unknown) =>
        t.app.inject({
          method: 'POST',
          url: row!.url(fixtures),
          headers: { ...sessions[actor].headers(), ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
        });
      const refused = await send({ reason: 'moved away', status: 'done' });
      const error = refused.json<{ error: { code: string; details: { field: string; message: string }[] } }>().error;
      const named = ['reason', 'status'].every((k) => error.details?.some((d) => d.field === 'body' && d.message.includes(k)));
      // The made-up ids are looked up only once the body is accepted: 404 says it was.
      const none = await send();
      const empty = await send({});
      outcomes.push(`${key}: ${refused.statusCode} ${error.code} ${named ? 'naming both' : 'not naming them'}; none ${none.statusCode}; {} ${empty.statusCode}`);
    }
    expect(outcomes).toEqual(BODYLESS_ACTIONS.map((key) => `${key}: 422 validation_failed naming both; none 404; {} 404`));
  });
});
