import type pg from 'pg';

/**
 * The signed-in lists and dashboards `npm run bench` measures at the ten-times network: each first
 * page and, where the list pages, its last page (which must stay as fast), for Central Office (the
 * whole network) and a Coordinator (their region). Every URL is a real route with the parameters
 * its query schema takes (src/shared/schemas, src/server/modules/reports/licence-reports.routes.ts).
 */
export interface ListEndpoint {
  label: string;
  url: string;
  as: 'central_office' | 'coordinator';
}

export async function listEndpoints(pool: pg.Pool): Promise<ListEndpoint[]> {
  const count = async (sql: string) => Number((await pool.query(sql)).rows[0].n);
  const organisations = await count('SELECT count(*) AS n FROM organisations');
  const licences = await count('SELECT count(*) AS n FROM licences');
  const meetings = await count('SELECT count(*) AS n FROM meetings');
  const facilitators = await count('SELECT count(*) AS n FROM facilitators');
  const invoices = await count('SELECT count(*) AS n FROM invoices');
  const last = (n: number, size: number) => Math.max(0, Math.floor((n - 1) / size) * size);
  return [
    { label: 'Organisations, first page', url: '/api/v1/organisations?limit=50', as: 'central_office' },
    { label: `Organisations, last page (offset ${last(organisations, 50)})`, url: `/api/v1/organisations?limit=50&offset=${last(organisations, 50)}`, as: 'central_office' },
    { label: 'Organisations in a region', url: '/api/v1/organisations?limit=50', as: 'coordinator' },
    { label: 'Licences report, first page', url: '/api/v1/reports/licences?limit=50', as: 'central_office' },
    { label: `Licences report, last page (offset ${last(licences, 50)})`, url: `/api/v1/reports/licences?limit=50&offset=${last(licences, 50)}`, as: 'central_office' },
    { label: 'Licences report, in operation', url: '/api/v1/reports/licences?limit=50&status=in-operation', as: 'central_office' },
    { label: 'Licences report in a region', url: '/api/v1/reports/licences?limit=50', as: 'coordinator' },
    { label: 'Licence summary (dashboard)', url: '/api/v1/reports/licences/summary', as: 'central_office' },
    { label: 'Income report', url: '/api/v1/reports/income', as: 'central_office' },
    { label: 'Invoices, first page', url: '/api/v1/invoices?limit=50', as: 'central_office' },
    { label: `Invoices, last page (offset ${last(invoices, 50)})`, url: `/api/v1/invoices?limit=50&offset=${last(invoices, 50)}`, as: 'central_office' },
    { label: 'Facilitators, first page', url: '/api/v1/facilitators?limit=50', as: 'central_office' },
    { label: `Facilitators, last page (offset ${last(facilitators, 50)})`, url: `/api/v1/facilitators?limit=50&offset=${last(facilitators, 50)}`, as: 'central_office' },
    { label: 'Facilitators in a region', url: '/api/v1/facilitators?limit=50', as: 'coordinator' },
    { label: 'Meetings, first page', url: '/api/v1/registered-meetings?limit=50', as: 'central_office' },
    { label: `Meetings, last page (offset ${last(meetings, 50)})`, url: `/api/v1/registered-meetings?limit=50&offset=${last(meetings, 50)}`, as: 'central_office' },
    { label: 'Meetings in a region', url: '/api/v1/registered-meetings?limit=50', as: 'coordinator' },
    { label: 'Meeting contribution totals', url: '/api/v1/meeting-contributions/totals', as: 'central_office' },
    // The whole-network dashboards last: a request still being computed after its 4 s would
    // otherwise hold up the event loop during the lists measured after it.
    { label: 'Workspace (dashboard)', url: '/api/v1/workspace', as: 'central_office' },
    { label: 'Workspace (dashboard) of a region', url: '/api/v1/workspace', as: 'coordinator' },
    { label: 'Network report (dashboard)', url: '/api/v1/reports/network', as: 'central_office' },
    { label: 'Network report of a region', url: '/api/v1/reports/network', as: 'coordinator' },
    { label: 'Network map', url: '/api/v1/reports/network/map', as: 'central_office' },
    { label: 'Network map of a region', url: '/api/v1/reports/network/map', as: 'coordinator' },
    { label: 'Survey completion rates', url: '/api/v1/meeting-surveys/rates', as: 'central_office' },
    { label: 'Survey completion rates in a region', url: '/api/v1/meeting-surveys/rates', as: 'coordinator' },
    { label: `Survey completion rates, last page (offset ${last(meetings, 50)})`, url: `/api/v1/meeting-surveys/rates?offset=${last(meetings, 50)}`, as: 'central_office' },
    { label: 'Survey completion rates by facilitator', url: '/api/v1/meeting-surveys/rates/facilitators', as: 'central_office' },
    { label: 'Survey completion rates by facilitator in a region', url: '/api/v1/meeting-surveys/rates/facilitators', as: 'coordinator' },
  ];
}
