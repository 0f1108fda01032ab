/**
 * The role × route matrix: for every route, what each kind of visitor gets. The route-inventory
 * test fails when the app has a route with no row here, and the matrix test makes each request
 * as each actor and checks the answer.
 *
 * allow: the route answers (2xx/3xx, or one of the row's `alsoAllowed` statuses such as a
 * validation 422 or an unknown token's 404). deny: 401, 403 or 404, or a redirect to sign-in.
 */
export const ACTORS = ['anonymous', 'central_office', 'coordinator', 'programme_lead', 'smart_lead', 'facilitator'] as const;
export type Actor = (typeof ACTORS)[number];
export type Outcome = 'allow' | 'deny';

export interface MatrixFixtures {
  /** The SMART Lead's and facilitator's organisation, in the North West. */
  organisationId: string;
  /** An invoice of that organisation, paid, so its site is licensed. */
  invoiceId: string;
  /** That organisation's licensed site. */
  siteId: string;
  /** A facilitator record of that organisation, linked to the facilitator actor's account. */
  facilitatorId?: string;
}

export interface MatrixRow {
  /** A concrete request for this route. */
  url: (f: MatrixFixtures) => string;
  /** JSON body, or form fields when `form` is set. */
  body?: (actor: Actor) => Record<string, unknown>;
  form?: boolean;
  /** The request ends the session (sign-out), so it is made with a session of its own. */
  endsSession?: boolean;
  alsoAllowed?: number[];
  expect: Record<Actor, Outcome>;
}

const everyone: Record<Actor, Outcome> = {
  anonymous: 'allow', central_office: 'allow', coordinator: 'allow', programme_lead: 'allow', smart_lead: 'allow', facilitator: 'allow',
};
const signedIn: Record<Actor, Outcome> = { ...everyone, anonymous: 'deny' };
const centralOfficeOnly: Record<Actor, Outcome> = {
  anonymous: 'deny', central_office: 'allow', coordinator: 'deny', programme_lead: 'deny', smart_lead: 'deny', facilitator: 'deny',
};
const nobodySignedIn: Record<Actor, Outcome> = {
  anonymous: 'deny', central_office: 'deny', coordinator: 'deny', programme_lead: 'deny', smart_lead: 'deny', facilitator: 'deny',
};

const fixed = (url: string) => () => url;
const smartLeadAndCentralOffice: Record<Actor, Outcome> = {
  anonymous: 'deny', central_office: 'allow', coordinator: 'deny', programme_lead: 'deny', smart_lead: 'allow', facilitator: 'deny',
};

