import { describe, expect, it } from 'vitest';
import { addSite, checkStep, fieldId, nextStep, previousStep, readStep, removeSite, stepOfField } from './start-up-form.steps.js';

describe('reading a posted step into the draft', () => {
  it('keeps text exactly as typed, and turns Yes/No radios into booleans', () => {
    const draft = readStep('organisation', { 'organisation-name': '  Larkfield ', 'organisation-postcode': 'not one', 'organisation-servesVeterans': 'no' }, {});
    expect(draft.organisation).toMatchObject({ name: '  Larkfield ', postcode: 'not one', servesVeterans: false, childrensServiceProvider: undefined });
  });

  it('reads each site on the page, keeping the licences already chosen for it', () => {
    const draft = readStep(
      'sites',
      { 'sites-0-name': 'Hub', 'sites-0-postcode': 'LA1 1AA', 'sites-1-name': '', 'sites-1-satellite': 'yes' },
      { sites: [{ name: 'Old', licences: ['smart-recovery'] }] },
    );
    expect(draft.sites).toEqual([
      { name: 'Hub', address: undefined, postcode: 'LA1 1AA', nation: undefined, satellite: false, licences: ['smart-recovery'] },
      { name: '', address: undefined, postcode: undefined, nation: undefined, satellite: true, licences: undefined },
    ]);
  });

  it('reads one checked licence or several for each site', () => {
    const draft = readStep('licences', { 'sites-0-licences': 'smart-recovery', 'sites-1-licences': ['satellite', 'community'] }, { sites: [{ name: 'A' }, { name: 'B' }, { name: 'C' }] });
    expect(draft.sites?.map((s) => s.licences)).toEqual([['smart-recovery'], ['satellite', 'community'], []]);
  });

  it('adds a blank site and removes one with its licences', () => {
    const draft = { sites: [{ name: 'A', licences: ['smart-recovery'] }, { name: 'B', licences: ['satellite'] }] };
    expect(addSite(draft).sites).toHaveLength(3);
    expect(removeSite(draft, 0).sites).toEqual([{ name: 'B', licences: ['satellite'] }]);
  });
});

describe('checking a step', () => {
  it("names each problem by its field's element id", () => {
    const check = checkStep('contacts', { contacts: { smartLead: { name: 'Avery', email: 'nope' }, finance: {} } });
    expect(check.ok).toBe(false);
    const ids = check.ok ? [] : check.problems.map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining(['contacts-smartLead-email', 'contacts-smartLead-jobTitle', 'contacts-finance-name']));
  });

  it('puts "Add at least one site" on the first site', () => {
    const check = checkStep('sites', { sites: [] });
    expect(check.ok ? [] : check.problems).toEqual([{ id: 'sites-0-name', message: 'Add at least one site' }]);
  });

  it('checks a step never started as empty, with each field\'s own message', () => {
    const check = checkStep('purchase', {});
    expect(check.ok ? [] : check.problems).toEqual([{ id: 'purchase-method', message: 'Say whether you have a purchase order number or need a quotation first' }]);
    const contacts = checkStep('contacts', {});
    expect(contacts.ok ? [] : contacts.problems.map((p) => p.message)).not.toContain('Invalid input: expected object, received undefined');
    expect(contacts.ok ? [] : contacts.problems.map((p) => p.id)).toContain('contacts-finance-email');
  });
});

describe('field ids and steps', () => {
  it('joins a path with hyphens', () => {
    expect(fieldId(['sites', 1, 'postcode'])).toBe('sites-1-postcode');
  });

  it('knows which step asks for a field', () => {
    expect(stepOfField('sites-2-licences')).toBe('licences');
    expect(stepOfField('sites-2-postcode')).toBe('sites');
    expect(stepOfField('contacts-finance-email')).toBe('contacts');
  });

  it('goes forward and back through the seven steps', () => {
    expect(nextStep('licences')).toBe('purchase');
    expect(nextStep('check-answers')).toBe('check-answers');
    expect(previousStep('organisation')).toBeNull();
    expect(previousStep('check-answers')).toBe('declarations');
  });
});
