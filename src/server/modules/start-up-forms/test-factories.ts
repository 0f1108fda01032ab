import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { StartUpFormInput } from '../../../shared/schemas/start-up-form.js';
import { CookieJar } from '../../../../tests/support/factories.js';

/** A complete, valid Start-Up Form for an invented non-profit with a main site and a satellite. */
export function completeForm(overrides: Partial<StartUpFormInput> = {}): StartUpFormInput {
  return {
    organisation: {
      name: 'Larkfield Recovery Collective',
      organisationType: 'non-profit',
      sector: 'treatment-service',
      charityOrCompanyNumber: '1190099',
      address: '4 Canal Wharf\nLancaster',
      postcode: 'LA1 1AA',
      servesVeterans: false,
      childrensServiceProvider: false,
    },
    contacts: {
      smartLead: { name: 'Avery Quinlan', email: 'avery.quinlan@people.partnerhub.test', phone: '01632 960 001', jobTitle: 'Recovery Services Manager', facilitator: 'will-train' },
      finance: { name: 'Larkfield Accounts', email: 'accounts@larkfield.example' },
    },
    sites: [
      { name: 'Larkfield Hub', address: '4 Canal Wharf, Lancaster', postcode: 'LA1 1AA', satellite: false, licences: ['smart-recovery', 'family-and-friends'] },
      { name: 'Larkfield Drop-in', address: '9 Market Street, Morecambe', postcode: 'LA4 5AA', satellite: true, licences: ['satellite'] },
    ],
    purchase: { method: 'purchase-order', purchaseOrderNumber: 'PO-55120' },
    declarations: { licensedSitesOnly: true, trainedFacilitators: true, registerMeetings: true, codeOfConduct: true, authorised: true },
    ...overrides,
  };
}

type Fields = Record<string, string | string[]>;

const yesNo = (value: boolean | undefined) => (value === undefined ? '' : value ? 'yes' : 'no');

/** Each step's form fields, as a browser would post them, for a form's answers. */
export function stepFields(form: StartUpFormInput) {
  const o = form.organisation;
  const { smartLead, finance } = form.contacts;
  return {
    organisation: {
      'organisation-name': o.name,
      'organisation-organisationType': o.organisationType,
      'organisation-sector': o.sector,
      'organisation-charityOrCompanyNumber': o.charityOrCompanyNumber ?? '',
      'organisation-address': o.address,
      'organisation-postcode': o.postcode,
      'organisation-servesVeterans': yesNo(o.servesVeterans),
      'organisation-childrensServiceProvider': yesNo(o.childrensServiceProvider),
    },
    contacts: {
      'contacts-smartLead-name': smartLead.name,
      'contacts-smartLead-email': smartLead.email,
      'contacts-smartLead-phone': smartLead.phone ?? '',
      'contacts-smartLead-jobTitle': smartLead.jobTitle,
      'contacts-smartLead-facilitator': smartLead.facilitator,
      'contacts-finance-name': finance.name,
      'contacts-finance-email': finance.email,
    },
    sites: Object.fromEntries(
      form.sites.flatMap((site, i) => [
        [`sites-${i}-name`, site.name],
        [`sites-${i}-address`, site.address],
        [`sites-${i}-postcode`, site.postcode],
        [`sites-${i}-nation`, site.nation ?? ''],
        ...(site.satellite ? [[`sites-${i}-satellite`, 'yes']] : []),
      ]),
    ) as Fields,
    licences: Object.fromEntries(form.sites.map((site, i) => [`sites-${i}-licences`, [...site.licences]])) as Fields,
    purchase: {
      'purchase-method': form.purchase.method,
      'purchase-purchaseOrderNumber': form.purchase.purchaseOrderNumber ?? '',
      'purchase-quoteReference': form.purchase.quoteReference ?? '',
    },
    declarations: Object.fromEntries(Object.entries(form.declarations).filter(([, v]) => v).map(([k]) => [`declarations-${k}`, 'yes'])) as Fields,
  } satisfies Record<string, Fields>;
}

/** A visitor filling in the Start-Up Form's pages without JavaScript: a cookie jar and form posts. */
export class Applicant {
  readonly jar = new CookieJar();
  constructor(private readonly app: FastifyInstance) {}

  async get(url: string): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({ method: 'GET', url, headers: { cookie: this.jar.header() } });
    this.jar.take(res);
    return res;
  }

  /** Posts a page's form with its CSRF token; repeated values (checkboxes) are sent as repeated fields. */
  async post(url: string, fields: Fields): Promise<LightMyRequestResponse> {
    if (!this.jar.get('ph_csrf')) await this.get('/start-up-form');
    const body = new URLSearchParams({ _csrf: this.jar.get('ph_csrf')! });
    for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v);
    const res = await this.app.inject({
      method: 'POST',
      url,
      headers: { cookie: this.jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
    this.jar.take(res);
    return res;
  }

  /** Starts a draft: the start page, then "Start now". */
  async start(): Promise<LightMyRequestResponse> {
    await this.get('/start-up-form');
    return this.post('/start-up-form', {});
  }

  /** Answers one step and expects to be sent on. */
  async answer(step: keyof ReturnType<typeof stepFields>, form: StartUpFormInput): Promise<LightMyRequestResponse> {
    const res = await this.post(`/start-up-form/${step}`, stepFields(form)[step]);
    if (res.statusCode !== 303) throw new Error(`the ${step} step answered ${res.statusCode}: ${res.body.slice(0, 2000)}`);
    return res;
  }

  /** Answers every step, ready to submit from "Check your answers". */
  async fillIn(form: StartUpFormInput): Promise<void> {
    for (const step of ['organisation', 'contacts', 'sites', 'licences', 'purchase', 'declarations'] as const) await this.answer(step, form);
  }

  /** Starts, answers every step and submits; gives the confirmation page. */
  async submit(form: StartUpFormInput): Promise<LightMyRequestResponse> {
    await this.start();
    await this.fillIn(form);
    const res = await this.post('/start-up-form/check-answers', {});
    if (res.statusCode !== 303) throw new Error(`submitting answered ${res.statusCode}: ${res.body.slice(0, 2000)}`);
    return this.get(res.headers.location as string);
  }
}

/** The text of an HTML page with tags removed and entities decoded, for reading what it says. */
export function pageText(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The value attribute an input with this id shows, decoded. */
export function inputValue(html: string, id: string): string | undefined {
  const tag = new RegExp(`<input[^>]*\\bid="${id}"[^>]*>`).exec(html)?.[0];
  const value = tag ? /\bvalue="([^"]*)"/.exec(tag)?.[1] : undefined;
  return value === undefined ? undefined : pageText(value);
}

/** The error message shown for a field, read from its `<id>-error` element. */
export function fieldError(html: string, id: string): string | undefined {
  const match = new RegExp(`<p class="error-message" id="${id}-error">(.*?)</p>`).exec(html);
  return match ? pageText(match[1]!).replace(/^Error: /, '') : undefined;
}
