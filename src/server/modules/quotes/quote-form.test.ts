import { describe, expect, it } from 'vitest';
import { APRIL_2026_SCHEDULE } from '../../../domain/fees/fee-schedule.js';
import { readFileSync } from 'node:fs';
import { EXPENSES_EXTRA_NOTE, priceQuote } from '../../../domain/fees/quote.js';
import { quoteRequestSchema } from '../../../shared/schemas/quote.js';
import { formToQuoteRequest, readQuoteForm, ruleErrors, schemaErrors } from './quote-form.js';

/** A posted form as @fastify/formbody gives it: repeated checkboxes become an array. */
const NEW_PARTNER = {
  organisationType: 'non-profit',
  servesVeterans: 'no',
  childrensServiceProvider: 'no',
  'sites.0.name': 'Site A',
  'sites.0.licences': ['smart-recovery', 'family-and-friends'],
  'sites.0.extraTrainingPlaces': '2',
  'sites.1.name': 'Site B',
  'sites.1.licences': 'family-and-friends',
  'sites.1.extraTrainingPlaces': '',
  inPersonParticipants: '',
  webinarParticipants: '',
  'publications.0.title': '',
  'publications.0.rrp': '',
  'publications.0.quantity': '',
  action: 'quote',
};

describe('readQuoteForm', () => {
  it('reads repeated checkboxes as a list and a single one as a list of one', () => {
    const values = readQuoteForm(NEW_PARTNER);
    expect(values.sites.map((site) => site.licences)).toEqual([['smart-recovery', 'family-and-friends'], ['family-and-friends']]);
  });

  it('keeps as many site rows as the form sent, and at least two', () => {
    expect(readQuoteForm({}).sites).toHaveLength(2);
    expect(readQuoteForm({ 'sites.4.name': 'Fifth' }).sites.map((site) => site.name)).toEqual(['', '', '', '', 'Fifth']);
  });

  it('drops a licence code that is not a licence type', () => {
    expect(readQuoteForm({ 'sites.0.licences': ['smart-recovery', 'insideout'] }).sites[0]?.licences).toEqual(['smart-recovery']);
  });
});

describe('formToQuoteRequest', () => {
  it("turns the new partner's form into a request the schema accepts and the domain prices at £2,050.00", () => {
    const { body } = formToQuoteRequest(readQuoteForm(NEW_PARTNER));
    const request = quoteRequestSchema.parse(body);
    expect(request).toEqual({
      organisationType: 'non-profit',
      servesVeterans: false,
      childrensServiceProvider: false,
      sites: [
        { name: 'Site A', satellite: false, licences: ['smart-recovery', 'family-and-friends'], extraTrainingPlaces: 2 },
        { name: 'Site B', satellite: false, licences: ['family-and-friends'] },
      ],
      training: [],
      publications: [],
    });
    expect(priceQuote(request, APRIL_2026_SCHEDULE, '2026-11-24')).toMatchObject({ ok: true, totalPence: 205_000 });
  });

  it('leaves out blank rows and maps each request index back to its form row', () => {
    const converted = formToQuoteRequest(
      readQuoteForm({ ...NEW_PARTNER, 'sites.0.name': '', 'sites.0.licences': [], 'sites.0.extraTrainingPlaces': '', 'sites.2.name': 'Site C' }),
    );
    expect((converted.body.sites as { name: string }[]).map((site) => site.name)).toEqual(['Site B', 'Site C']);
    expect(converted.placeOf('sites.0.licences')).toEqual({ field: 'sites.1.licences', prefix: 'Site 2: ' });
    expect(converted.placeOf('sites.1.name')).toEqual({ field: 'sites.2.name', prefix: 'Site 3: ' });
    expect(converted.placeOf('sites')).toEqual({ field: 'sites', prefix: '' });
  });

  it('reads an RRP in pounds, with or without a pound sign, pence or commas, as pence', () => {
    const rrp = (typed: string) =>
      (formToQuoteRequest(readQuoteForm({ 'publications.0.title': 'Handbook', 'publications.0.rrp': typed, 'publications.0.quantity': '1' })).body
        .publications as { rrpPence: unknown }[])[0]?.rrpPence;
    expect(rrp('12')).toBe(1_200);
    expect(rrp('£12.50')).toBe(1_250);
    expect(rrp('1,200.5')).toBe(120_050);
    expect(rrp('twelve')).toBe('twelve');
    expect(rrp('12.345')).toBe('12.345');
  });

  it('makes a staff-led training entry only for the kinds given a number, and maps its errors to that field', () => {
    const converted = formToQuoteRequest(readQuoteForm({ ...NEW_PARTNER, webinarParticipants: ' 8 ' }));
    expect(converted.body.training).toEqual([{ kind: 'webinar', participants: 8 }]);
    expect(converted.placeOf('training.0.participants')).toEqual({ field: 'webinarParticipants', prefix: 'Webinar training: ' });
  });

  it('sends a number that is not a whole number on as typed, so the schema refuses it with its own message', () => {
    const converted = formToQuoteRequest(readQuoteForm({ ...NEW_PARTNER, 'sites.0.extraTrainingPlaces': 'two' }));
    const parsed = quoteRequestSchema.safeParse(converted.body);
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(schemaErrors(parsed.error, converted)).toEqual({
      'sites.0.extraTrainingPlaces': 'Site 1: Enter the number of extra training places as a whole number, like 2',
    });
  });

  it('asks for the organisation type when none is chosen', () => {
    const converted = formToQuoteRequest(readQuoteForm({ ...NEW_PARTNER, organisationType: '' }));
    const parsed = quoteRequestSchema.safeParse(converted.body);
    expect(parsed.success ? {} : schemaErrors(parsed.error, converted)).toEqual({ organisationType: 'Choose the type of organisation' });
  });
});

