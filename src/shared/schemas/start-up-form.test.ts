import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { QuoteRequest } from '../../domain/fees/quote.js';
import { purchaseSchema, siteListSchema, startUpFormSchema } from './start-up-form.js';

const site = { name: 'Larkfield Hub', address: '4 Canal Wharf', postcode: 'la11aa', satellite: false, licences: ['smart-recovery'] };
const form = {
  organisation: {
    name: 'Larkfield Recovery Collective',
    organisationType: 'non-profit',
    sector: 'treatment-service',
    address: '4 Canal Wharf',
    postcode: 'LA1 1AA',
    servesVeterans: false,
    childrensServiceProvider: false,
  },
  contacts: {
    smartLead: { name: 'Avery Quinlan', email: ' Avery.Quinlan@People.PartnerHub.test ', jobTitle: 'Manager', facilitator: 'qualified' },
    finance: { name: 'Accounts', email: 'accounts@larkfield.example' },
  },
  sites: [site],
  purchase: { method: 'purchase-order', purchaseOrderNumber: 'PO-1' },
  declarations: { licensedSitesOnly: true, trainedFacilitators: true, registerMeetings: true, codeOfConduct: true, authorised: true },
};

describe('startUpFormSchema', () => {
  it('accepts a complete form, writing postcodes and emails the standard way and reading the nation from the postcode', () => {
    const parsed = startUpFormSchema.parse(form);
    expect(parsed.sites[0]).toMatchObject({ postcode: 'LA1 1AA', nation: 'england' });
    expect(parsed.contacts.smartLead.email).toBe('avery.quinlan@people.partnerhub.test');
  });

  it('treats a blank optional answer as not given', () => {
    const parsed = startUpFormSchema.parse({ ...form, organisation: { ...form.organisation, charityOrCompanyNumber: '  ' } });
    expect(parsed.organisation.charityOrCompanyNumber).toBeUndefined();
  });

  it('refuses an unticked declaration with its own message', () => {
    const result = startUpFormSchema.safeParse({ ...form, declarations: { ...form.declarations, authorised: false } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['declarations', 'authorised'], message: 'Confirm that you are authorised to submit this form for your organisation' });
  });

  it('refuses a phone number that is not a UK number, and accepts one with spaces or +44', () => {
    const withPhone = (phone: string) =>
      startUpFormSchema.safeParse({ ...form, contacts: { ...form.contacts, smartLead: { ...form.contacts.smartLead, phone } } }).success;
    expect(withPhone('01632 960 001')).toBe(true);
    expect(withPhone('+44 7700 900982')).toBe(true);
    expect(withPhone('call me')).toBe(false);
  });

  it('refuses an unknown field', () => {
    expect(startUpFormSchema.safeParse({ ...form, discount: 'FREE' }).success).toBe(false);
  });

  it("has sites the domain's quote request can take", () => {
    type Site = z.output<typeof startUpFormSchema>['sites'][number];
    expectTypeOf<Pick<Site, 'name' | 'satellite' | 'licences'>>().toExtend<QuoteRequest['sites'][number]>();
  });
});

describe('siteListSchema', () => {
  const details = { name: 'Border Hub', address: '1 Bridge Street', postcode: 'TD15 1AA', satellite: false };

  it('asks for the nation where the postcode area crosses a border', () => {
    const result = siteListSchema.safeParse({ sites: [details] });
    expect(result.error?.issues[0]).toMatchObject({ path: ['sites', 0, 'nation'] });
    expect(siteListSchema.parse({ sites: [{ ...details, nation: 'england' }] }).sites[0]!.nation).toBe('england');
  });

  it('refuses a nation that contradicts the postcode', () => {
    const result = siteListSchema.safeParse({ sites: [{ ...details, postcode: 'BT15 3AA', nation: 'scotland' }] });
    expect(result.error?.issues[0]?.message).toBe('BT15 3AA is in Northern Ireland: choose Northern Ireland, or check the postcode');
  });

  it('needs at least one site', () => {
    expect(siteListSchema.safeParse({ sites: [] }).error?.issues[0]?.message).toBe('Add at least one site');
  });
});

describe('purchaseSchema', () => {
  it('needs the number when the applicant has a purchase order', () => {
    expect(purchaseSchema.safeParse({ method: 'purchase-order', purchaseOrderNumber: ' ' }).error?.issues[0]).toMatchObject({
      path: ['purchaseOrderNumber'],
      message: 'Enter the purchase order number',
    });
  });

  it('drops a number typed before choosing a quotation first', () => {
    expect(purchaseSchema.parse({ method: 'quotation-first', purchaseOrderNumber: 'PO-9' })).toEqual({ method: 'quotation-first' });
  });
});
