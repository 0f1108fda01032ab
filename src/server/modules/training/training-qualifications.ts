import type { QualificationCode } from '../../../domain/eligibility/may-facilitate.js';
import type { DB } from '../../db/database.js';

/**
 * Records the qualification a completed module gives, in the table facilitator eligibility reads
 * (decision 040: "until the training capability writes the same rows"). A qualification already
 * recorded, by Central Office by hand or by an earlier completion, is kept as it is; answers
 * whether a new one was recorded.
 */
export async function recordTrainingQualification(trx: DB, q: { facilitatorId: string; code: QualificationCode; achievedOn: string; recordedBy: string | null }): Promise<boolean> {
  const row = await trx
    .insertInto('facilitator_qualifications')
    .values({ facilitator_id: q.facilitatorId, code: q.code, achieved_on: q.achievedOn, recorded_by: q.recordedBy })
    .onConflict((oc) => oc.columns(['facilitator_id', 'code']).doNothing())
    .returning('code')
    .executeTakeFirst();
  return row !== undefined;
}
