import { checkQuoteRules } from '../../../domain/fees/quote-rules.js';
import type { QuoteError } from '../../../domain/fees/quote.js';
import type { FeeSchedule } from '../../../domain/fees/fee-schedule.js';
import { londonDate } from '../../../domain/iso-date.js';
import { startUpFormReference } from '../../../domain/start-up-form/reference.js';
import {
  startUpFormSchema,
  type StartUpFormAnswers,
  type StartUpFormDraft,
  type StartUpFormLine,
  type StartUpFormSubmitted,
} from '../../../shared/schemas/start-up-form.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import { hashToken, newToken } from '../../auth/tokens.js';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { queueMail } from '../../mail/outbox.js';
import { scheduleInForce } from '../fees/fee-schedule.service.js';
import { createTask } from '../tasks/tasks.repository.js';
import { submittedMails } from './start-up-form.mail.js';
import { priceStartUpForm, reviewLines, totalOf } from './start-up-form.pricing.js';
import { ANSWER_STEPS, type AnswerStep, checkLicenceChoices, checkOrganisation, checkPurchase, checkSites, checkStep, fieldId, type FieldProblem } from './start-up-form.steps.js';
import { findQuoteByReference } from '../quotes/quotes.repository.js';
import * as repo from './start-up-forms.repository.js';

/** The cookie that carries the applicant's draft key. */
export const DRAFT_COOKIE = 'ph_start_up_form';

export const REVIEW_TASK_KIND = 'start_up_form.review';

export type StartUpFormRow = NonNullable<Awaited<ReturnType<typeof repo.findById>>>;

/** Whether the applicant may still change the form: before submission, or when Central Office asks for changes. */
export function isEditable(form: Pick<StartUpFormRow, 'status'>): boolean {
  return form.status === 'draft' || form.status === 'changes_requested';
}

/** Starts a new draft and gives the key for the applicant's cookie and "come back later" link. */
export async function startDraft(deps: AppDeps): Promise<{ id: string; key: string }> {
  const key = newToken();
  const id = await repo.insertDraft(deps.db, hashToken(key), deps.now());
  return { id, key };
}

/** The form a draft key opens, if any. */
export async function findByDraftKey(deps: AppDeps, key: string | undefined): Promise<StartUpFormRow | undefined> {
  if (!key || key.length > 100) return undefined;
  return repo.findByKeyHash(deps.db, hashToken(key));
}

/** The draft's answers as saved: whatever was typed. */
export function draftOf(form: Pick<StartUpFormRow, 'answers'>): StartUpFormDraft {
  return (form.answers ?? {}) as StartUpFormDraft;
}

/** Saves what was typed on a step, valid or not; false if the form can no longer be changed. */
export async function saveDraft(deps: AppDeps, form: StartUpFormRow, draft: StartUpFormDraft): Promise<boolean> {
  return repo.saveAnswers(deps.db, form.id, draft, deps.now());
}

/** A domain rule's field ('sites.1.licences') as the element id of the field it concerns. */
export function problemOf(error: QuoteError, place: 'licences' | 'as-is' = 'as-is'): FieldProblem {
  const site = /^sites\.(\d+)\./.exec(error.field);
  // On the licences page every rule about a site sits with that site's licences.
  const id = place === 'licences' ? `sites-${site?.[1] ?? 0}-licences` : fieldId(error.field.split('.'));
  return { id, message: error.message, rule: error.rule };
}

export type LicencesCheck =
  | { ok: true; lines: StartUpFormLine[]; totalPence: number; unpricedLines: number; schedule: FeeSchedule }
  | { ok: false; problems: FieldProblem[]; missing?: 'organisation' | 'sites' };

/**
 * Prices the licences chosen so far with the schedule in force, or says what stops it: an earlier
 * step not yet complete, or the scheme rules the choice breaks, each placed with its site.
 */