describe('ruleErrors', () => {
  it('puts two broken rules about the same licences together next to that field', () => {
    const converted = formToQuoteRequest(readQuoteForm({ ...NEW_PARTNER, 'sites.1.licences': 'start-smart' }));
    const result = priceQuote(quoteRequestSchema.parse(converted.body), APRIL_2026_SCHEDULE, '2026-11-24');
    expect(result.ok).toBe(false);
    const errors = ruleErrors(result.ok ? [] : result.errors, converted);
    expect(Object.keys(errors)).toEqual(['sites.1.licences']);
    expect(errors['sites.1.licences']).toMatch(/^Site 2: The Start SMART licence is not yet on sale\..* Site 2: The Start SMART licence for "Site B" is only for children's service providers\./);
  });
});

describe('the quote form for an existing partner and larger training', () => {
  it('sends the licences a site already holds, so SMART Recovery held earns Family & Friends at £410.00', () => {
    const values = readQuoteForm({ ...NEW_PARTNER, 'sites.0.licences': 'family-and-friends', 'sites.0.heldLicences': 'smart-recovery', 'sites.0.extraTrainingPlaces': '', 'sites.1.name': '', 'sites.1.licences': [] });
    const parsed = quoteRequestSchema.parse(formToQuoteRequest(values).body);
    expect(parsed.sites).toEqual([expect.objectContaining({ name: 'Site A', licences: ['family-and-friends'], heldLicences: ['smart-recovery'] })]);
    const priced = priceQuote(parsed, APRIL_2026_SCHEDULE, '2026-06-01');
    expect(priced.ok && priced.totalPence).toBe(41_000);
  });

  it('keeps a site row that has only held licences, and sends the number of groups next to the people', () => {
    const values = readQuoteForm({ 'sites.0.heldLicences': 'smart-recovery', inPersonParticipants: '25', inPersonGroups: '3', webinarGroups: '2' });
    const converted = formToQuoteRequest(values);
    expect(converted.body.sites).toHaveLength(1);
    expect(converted.body.training).toEqual([
      { kind: 'in-person', participants: 25, groups: 3 },
      { kind: 'webinar', participants: '', groups: 2 },
    ]);
    expect(converted.placeOf('training.0.groups')).toEqual({ field: 'inPersonGroups', prefix: 'In-person training: ' });
    expect(converted.placeOf('training.1.participants')).toEqual({ field: 'webinarParticipants', prefix: 'Webinar training: ' });
  });

  it('public/quote.js says the same about expenses next to the total as the page and the PDF', () => {
    const script = readFileSync(new URL('../../../../public/quote.js', import.meta.url), 'utf8');
    expect(script).toContain(`const EXPENSES_EXTRA_NOTE = '${EXPENSES_EXTRA_NOTE}';`);
    expect(script).toContain("heldLicences: checkedValues(field('heldLicences'))");
  });
});