export const ROUTE_MATRIX: Record<string, MatrixRow> = {
  'GET /healthz': { url: fixed('/healthz'), expect: everyone },
  'GET /': { url: fixed('/'), expect: everyone },
  'GET /sign-in': { url: fixed('/sign-in'), expect: everyone },
  'POST /sign-in': { url: fixed('/sign-in'), form: true, body: (actor) => ({ email: `nobody.${actor}@people.partnerhub.test`, password: 'x' }), alsoAllowed: [401], expect: everyone },
  // Only a session waiting for its second factor may use these pages.
  'GET /sign-in/two-factor': { url: fixed('/sign-in/two-factor'), expect: nobodySignedIn },
  'POST /sign-in/two-factor': { url: fixed('/sign-in/two-factor'), form: true, body: () => ({ code: '123456' }), expect: nobodySignedIn },
  'POST /sign-out': { url: fixed('/sign-out'), form: true, endsSession: true, body: () => ({}), expect: everyone },
  'GET /password-reset': { url: fixed('/password-reset'), expect: everyone },
  'POST /password-reset': { url: fixed('/password-reset'), form: true, body: () => ({ email: 'nobody@people.partnerhub.test' }), expect: everyone },
  'GET /password-reset/:token': { url: fixed('/password-reset/not-a-real-token-at-all'), alsoAllowed: [404], expect: everyone },
  'POST /password-reset/:token': { url: fixed('/password-reset/not-a-real-token-at-all'), form: true, body: () => ({ password: 'x', confirm: 'x' }), alsoAllowed: [404], expect: everyone },
  'GET /invitations/:token': { url: fixed('/invitations/not-a-real-token-at-all'), alsoAllowed: [404], expect: everyone },
  'POST /invitations/:token': { url: fixed('/invitations/not-a-real-token-at-all'), form: true, body: () => ({ password: 'x', confirm: 'x' }), alsoAllowed: [404], expect: everyone },
  'GET /api/v1/me': { url: fixed('/api/v1/me'), expect: signedIn },
  'POST /api/v1/invitations': {
    url: fixed('/api/v1/invitations'),
    body: (actor) => ({ email: `invited.by.${actor}@people.partnerhub.test`, name: 'Invited Person', role: 'central_office' }),
    expect: centralOfficeOnly,
  },
  // An account that does not exist: Central Office gets past the policy to the 404; everyone else is refused first.
  'POST /api/v1/users/:id/suspend': { url: fixed('/api/v1/users/00000000-0000-4000-8000-000000000000/suspend'), alsoAllowed: [404], expect: centralOfficeOnly },
  'POST /api/v1/users/:id/reactivate': { url: fixed('/api/v1/users/00000000-0000-4000-8000-000000000000/reactivate'), alsoAllowed: [404], expect: centralOfficeOnly },
  // Subject access and erasure (decision 104): a person who does not exist, so the matrix erases nobody.
  'GET /api/v1/people/:id/subject-access': { url: fixed('/api/v1/people/00000000-0000-4000-8000-000000000000/subject-access'), alsoAllowed: [404], expect: centralOfficeOnly },
  'POST /api/v1/people/:id/erasure': { url: fixed('/api/v1/people/00000000-0000-4000-8000-000000000000/erasure'), body: () => ({}), alsoAllowed: [404], expect: centralOfficeOnly },
  'GET /api/v1/reference': { url: fixed('/api/v1/reference'), expect: everyone },
  'GET /api/v1/organisations': { url: fixed('/api/v1/organisations'), expect: signedIn },
  // A North West organisation: its own people, its region's Coordinator and Central Office only.
  'GET /api/v1/organisations/:id': {
    url: (f) => `/api/v1/organisations/${f.organisationId}`,
    expect: { anonymous: 'deny', central_office: 'allow', coordinator: 'allow', programme_lead: 'deny', smart_lead: 'allow', facilitator: 'allow' },
  },
  'GET /api/v1/audit-events': { url: fixed('/api/v1/audit-events'), expect: centralOfficeOnly },
  'GET /api/v1/outbox': { url: fixed('/api/v1/outbox'), expect: centralOfficeOnly },
  'GET /api/v1/fee-schedule': { url: fixed('/api/v1/fee-schedule'), expect: everyone },
  'GET /api/v1/fee-schedules': { url: fixed('/api/v1/fee-schedules'), expect: centralOfficeOnly },
  // An empty body: Central Office gets past the policy to the 422; everyone else is refused first.
  'POST /api/v1/fee-schedules': { url: fixed('/api/v1/fee-schedules'), body: () => ({}), alsoAllowed: [422], expect: centralOfficeOnly },
  'GET /licences': { url: fixed('/licences'), expect: everyone },
  'GET /quote': { url: fixed('/quote'), expect: everyone },
  // A whole quote, so every visitor gets as far as a priced quotation (each makes one of its own).
  'POST /quote': {
    url: fixed('/quote'),
    form: true,
    body: () => ({ organisationType: 'non-profit', 'sites.0.name': 'Matrix site', 'sites.0.licences': 'smart-recovery', action: 'quote' }),
    expect: everyone,
  },
  'POST /api/v1/quotes': {
    url: fixed('/api/v1/quotes'),
    body: () => ({ organisationType: 'non-profit', sites: [{ name: 'Matrix site', licences: ['smart-recovery'] }] }),
    expect: everyone,
  },
  // Open to anyone holding the key from the quote's link; a made-up reference and key are not found.
  'GET /api/v1/quotes/:reference': { url: fixed('/api/v1/quotes/Q-2026-000000?key=not-a-real-key'), alsoAllowed: [404], expect: everyone },
  'GET /quotes/:reference.pdf': { url: fixed('/quotes/Q-2026-000000.pdf?key=not-a-real-key'), alsoAllowed: [404], expect: everyone },
  // Central Office's quote requests: a made-up reference gets Central Office past the policy to "not found" (or the empty body's 422).
  'GET /api/v1/quotes': { url: fixed('/api/v1/quotes?status=awaiting_prices'), expect: centralOfficeOnly },
  'GET /api/v1/quotes/:reference/review': { url: fixed('/api/v1/quotes/Q-2026-000000/review'), alsoAllowed: [404], expect: centralOfficeOnly },
  'POST /api/v1/quotes/:reference/prices': { url: fixed('/api/v1/quotes/Q-2026-000000/prices'), body: () => ({}), alsoAllowed: [422], expect: centralOfficeOnly },
  'GET /api/v1/invoices': { url: fixed('/api/v1/invoices'), expect: smartLeadAndCentralOffice },
  'GET /api/v1/invoices/:id': { url: (f) => `/api/v1/invoices/${f.invoiceId}`, expect: smartLeadAndCentralOffice },
  'POST /api/v1/invoices': { url: fixed('/api/v1/invoices'), body: () => ({}), alsoAllowed: [422], expect: centralOfficeOnly },
  'POST /api/v1/invoices/:id/payments': { url: (f) => `/api/v1/invoices/${f.invoiceId}/payments`, body: () => ({}), alsoAllowed: [422], expect: centralOfficeOnly },
  'POST /api/v1/invoices/:id/credit-notes': { url: (f) => `/api/v1/invoices/${f.invoiceId}/credit-notes`, body: () => ({}), alsoAllowed: [422], expect: centralOfficeOnly },
  'GET /api/v1/invoices/:id/pdf': { url: (f) => `/api/v1/invoices/${f.invoiceId}/pdf`, expect: smartLeadAndCentralOffice },
  // Pricing a renewal the run left out (decision 174): an empty body is refused as invalid before anything is priced.
  'GET /api/v1/renewals/awaiting-price': { url: fixed('/api/v1/renewals/awaiting-price'), expect: centralOfficeOnly },
  // Central Office sees every inbox, a Coordinator the tasks assigned to them (decision 179); an unknown task is 404 to both.
  'GET /api/v1/tasks': { url: fixed('/api/v1/tasks?status=open'), expect: { ...nobodySignedIn, central_office: 'allow', coordinator: 'allow', programme_lead: 'allow' } },
  'PUT /api/v1/tasks/:id/status': { url: fixed('/api/v1/tasks/00000000-0000-4000-8000-000000000000/status'), body: () => ({ status: 'done' }), alsoAllowed: [404], expect: { ...nobodySignedIn, central_office: 'allow', coordinator: 'allow', programme_lead: 'allow' } },
  'POST /api/v1/licences/:id/renewal-invoice': { url: fixed('/api/v1/licences/00000000-0000-4000-8000-000000000000/renewal-invoice'), body: () => ({}), alsoAllowed: [422], expect: centralOfficeOnly },
  'GET /api/v1/organisations/:id/licences': {
    url: (f) => `/api/v1/organisations/${f.organisationId}/licences`,
    expect: { anonymous: 'deny', central_office: 'allow', coordinator: 'allow', programme_lead: 'deny', smart_lead: 'allow', facilitator: 'allow' },
  },
  'GET /api/v1/organisations/:id/partnership-agreement.pdf': { url: (f) => `/api/v1/organisations/${f.organisationId}/partnership-agreement.pdf`, expect: smartLeadAndCentralOffice },
  'GET /api/v1/sites/:id/certificate.pdf': { url: (f) => `/api/v1/sites/${f.siteId}/certificate.pdf`, expect: smartLeadAndCentralOffice },
  // Open to the people of an organisation with a licence in force (the fixture's is paid).
  'GET /api/v1/partner-resources': {
    url: fixed('/api/v1/partner-resources'),
    expect: { anonymous: 'deny', central_office: 'allow', coordinator: 'deny', programme_lead: 'deny', smart_lead: 'allow', facilitator: 'allow' },
  },
  'GET /api/v1/partner-resources/:id': {
    url: fixed('/api/v1/partner-resources/smart-partner-logo'),
    expect: { anonymous: 'deny', central_office: 'allow', coordinator: 'deny', programme_lead: 'deny', smart_lead: 'allow', facilitator: 'allow' },
  },
  // Reports: Central Office over the network, Coordinators and programme leads over their own scope (decision 125).
  'GET /api/v1/reports/licences/summary': { url: fixed('/api/v1/reports/licences/summary'), expect: { ...nobodySignedIn, central_office: 'allow', coordinator: 'allow', programme_lead: 'allow' } },
  'GET /api/v1/reports/licences': { url: fixed('/api/v1/reports/licences?format=csv'), expect: { ...nobodySignedIn, central_office: 'allow', coordinator: 'allow', programme_lead: 'allow' } },
  'GET /api/v1/reports/income': { url: fixed('/api/v1/reports/income'), expect: { ...nobodySignedIn, central_office: 'allow', coordinator: 'allow', programme_lead: 'allow' } },
  'GET /api/v1/reports/network': { url: fixed('/api/v1/reports/network?format=csv&table=licences-by-region'), expect: { ...nobodySignedIn, central_office: 'allow', coordinator: 'allow', programme_lead: 'allow' } },
  'GET /api/v1/reports/network/map': { url: fixed('/api/v1/reports/network/map'), expect: { ...nobodySignedIn, central_office: 'allow', coordinator: 'allow', programme_lead: 'allow' } },
  // The Coordinator's workspace (decision 126): staff only; another region's organisation is "not found".
  'GET /api/v1/workspace': { url: fixed('/api/v1/workspace'), expect: { ...nobodySignedIn, central_office: 'allow', coordinator: 'allow', programme_lead: 'allow' } },
  'GET /api/v1/workspace/sections/:section': {
    url: fixed('/api/v1/workspace/sections/facilitators-due?offset=20'),
    expect: { ...nobodySignedIn, central_office: 'allow', coordinator: 'allow', programme_lead: 'allow' },
  },
  'GET /api/v1/workspace/organisations/:id': {
    url: (f) => `/api/v1/workspace/organisations/${f.organisationId}`,
    expect: { ...nobodySignedIn, central_office: 'allow', coordinator: 'allow', programme_lead: 'deny' },
  },
  'POST /api/v1/workspace/organisations/:id/notes': {
    url: (f) => `/api/v1/workspace/organisations/${f.organisationId}/notes`,
    body: () => ({ contactOn: '2026-01-05', kind: 'call', summary: 'Route matrix check.' }),
    expect: { ...nobodySignedIn, central_office: 'allow', coordinator: 'allow', programme_lead: 'deny' },
  },
  'POST /api/v1/start-up-forms/:id/invoice': { url: fixed('/api/v1/start-up-forms/00000000-0000-4000-8000-000000000000/invoice'), body: () => ({}), alsoAllowed: [404], expect: centralOfficeOnly },
  'POST /api/v1/organisations/:id/additions/quote': {
    url: (f) => `/api/v1/organisations/${f.organisationId}/additions/quote`,
    body: () => ({ sites: [] }),
    alsoAllowed: [422],
    expect: smartLeadAndCentralOffice,
  },
  'POST /api/v1/organisations/:id/additions': { url: (f) => `/api/v1/organisations/${f.organisationId}/additions`, body: () => ({ sites: [] }), alsoAllowed: [422], expect: centralOfficeOnly },
  // Training places and nominations: the site's SMART Lead, its region's Coordinator and Central Office.
  'GET /api/v1/sites/:id/training-places': {
    url: (f) => `/api/v1/sites/${f.siteId}/training-places`,
    expect: { anonymous: 'deny', central_office: 'allow', coordinator: 'allow', programme_lead: 'deny', smart_lead: 'allow', facilitator: 'deny' },
  },
  'POST /api/v1/sites/:id/training-places/purchases': { url: (f) => `/api/v1/sites/${f.siteId}/training-places/purchases`, body: () => ({}), alsoAllowed: [422], expect: centralOfficeOnly },
  'GET /api/v1/nominations': { url: fixed('/api/v1/nominations'), expect: signedIn },
  'POST /api/v1/nominations': { url: fixed('/api/v1/nominations'), body: () => ({}), alsoAllowed: [422], expect: smartLeadAndCentralOffice },
  // A made-up nomination: those the policy lets through get "not found".
  'POST /api/v1/nominations/:id/enrolment-instructions': {
    url: fixed('/api/v1/nominations/00000000-0000-4000-8000-000000000000/enrolment-instructions'),
    body: () => ({}),
    alsoAllowed: [404],
    expect: { anonymous: 'deny', central_office: 'allow', coordinator: 'allow', programme_lead: 'allow', smart_lead: 'deny', facilitator: 'deny' },
  },
  'POST /api/v1/nominations/:id/release': {
    url: fixed('/api/v1/nominations/00000000-0000-4000-8000-000000000000/release'),
    body: () => ({}),
    alsoAllowed: [404],
    expect: smartLeadAndCentralOffice,
  },
  'POST /api/v1/volunteer-applications': {
    url: fixed('/api/v1/volunteer-applications'),
    body: (actor) => ({ name: 'Matrix Applicant', email: `applicant.${actor}@people.partnerhub.test`, region: 'north-west' }),
    expect: everyone,
  },
  'GET /api/v1/volunteers': { url: fixed('/api/v1/volunteers'), expect: centralOfficeOnly },
  'GET /api/v1/volunteers/:id': { url: fixed('/api/v1/volunteers/00000000-0000-4000-8000-000000000000'), alsoAllowed: [404], expect: centralOfficeOnly },
  'POST /api/v1/volunteers/:id/stages': { url: fixed('/api/v1/volunteers/00000000-0000-4000-8000-000000000000/stages'), body: () => ({}), alsoAllowed: [422], expect: centralOfficeOnly },
  'GET /api/v1/openapi.json': { url: fixed('/api/v1/openapi.json'), expect: everyone },
  // The Start-Up Form's pages: without a draft cookie a step sends the visitor to the start page.
  'GET /start-up-form': { url: fixed('/start-up-form'), expect: everyone },
  'POST /start-up-form': { url: fixed('/start-up-form'), form: true, body: () => ({}), expect: everyone },
  'GET /start-up-form/resume/:key': { url: fixed('/start-up-form/resume/not-a-real-draft-key'), alsoAllowed: [404], expect: everyone },
  'GET /start-up-form/submitted': { url: fixed('/start-up-form/submitted'), expect: everyone },
  'GET /start-up-form/:step': { url: fixed('/start-up-form/organisation'), expect: everyone },
  'POST /start-up-form/:step': { url: fixed('/start-up-form/organisation'), form: true, body: () => ({ 'organisation-name': 'Matrix Recovery' }), expect: everyone },
  // Anyone may submit a whole form; an empty one is refused with field details.
  'POST /api/v1/start-up-forms': { url: fixed('/api/v1/start-up-forms'), body: () => ({}), alsoAllowed: [422], expect: everyone },
  'GET /api/v1/start-up-forms': { url: fixed('/api/v1/start-up-forms'), expect: centralOfficeOnly },
  // A made-up form: Central Office gets past the policy to "not found" (or the empty body's 422); everyone else is refused first.
  'GET /api/v1/start-up-forms/:id': { url: fixed('/api/v1/start-up-forms/00000000-0000-4000-8000-000000000000'), alsoAllowed: [404], expect: centralOfficeOnly },
  'POST /api/v1/start-up-forms/:id/request-changes': {
    url: fixed('/api/v1/start-up-forms/00000000-0000-4000-8000-000000000000/request-changes'),
    body: () => ({}),
    alsoAllowed: [422],
    expect: centralOfficeOnly,
  },
  'POST /api/v1/start-up-forms/:id/prices': {
    url: fixed('/api/v1/start-up-forms/00000000-0000-4000-8000-000000000000/prices'),
    body: () => ({}),
    alsoAllowed: [422],
    expect: centralOfficeOnly,
  },
  'POST /api/v1/start-up-forms/:id/accept': {
    url: fixed('/api/v1/start-up-forms/00000000-0000-4000-8000-000000000000/accept'),
    body: () => ({}),
    alsoAllowed: [422],
    expect: centralOfficeOnly,
  },
  // People and safeguarding. Facilitators see their own record only; check details are for Central Office and the facilitator's SMART Lead.
  // A facilitator gets only the ids and names of their own organisations' facilitators (people-fields.int.test.ts).
  'GET /api/v1/facilitators': { url: fixed('/api/v1/facilitators'), expect: signedIn },
  'POST /api/v1/facilitators': { url: fixed('/api/v1/facilitators'), body: () => ({}), alsoAllowed: [422], expect: smartLeadAndCentralOffice },
  // Someone without a facilitator record is told so (404); the facilitator actor has one.
  'GET /api/v1/facilitators/me': { url: fixed('/api/v1/facilitators/me'), alsoAllowed: [404], expect: signedIn },
  'GET /api/v1/facilitators/:id': {
    url: (f) => `/api/v1/facilitators/${f.facilitatorId}`,
    expect: { anonymous: 'deny', central_office: 'allow', coordinator: 'allow', programme_lead: 'deny', smart_lead: 'allow', facilitator: 'allow' },
  },
  // Changing a record: Central Office and the facilitator's own SMART Lead; Coordinators see but do not change.
  'PATCH /api/v1/facilitators/:id': {
    url: (f) => `/api/v1/facilitators/${f.facilitatorId}`,
    body: () => ({}),
    // Sent without If-Match, the two allowed roles get past the policy to 428 (decision 101).
    alsoAllowed: [428],
    expect: smartLeadAndCentralOffice,
  },
  'PUT /api/v1/facilitators/:id/sites': { url: (f) => `/api/v1/facilitators/${f.facilitatorId}/sites`, body: () => ({}), alsoAllowed: [422], expect: smartLeadAndCentralOffice },
  // A record that does not exist, so the matrix removes nobody: the two allowed roles get past the policy to the 404.
  'DELETE /api/v1/facilitators/:id/organisations/:organisationId': {
    url: (f) => `/api/v1/facilitators/00000000-0000-4000-8000-000000000000/organisations/${f.organisationId}`,
    alsoAllowed: [404],
    expect: smartLeadAndCentralOffice,
  },
  'POST /api/v1/facilitators/:id/qualifications': { url: (f) => `/api/v1/facilitators/${f.facilitatorId}/qualifications`, body: () => ({}), alsoAllowed: [422], expect: centralOfficeOnly },
  'GET /api/v1/facilitators/:id/safeguarding-checks': { url: (f) => `/api/v1/facilitators/${f.facilitatorId}/safeguarding-checks`, expect: smartLeadAndCentralOffice },
  'POST /api/v1/facilitators/:id/safeguarding-checks': { url: (f) => `/api/v1/facilitators/${f.facilitatorId}/safeguarding-checks`, body: () => ({}), alsoAllowed: [422], expect: smartLeadAndCentralOffice },
  'GET /api/v1/facilitators/:id/eligibility': {
    url: (f) => `/api/v1/facilitators/${f.facilitatorId}/eligibility?programme=smart-recovery&siteId=${f.siteId}`,
    expect: { anonymous: 'deny', central_office: 'allow', coordinator: 'allow', programme_lead: 'deny', smart_lead: 'allow', facilitator: 'allow' },
  },
  // The training pathway: the record is seen by the person, their SMART Lead, their region's Coordinator and Central Office;
  // recorded by the Coordinator and Central Office; the certificate is for the person, their SMART Lead and Central Office
  // (the fixture's facilitator has none yet, so those let through get "not found").
  'GET /api/v1/facilitators/:id/training': {
    url: (f) => `/api/v1/facilitators/${f.facilitatorId}/training`,
    expect: { anonymous: 'deny', central_office: 'allow', coordinator: 'allow', programme_lead: 'deny', smart_lead: 'allow', facilitator: 'allow' },
  },
  'POST /api/v1/facilitators/:id/training': {
    url: (f) => `/api/v1/facilitators/${f.facilitatorId}/training`,
    body: () => ({}),
    alsoAllowed: [422],
    expect: { anonymous: 'deny', central_office: 'allow', coordinator: 'allow', programme_lead: 'allow', smart_lead: 'deny', facilitator: 'deny' },
  },
  'GET /api/v1/facilitators/:id/training/certificate.pdf': {
    url: (f) => `/api/v1/facilitators/${f.facilitatorId}/training/certificate.pdf`,
    alsoAllowed: [404],
    expect: { anonymous: 'deny', central_office: 'allow', coordinator: 'deny', programme_lead: 'deny', smart_lead: 'allow', facilitator: 'allow' },
  },
  'POST /api/v1/training/imports': { url: fixed('/api/v1/training/imports'), body: () => ({}), alsoAllowed: [422], expect: centralOfficeOnly },
  // Today's records from CSV (decisions 135–139): an empty body is refused (422); an unknown run is "not found".
  'POST /api/v1/record-imports': { url: fixed('/api/v1/record-imports'), body: () => ({}), alsoAllowed: [422], expect: centralOfficeOnly },
  'GET /api/v1/record-imports/runs/:id': { url: fixed('/api/v1/record-imports/runs/00000000-0000-4000-8000-000000000000'), alsoAllowed: [404], expect: centralOfficeOnly },
  'GET /api/v1/record-imports/guide': { url: fixed('/api/v1/record-imports/guide'), expect: centralOfficeOnly },
  'GET /api/v1/record-imports/examples/:kind': { url: fixed('/api/v1/record-imports/examples/organisations'), expect: centralOfficeOnly },
  // Staff-led courses and bespoke training requests (decisions 063, 064): made-up ids, so those let through get "not found".
  'GET /api/v1/training-courses': { url: fixed('/api/v1/training-courses'), expect: signedIn },
  'POST /api/v1/training-courses': { url: fixed('/api/v1/training-courses'), body: () => ({}), alsoAllowed: [422], expect: centralOfficeOnly },
  'GET /api/v1/training-courses/:id': { url: fixed('/api/v1/training-courses/00000000-0000-4000-8000-000000000000'), alsoAllowed: [404], expect: signedIn },
  'POST /api/v1/training-courses/:id/bookings': {
    url: fixed('/api/v1/training-courses/00000000-0000-4000-8000-000000000000/bookings'),
    body: () => ({ name: 'Matrix Person', email: 'matrix.person@people.partnerhub.test' }),
    alsoAllowed: [404],
    expect: smartLeadAndCentralOffice,
  },
  'POST /api/v1/training-courses/:id/bookings/:bookingId/cancel': {
    url: fixed('/api/v1/training-courses/00000000-0000-4000-8000-000000000000/bookings/00000000-0000-4000-8000-000000000001/cancel'),
    body: () => ({}),
    alsoAllowed: [404],
    expect: smartLeadAndCentralOffice,
  },
  'POST /api/v1/training-courses/:id/invoice': { url: fixed('/api/v1/training-courses/00000000-0000-4000-8000-000000000000/invoice'), body: () => ({}), alsoAllowed: [404], expect: centralOfficeOnly },
  'GET /api/v1/training-requests': { url: fixed('/api/v1/training-requests'), expect: signedIn },
  'POST /api/v1/training-requests': { url: fixed('/api/v1/training-requests'), body: () => ({}), alsoAllowed: [422], expect: smartLeadAndCentralOffice },
  'POST /api/v1/training-requests/:id/invoice': { url: fixed('/api/v1/training-requests/00000000-0000-4000-8000-000000000000/invoice'), body: () => ({}), alsoAllowed: [422], expect: centralOfficeOnly },
  'GET /api/v1/safeguarding-policy': { url: fixed('/api/v1/safeguarding-policy'), expect: signedIn },
  'PUT /api/v1/safeguarding-policy': { url: fixed('/api/v1/safeguarding-policy'), body: () => ({}), alsoAllowed: [422], expect: centralOfficeOnly },
  'GET /api/v1/code-of-conduct': { url: fixed('/api/v1/code-of-conduct'), expect: signedIn },
  'POST /api/v1/code-of-conduct': { url: fixed('/api/v1/code-of-conduct'), body: () => ({}), alsoAllowed: [422], expect: centralOfficeOnly },
  'POST /api/v1/code-of-conduct/acceptances': { url: fixed('/api/v1/code-of-conduct/acceptances'), body: () => ({}), alsoAllowed: [422], expect: signedIn },
  'GET /api/v1/organisations/smart-lead-warnings': { url: fixed('/api/v1/organisations/smart-lead-warnings'), expect: centralOfficeOnly },
  'POST /api/v1/organisations/:id/smart-lead': { url: (f) => `/api/v1/organisations/${f.organisationId}/smart-lead`, body: () => ({}), alsoAllowed: [422], expect: smartLeadAndCentralOffice },
  // Visits (Section 6): Central Office, Coordinators (their region's, a programme lead their programme's) and SMART Leads
  // (their own organisation's) see them; facilitators' role does not. Made-up visits: those let through get "not found".
  'GET /api/v1/visits': { url: fixed('/api/v1/visits'), expect: { ...signedIn, facilitator: 'deny' } },
  'POST /api/v1/visits': { url: fixed('/api/v1/visits'), body: () => ({}), alsoAllowed: [422], expect: { ...nobodySignedIn, central_office: 'allow', coordinator: 'allow', programme_lead: 'allow' } },
  'GET /api/v1/visits/meeting-choices': {
    url: (f) => `/api/v1/visits/meeting-choices?siteId=${f.siteId}`,
    expect: { ...nobodySignedIn, central_office: 'allow', coordinator: 'allow' },
  },
  'GET /api/v1/visits/:id': { url: fixed('/api/v1/visits/00000000-0000-4000-8000-000000000000'), alsoAllowed: [404], expect: { ...signedIn, facilitator: 'deny' } },
  'POST /api/v1/visits/:id/record': {
    url: fixed('/api/v1/visits/00000000-0000-4000-8000-000000000000/record'),
    body: () => ({}),
    alsoAllowed: [422],
    expect: { ...nobodySignedIn, central_office: 'allow', coordinator: 'allow', programme_lead: 'allow' },
  },
  'POST /api/v1/visits/:id/actions/:actionId/done': {
    url: fixed('/api/v1/visits/00000000-0000-4000-8000-000000000000/actions/00000000-0000-4000-8000-000000000001/done'),
    alsoAllowed: [404],
    expect: { ...signedIn, facilitator: 'deny' },
  },
  'GET /api/v1/visits/:id/report.pdf': { url: fixed('/api/v1/visits/00000000-0000-4000-8000-000000000000/report.pdf'), alsoAllowed: [404], expect: { ...signedIn, facilitator: 'deny' } },
  'GET /api/v1/visit-actions': { url: fixed('/api/v1/visit-actions'), expect: { ...signedIn, facilitator: 'deny' } },
  // Facilitator Community Groups and Tool Time: Central Office and Coordinators run them.
  'GET /api/v1/community-sessions': { url: fixed('/api/v1/community-sessions'), expect: { ...nobodySignedIn, central_office: 'allow', coordinator: 'allow', programme_lead: 'allow' } },
  'POST /api/v1/community-sessions': {
    url: fixed('/api/v1/community-sessions'),
    body: () => ({}),
    alsoAllowed: [422],
    expect: { ...nobodySignedIn, central_office: 'allow', coordinator: 'allow', programme_lead: 'allow' },
  },
  'GET /api/v1/community-sessions/:id': {
    url: fixed('/api/v1/community-sessions/00000000-0000-4000-8000-000000000000'),
    alsoAllowed: [404],
    expect: { ...nobodySignedIn, central_office: 'allow', coordinator: 'allow', programme_lead: 'allow' },
  },
  'POST /api/v1/community-sessions/:id/invitations': {
    url: fixed('/api/v1/community-sessions/00000000-0000-4000-8000-000000000000/invitations'),
    alsoAllowed: [404],
    expect: { ...nobodySignedIn, central_office: 'allow', coordinator: 'allow', programme_lead: 'allow' },
  },
  'PUT /api/v1/community-sessions/:id/attendance': {
    url: fixed('/api/v1/community-sessions/00000000-0000-4000-8000-000000000000/attendance'),
    body: () => ({}),
    alsoAllowed: [422],
    expect: { ...nobodySignedIn, central_office: 'allow', coordinator: 'allow', programme_lead: 'allow' },
  },
  // As the facilitator's record: the person, their SMART Lead, their region's Coordinator and Central Office.
  'GET /api/v1/facilitators/:id/community-sessions': {
    url: (f) => `/api/v1/facilitators/${f.facilitatorId}/community-sessions`,
    expect: { anonymous: 'deny', central_office: 'allow', coordinator: 'allow', programme_lead: 'deny', smart_lead: 'allow', facilitator: 'allow' },
  },
  // Meeting surveys: anyone signed in sees their own (none without a facilitator record); rates are for those who oversee meetings.
  // A made-up survey or meeting: those the policy lets through get "not found" (or the empty body's 422); record-level
  // access is tested in meeting-surveys.int.test.ts.
  'GET /api/v1/meeting-surveys/mine': { url: fixed('/api/v1/meeting-surveys/mine'), expect: signedIn },
  'GET /api/v1/meeting-surveys/rates': { url: fixed('/api/v1/meeting-surveys/rates'), expect: { ...signedIn, facilitator: 'deny' } },
  'GET /api/v1/meeting-surveys/rates/facilitators': { url: fixed('/api/v1/meeting-surveys/rates/facilitators'), expect: { ...signedIn, facilitator: 'deny' } },
  'GET /api/v1/meeting-surveys/:id': { url: fixed('/api/v1/meeting-surveys/00000000-0000-4000-8000-000000000000'), alsoAllowed: [404], expect: signedIn },
  'POST /api/v1/meeting-surveys/:id/answer': {
    url: fixed('/api/v1/meeting-surveys/00000000-0000-4000-8000-000000000000/answer'),
    body: () => ({}),
    alsoAllowed: [422],
    expect: signedIn,
  },
  'GET /api/v1/meeting-contributions/totals': { url: fixed('/api/v1/meeting-contributions/totals?format=csv'), expect: centralOfficeOnly },
  'GET /api/v1/meeting-contributions/:meetingId': { url: fixed('/api/v1/meeting-contributions/00000000-0000-4000-8000-000000000000'), alsoAllowed: [404], expect: signedIn },
  'POST /api/v1/meeting-contributions/:meetingId': {
    url: fixed('/api/v1/meeting-contributions/00000000-0000-4000-8000-000000000000'),
    body: () => ({}),
    alsoAllowed: [422],
    expect: signedIn,
  },
  'GET /portal': { url: fixed('/portal'), expect: signedIn },
  'GET /portal/': { url: fixed('/portal/'), alsoAllowed: [503], expect: signedIn },
  'GET /portal/*': { url: fixed('/portal/organisations'), alsoAllowed: [503], expect: signedIn },
  // The public meeting finder (docs/decisions/080–084): open to everyone; an unknown meeting is the same 404 as a hidden one.
  'GET /meetings': { url: fixed('/meetings'), expect: everyone },
  'GET /meetings/print': { url: fixed('/meetings/print?region=north-west'), expect: everyone },
  'GET /meetings/:slug': { url: fixed('/meetings/no-such-meeting'), alsoAllowed: [404], expect: everyone },
  'GET /api/v1/meetings': { url: fixed('/api/v1/meetings?attendance=online'), expect: everyone },
  'GET /api/v1/meetings/:slug': { url: fixed('/api/v1/meetings/no-such-meeting'), alsoAllowed: [404], expect: everyone },
  // Open feeds for other apps; an unknown meeting's calendar is the public API's 404.
  'GET /feeds/meeting-guide.json': { url: fixed('/feeds/meeting-guide.json'), expect: everyone },
  'GET /api/v1/meetings/:slug/calendar.ics': { url: fixed('/api/v1/meetings/no-such-meeting/calendar.ics'), alsoAllowed: [404], expect: everyone },
  'GET /meetings/:slug/calendar.ics': { url: fixed('/meetings/no-such-meeting/calendar.ics'), alsoAllowed: [404], expect: everyone },
  // The meeting registry (docs/decisions/070–075): everyone signed in lists the meetings they may see; facilitators, SMART Leads
  // and Central Office register and change them (Coordinators only see them); a meeting that does not exist is "not found".
  'GET /api/v1/registered-meetings': { url: fixed('/api/v1/registered-meetings'), expect: signedIn },
  'POST /api/v1/registered-meetings': {
    url: fixed('/api/v1/registered-meetings'),
    body: () => ({}),
    alsoAllowed: [422],
    expect: { anonymous: 'deny', central_office: 'allow', coordinator: 'deny', programme_lead: 'deny', smart_lead: 'allow', facilitator: 'allow' },
  },
  'GET /api/v1/registered-meetings/:id': { url: fixed('/api/v1/registered-meetings/00000000-0000-4000-8000-000000000000'), alsoAllowed: [404], expect: signedIn },
  'PATCH /api/v1/registered-meetings/:id': {
    url: fixed('/api/v1/registered-meetings/00000000-0000-4000-8000-000000000000'),
    body: () => ({}),
    alsoAllowed: [404, 422],
    expect: { anonymous: 'deny', central_office: 'allow', coordinator: 'deny', programme_lead: 'deny', smart_lead: 'allow', facilitator: 'allow' },
  },
  'POST /api/v1/registered-meetings/:id/close': {
    url: fixed('/api/v1/registered-meetings/00000000-0000-4000-8000-000000000000/close'),
    body: () => ({}),
    alsoAllowed: [404],
    expect: { anonymous: 'deny', central_office: 'allow', coordinator: 'deny', programme_lead: 'deny', smart_lead: 'allow', facilitator: 'allow' },
  },
  // A site's exceptions are seen by those who see its organisation, and recorded by Central Office.
  'GET /api/v1/sites/:siteId/exceptions': {
    url: (f) => `/api/v1/sites/${f.siteId}/exceptions`,
    expect: { anonymous: 'deny', central_office: 'allow', coordinator: 'allow', programme_lead: 'deny', smart_lead: 'allow', facilitator: 'allow' },
  },
  'POST /api/v1/sites/:siteId/exceptions': { url: (f) => `/api/v1/sites/${f.siteId}/exceptions`, body: () => ({}), alsoAllowed: [422], expect: centralOfficeOnly },
  // Central Office extras (decisions 130–134): partner directory, co-branded publications, corporate partnerships, contact form.
  'GET /partners': { url: fixed('/partners?region=north-west&programme='), expect: everyone },
  'GET /api/v1/organisations/:id/directory-listing': { url: (f) => `/api/v1/organisations/${f.organisationId}/directory-listing`, expect: smartLeadAndCentralOffice },
  // Sent without If-Match, the two allowed roles get past the policy to 428 (decision 101).
  'PUT /api/v1/organisations/:id/directory-listing': { url: (f) => `/api/v1/organisations/${f.organisationId}/directory-listing`, body: () => ({ listed: false }), alsoAllowed: [428], expect: smartLeadAndCentralOffice },
  'GET /api/v1/publications': { url: fixed('/api/v1/publications'), expect: smartLeadAndCentralOffice },
  // Not an image, so the allowed roles reach the check and get 422.
  'POST /api/v1/publication-logos': { url: fixed('/api/v1/publication-logos'), body: () => ({}), alsoAllowed: [422], expect: smartLeadAndCentralOffice },
  'POST /api/v1/publication-orders': { url: fixed('/api/v1/publication-orders'), body: () => ({}), alsoAllowed: [422], expect: smartLeadAndCentralOffice },
  'GET /api/v1/publication-orders': { url: fixed('/api/v1/publication-orders'), expect: smartLeadAndCentralOffice },
  'GET /api/v1/publication-orders/:id': { url: fixed('/api/v1/publication-orders/00000000-0000-4000-8000-000000000000'), alsoAllowed: [404], expect: smartLeadAndCentralOffice },
  'GET /api/v1/publication-orders/:id/logo': { url: fixed('/api/v1/publication-orders/00000000-0000-4000-8000-000000000000/logo'), alsoAllowed: [404], expect: smartLeadAndCentralOffice },
  'GET /api/v1/corporate-partnerships': { url: fixed('/api/v1/corporate-partnerships'), expect: centralOfficeOnly },
  'GET /api/v1/organisations/:id/corporate-partnership': { url: (f) => `/api/v1/organisations/${f.organisationId}/corporate-partnership`, alsoAllowed: [404], expect: centralOfficeOnly },
  'PUT /api/v1/organisations/:id/corporate-partnership': { url: (f) => `/api/v1/organisations/${f.organisationId}/corporate-partnership`, body: () => ({}), alsoAllowed: [422], expect: centralOfficeOnly },
  'GET /contact': { url: fixed('/contact'), expect: everyone },
  'GET /privacy': { url: fixed('/privacy'), expect: everyone },
  'GET /accessibility': { url: fixed('/accessibility'), expect: everyone },
  'GET /robots.txt': { url: fixed('/robots.txt'), expect: everyone },
  // Every actor posts from the same address, so the later ones may meet the hourly limit (429).
  'POST /contact': {
    url: fixed('/contact'),
    form: true,
    body: (actor) => ({ topic: 'general', name: 'Matrix Tester', email: `contact.${actor}@people.partnerhub.test`, postcode: '', message: 'A test message from the route matrix.' }),
    alsoAllowed: [429],
    expect: everyone,
  },
  // Static files and the API documentation's assets (public by their prefix).
  'GET /static/*': { url: fixed('/static/site.css'), expect: everyone },
  'GET /portal/assets/*': { url: fixed('/portal/assets/none.js'), alsoAllowed: [404], expect: everyone },
  'GET /api/docs': { url: fixed('/api/docs'), expect: everyone },
  'GET /api/docs/json': { url: fixed('/api/docs/json'), expect: everyone },
  'GET /api/docs/yaml': { url: fixed('/api/docs/yaml'), expect: everyone },
  'GET /api/docs/static/*': { url: fixed('/api/docs/static/swagger-ui.css'), expect: everyone },
  'GET /api/docs/static/index.html': { url: fixed('/api/docs/static/index.html'), expect: everyone },
  'GET /api/docs/static/swagger-initializer.js': { url: fixed('/api/docs/static/swagger-initializer.js'), expect: everyone },
};

/** Routes the app has that the matrix does not mention. */
export function routesWithoutMatrixRow(routes: { method: string; url: string }[], matrix: Record<string, unknown> = ROUTE_MATRIX): string[] {
  return routes.map((r) => `${r.method} ${r.url}`).filter((key) => !(key in matrix));
}