export async function checkLicences(deps: AppDeps, draft: StartUpFormDraft): Promise<LicencesCheck> {
  const organisation = checkOrganisation(draft);
  if (!organisation.ok) {
    return { ok: false, missing: 'organisation', problems: [{ id: 'sites-0-licences', message: 'Complete your organisation details first: its type sets the fees.' }] };
  }
  const sites = checkSites(draft);
  if (!sites.ok) return { ok: false, missing: 'sites', problems: [{ id: 'sites-0-licences', message: 'Complete the details of your sites first.' }] };
  const licences = checkLicenceChoices(draft);
  if (!licences.ok) return { ok: false, problems: licences.problems };

  const schedule = await scheduleInForce(deps);
  const answers = {
    organisation: organisation.value,
    sites: sites.value.sites.map((site, i) => ({ ...site, licences: licences.value.sites[i]?.licences ?? [] })),
  };
  const result = priceStartUpForm(answers, schedule, londonDate(deps.now()));
  if (!result.ok) return { ok: false, problems: result.errors.map((error) => problemOf(error, 'licences')) };
  const lines = reviewLines(result);
  return { ok: true, lines, ...totalOf(lines), schedule };
}

/**
 * Section 9: each site is named on the agreement, so two sites may not share a name. Checked on
 * the sites step with the domain's own rule, so the applicant hears it where the names are typed.
 */
export async function checkSiteNames(deps: AppDeps, sites: readonly { name: string; satellite: boolean }[]): Promise<FieldProblem[]> {
  const request = { organisationType: 'non-profit' as const, sites: sites.map((site) => ({ name: site.name, satellite: site.satellite, licences: [] })) };
  return checkQuoteRules(request, await scheduleInForce(deps), londonDate(deps.now()))
    .filter((error) => error.code === 'duplicate_site_name')
    .map((error) => problemOf(error));
}

/** What is wrong with one step's answers: its schema first, then the scheme rules that step can break. */
export async function stepProblems(deps: AppDeps, step: AnswerStep, draft: StartUpFormDraft): Promise<FieldProblem[]> {
  if (step === 'licences') {
    const check = await checkLicences(deps, draft);
    return check.ok ? [] : check.problems;
  }
  if (step === 'sites') {
    const check = checkSites(draft);
    return check.ok ? checkSiteNames(deps, check.value.sites) : check.problems;
  }
  if (step === 'purchase') {
    const check = checkPurchase(draft);
    return check.ok ? quoteReferenceProblems(deps, check.value.quoteReference) : check.problems;
  }
  const check = checkStep(step, draft);
  return check.ok ? [] : check.problems;
}

/** The message for a quotation reference Partner Hub never issued. */
export const UNKNOWN_QUOTE_MESSAGE =
  'We have no quotation with this reference. Check it against your quotation (it looks like Q-2026-000123), or leave it blank';

/** A quotation reference on the form must be one Partner Hub issued; the message goes next to the field. */
export async function quoteReferenceProblems(deps: AppDeps, reference: string | undefined): Promise<FieldProblem[]> {
  if (reference === undefined || (await findQuoteByReference(deps.db, reference))) return [];
  return [{ id: 'purchase-quoteReference', message: UNKNOWN_QUOTE_MESSAGE }];
}

/** Checks the whole draft as it would be submitted: every step's schema, then the licensing rules. */
export async function checkDraft(deps: AppDeps, draft: StartUpFormDraft): Promise<{ ok: true; answers: StartUpFormAnswers } | { ok: false; problems: FieldProblem[] }> {
  // Step by step first, so a step never started gets its fields' own messages.
  const problems = ANSWER_STEPS.flatMap((step) => {
    const check = checkStep(step, draft);
    return check.ok ? [] : check.problems;
  });
  if (problems.length > 0) return { ok: false, problems };
  const parsed = startUpFormSchema.safeParse(draft);
  if (parsed.success) {
    const unknown = await quoteReferenceProblems(deps, parsed.data.purchase.quoteReference);
    if (unknown.length > 0) return { ok: false, problems: unknown };
  }
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((issue) => ({ id: fieldId(issue.path), message: issue.message })) };
  }
  const result = priceStartUpForm(parsed.data, await scheduleInForce(deps), londonDate(deps.now()));
  if (!result.ok) return { ok: false, problems: result.errors.map((error) => problemOf(error)) };
  return { ok: true, answers: parsed.data };
}

