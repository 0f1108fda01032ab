import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../app/api.js';
import { apiFieldErrors, currentFromConflict } from './meetings-api.js';

const refusal = (status: number, code: string, details: unknown) => new ApiError(status, { error: { code, message: 'Refused', details } });

describe("the API's refusals, as the meeting form shows them", () => {
  it('puts each reason beside its field, whether named by path or by the field itself', () => {
    const errors = apiFieldErrors(
      refusal(422, 'rule_broken', [
        { field: 'siteId', code: 'site_not_licensed', message: 'Riverside Hub is not licensed for SMART Veterans.', because: [{ code: 'no_licence', message: 'It holds no SMART Veterans licence.' }] },
        { field: 'facilitatorIds', code: 'facilitator_not_eligible', message: 'Sam may not facilitate SMART Veterans here.' },
        { field: 'facilitatorIds', code: 'facilitator_not_eligible', message: 'Alex may not facilitate SMART Veterans here.' },
      ]),
    );
    expect(errors).toEqual({
      siteId: 'Riverside Hub is not licensed for SMART Veterans. It holds no SMART Veterans licence.',
      facilitatorIds: 'Sam may not facilitate SMART Veterans here. Alex may not facilitate SMART Veterans here.',
    });
    expect(apiFieldErrors(refusal(422, 'validation_failed', [{ field: 'body.facilitatorIds.0', message: 'Choose facilitators from the list' }]))).toEqual({
      facilitatorIds: 'Choose facilitators from the list',
    });
    expect(apiFieldErrors(new Error('offline'))).toEqual({});
  });

  it('reads the meeting as it now is from a 412, and nothing from other refusals', () => {
    const current = { id: 'm1', version: 4 };
    expect(currentFromConflict(refusal(412, 'precondition_failed', { currentVersion: 4, current }))).toEqual(current);
    expect(currentFromConflict(refusal(409, 'conflict', { current }))).toBeNull();
  });
});