export type SubmitOutcome = { ok: true; submitted: StartUpFormSubmitted } | { ok: false; problems: FieldProblem[] };

/** Submits the applicant's draft: every step checked, then priced and sent in one transaction. */
export async function submitDraft(deps: AppDeps, actor: Actor, form: StartUpFormRow): Promise<SubmitOutcome> {
  const check = await checkDraft(deps, draftOf(form));
  if (!check.ok) return check;
  const result = await submit(deps, actor, check.answers, form.id);
  if (!result.ok) return { ok: false, problems: result.errors.map((error) => problemOf(error)) };
  return result;
}

/** Submits a complete form sent to the API: priced and sent in one transaction, or refused with the rules it breaks. */
export async function submitStartUpForm(deps: AppDeps, actor: Actor, answers: StartUpFormAnswers): Promise<StartUpFormSubmitted> {
  const [unknown] = await quoteReferenceProblems(deps, answers.purchase.quoteReference);
  if (unknown) throw new AppError('rule_broken', unknown.message, [{ field: 'purchase.quoteReference', message: unknown.message }]);
  const result = await submit(deps, actor, answers, null);
  if (!result.ok) {
    throw new AppError('rule_broken', 'The licences asked for break a rule of the scheme; the details say which and what to do instead.', result.errors);
  }
  return result.submitted;
}

/**
 * Section 6 step 1A: the completed form goes to Central Office. In one transaction: the status and
 * reference, prices fixed from the schedule in force, the confirmation to the SMART Lead nominee
 * and the finance contact, a task in the partnerships queue, and the audit entry.
 */
async function submit(
  deps: AppDeps,
  actor: Actor,
  answers: StartUpFormAnswers,
  formId: string | null,
): Promise<{ ok: true; submitted: StartUpFormSubmitted } | { ok: false; errors: QuoteError[] }> {
  const at = deps.now();
  const today = londonDate(at);
  const schedule = await scheduleInForce(deps, today);
  const result = priceStartUpForm(answers, schedule, today);
  if (!result.ok) return { ok: false, errors: result.errors };
  const lines = reviewLines(result);
  const { totalPence, unpricedLines } = totalOf(lines);

  const submitted = await deps.db.transaction().execute(async (trx) => {
    const id = formId ?? (await repo.insertDraft(trx, hashToken(newToken()), at));
    const form = await repo.lockById(trx, id);
    if (!form) throw new AppError('not_found', 'No such Start-Up Form.');
    if (!isEditable(form)) throw new AppError('conflict', `This Start-Up Form has already been submitted as ${form.reference}.`);
    const resubmitted = form.reference !== null;
    const reference = form.reference ?? startUpFormReference(today, await repo.nextReferenceNumber(trx));
    const version = await repo.markSubmitted(trx, id, { reference, answers, lines, totalPence, feeScheduleId: schedule.id, at });

    for (const mail of submittedMails({ reference, submittedOn: today, answers, lines, totalPence, unpricedLines, resubmitted })) {
      await queueMail(trx, mail);
    }
    const needs = [answers.purchase.method === 'quotation-first' ? 'quotation first' : null, unpricedLines > 0 ? 'prices on request' : null].filter(Boolean);
    await createTask(trx, {
      kind: REVIEW_TASK_KIND,
      title: `Review Start-Up Form ${reference} from ${answers.organisation.name}${resubmitted ? ' (changes made)' : ''}${needs.length ? `: ${needs.join(', ')}` : ''}`,
      subjectType: 'start_up_form',
      subjectId: id,
      inbox: 'partnerships',
    });
    await recordAudit(trx, actor, {
      action: resubmitted ? 'start_up_form.resubmitted' : 'start_up_form.submitted',
      entityType: 'start_up_form',
      entityId: id,
      before: resubmitted ? { status: form.status, version: form.version } : undefined,
      after: { reference, status: 'submitted', version, feeScheduleId: schedule.id, lines, totalPence, unpricedLines },
    });
    return { reference, status: 'submitted' as const };
  });

  return { ok: true, submitted: { ...submitted, lines: result.lines, totalPence: result.totalPence, priceOnRequest: result.priceOnRequest } };
}
