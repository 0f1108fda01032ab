import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { londonDate } from '../../../domain/iso-date.js';
import type { StartUpFormDraft } from '../../../shared/schemas/start-up-form.js';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { actorOf, formCsrf } from '../../http.js';
import { sendPage } from '../../views/layout.js';
import { NotFoundPage } from '../home/home.page.js';
import { scheduleInForce } from '../fees/fee-schedule.service.js';
import { getStartUpForm } from './start-up-form-review.service.js';
import {
  CheckAnswersPage,
  ContactsStep,
  DeclarationsStep,
  DraftLinkNotValidPage,
  LicencesStep,
  OrganisationStep,
  PurchaseStep,
  SavedPage,
  SitesStep,
  StartPage,
  type StepFrame,
  SubmittedPage,
} from './start-up-form.pages.js';
import { feeHints } from './start-up-form.pricing.js';
import * as service from './start-up-form.service.js';
import { ANSWER_STEPS, type AnswerStep, addSite, checkStep, type FieldProblem, isStepSlug, nextStep, readStep, removeSite, stepStarted } from './start-up-form.steps.js';

type Body = Record<string, unknown>;

/** Where an applicant carries on: the first step not yet answered, or the check page. */
function continueTo(form: service.StartUpFormRow): string {
  if (!service.isEditable(form)) return '/start-up-form/submitted';
  const draft = service.draftOf(form);
  // A step saved half-done with "Save and come back later" is where to carry on, not the one after it.
  const step = ANSWER_STEPS.find((s) => !stepStarted(s, draft) || !checkStep(s, draft).ok);
  return `/start-up-form/${step ?? 'check-answers'}`;
}

/**
 * The Start-Up Form's pages (Section 6 steps 1A and 1B): one step per page, saved as the applicant
 * goes, all working without JavaScript. The draft is found by the key in an HttpOnly cookie, or in
 * the "come back later" link that sets it.
 */
export async function startUpFormRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const cookieOptions = { path: '/start-up-form', httpOnly: true, sameSite: 'lax' as const, secure: deps.config.secureCookies };
  const linkFor = (key: string) => `${deps.config.publicUrl}/start-up-form/resume/${key}`;
  const options = { config: { policy: 'public' as const }, schema: { hide: true } };

  async function current(request: FastifyRequest, reply: FastifyReply) {
    // The pages hold what the applicant typed about people; no cache keeps them.
    void reply.header('Cache-Control', 'no-store');
    const key = request.cookies[service.DRAFT_COOKIE];
    const form = await service.findByDraftKey(deps, key);
    return form && key ? { form, key } : undefined;
  }

  async function renderStep(
    request: FastifyRequest,
    reply: FastifyReply,
    found: { form: service.StartUpFormRow; key: string },
    step: AnswerStep | 'check-answers',
    draft: StartUpFormDraft,
    problems: FieldProblem[],
    returnToCheck: boolean,
    status = 200,
  ) {
    const csrf = formCsrf(deps, request, reply);
    const draftLink = linkFor(found.key);
    const changesRequested = found.form.status === 'changes_requested' ? found.form.changes_requested_message : null;
    if (step === 'check-answers') {
      const licences = await service.checkLicences(deps, draft);
      const priced = licences.ok ? licences : null;
      return sendPage(reply, <CheckAnswersPage csrf={csrf} draftLink={draftLink} draft={draft} problems={problems} priced={priced} changesRequested={changesRequested} />, status);
    }
    const frame: StepFrame = { step, csrf, draftLink, returnToCheck, problems, changesRequested };
    switch (step) {
      case 'organisation':
        return sendPage(reply, <OrganisationStep frame={frame} draft={draft} />, status);
      case 'contacts':
        return sendPage(reply, <ContactsStep frame={frame} draft={draft} />, status);
      case 'sites':
        return sendPage(reply, <SitesStep frame={frame} draft={draft} />, status);
      case 'licences': {
        const check = await service.checkLicences(deps, draft);
        const schedule = await scheduleInForce(deps);
        const type = draft.organisation?.organisationType;
        const hints = feeHints(schedule, type === 'non-profit' || type === 'for-profit' || type === 'corporate' ? type : undefined, londonDate(deps.now()));
        return sendPage(
          reply,
          <LicencesStep frame={frame} draft={draft} feeHints={hints} priced={check.ok ? check : null} missing={check.ok ? undefined : check.missing} />,
          status,
        );
      }
      case 'purchase':
        return sendPage(reply, <PurchaseStep frame={frame} draft={draft} />, status);
      case 'declarations':
        return sendPage(reply, <DeclarationsStep frame={frame} draft={draft} />, status);
    }
  }

  app.get('/start-up-form', options, async (request, reply) => {
    const found = await current(request, reply);
    const editable = found && service.isEditable(found.form);
    return sendPage(
      reply,
      <StartPage
        csrf={formCsrf(deps, request, reply)}
        inProgress={found && editable ? { continueTo: continueTo(found.form) } : null}
        submitted={found && !editable && found.form.reference ? { reference: found.form.reference } : null}
      />,
    );
  });

  app.post('/start-up-form', options, async (_request, reply) => {
    const { key } = await service.startDraft(deps);
    void reply.setCookie(service.DRAFT_COOKIE, key, cookieOptions);
    return reply.redirect('/start-up-form/organisation', 303);
  });

  const keyParams = z.object({ key: z.string().min(10).max(100) });

  app.get('/start-up-form/resume/:key', options, async (request, reply) => {
    void reply.header('Cache-Control', 'no-store');
    const params = keyParams.safeParse(request.params);
    const form = params.success ? await service.findByDraftKey(deps, params.data.key) : undefined;
    if (!params.success || !form) return sendPage(reply, <DraftLinkNotValidPage />, 404);
    void reply.setCookie(service.DRAFT_COOKIE, params.data.key, cookieOptions);
    return reply.redirect(continueTo(form), 303);
  });

  app.get('/start-up-form/submitted', options, async (request, reply) => {
    const found = await current(request, reply);
    if (!found) return reply.redirect('/start-up-form', 303);
    if (service.isEditable(found.form)) return reply.redirect(continueTo(found.form), 303);
    const form = await getStartUpForm(deps, found.form.id);
    const { smartLead, finance } = form.answers.contacts;
    return sendPage(
      reply,
      <SubmittedPage
        csrf={formCsrf(deps, request, reply)}
        reference={form.reference}
        status={form.status === 'accepted' ? 'accepted' : 'submitted'}
        leadEmail={smartLead.email}
        financeEmail={finance.email}
        lines={form.lines}
        totalPence={form.totalPence}
        unpricedLines={form.unpricedLines}
        quotationFirst={form.answers.purchase.method === 'quotation-first'}
      />,
    );
  });

  app.get('/start-up-form/:step', options, async (request, reply) => {
    const { step } = request.params as { step: string };
    if (!isStepSlug(step)) return sendPage(reply, <NotFoundPage signedIn={Boolean(request.user)} />, 404);
    const found = await current(request, reply);
    if (!found) return reply.redirect('/start-up-form', 303);
    if (!service.isEditable(found.form)) return reply.redirect('/start-up-form/submitted', 303);
    const draft = service.draftOf(found.form);
    const returnToCheck = (request.query as Record<string, unknown>).return === 'check';
    // Messages are shown once the applicant has tried the step: on the check page, or on a step
    // opened from it to fix something.
    let problems: FieldProblem[] = [];
    if (step === 'check-answers') {
      const check = await service.checkDraft(deps, draft);
      problems = check.ok ? [] : check.problems;
    } else if (returnToCheck) {
      problems = await service.stepProblems(deps, step, draft);
    }
    return renderStep(request, reply, found, step, draft, problems, returnToCheck);
  });

  app.post('/start-up-form/:step', options, async (request, reply) => {
    const { step } = request.params as { step: string };
    if (!isStepSlug(step)) return sendPage(reply, <NotFoundPage signedIn={Boolean(request.user)} />, 404);
    const found = await current(request, reply);
    if (!found) return reply.redirect('/start-up-form', 303);
    if (!service.isEditable(found.form)) return reply.redirect('/start-up-form/submitted', 303);
    const body = (request.body ?? {}) as Body;

    if (step === 'check-answers') {
      const outcome = await service.submitDraft(deps, actorOf(request), found.form).catch((error: unknown) => {
        // A second press of "Submit" while the first was being saved: the form is already in.
        if (error instanceof AppError && error.code === 'conflict') return 'already-submitted' as const;
        throw error;
      });
      if (outcome === 'already-submitted') return reply.redirect('/start-up-form/submitted', 303);
      if (!outcome.ok) return renderStep(request, reply, found, step, service.draftOf(found.form), outcome.problems, false, 422);
      return reply.redirect('/start-up-form/submitted', 303);
    }

    const returnToCheck = body.return === 'check';
    const action = typeof body.action === 'string' ? body.action : 'continue';
    // What was typed is saved before anything is checked, so nothing typed is lost.
    let draft = readStep(step, body, service.draftOf(found.form));
    const remove = /^remove-(\d+)$/.exec(action);
    if (step === 'sites' && action === 'add-site') draft = addSite(draft);
    if (step === 'sites' && remove) draft = removeSite(draft, Number(remove[1]));
    if (!(await service.saveDraft(deps, found.form, draft))) return reply.redirect('/start-up-form/submitted', 303);

    if (action === 'save') return sendPage(reply, <SavedPage draftLink={linkFor(found.key)} continueTo={`/start-up-form/${step}`} />);
    if (step === 'sites' && (action === 'add-site' || remove)) return renderStep(request, reply, found, step, draft, [], returnToCheck);

    const problems = await service.stepProblems(deps, step, draft);
    if (problems.length > 0) return renderStep(request, reply, found, step, draft, problems, returnToCheck, 422);
    if (step === 'licences' && action === 'update-prices') return renderStep(request, reply, found, step, draft, [], returnToCheck);
    return reply.redirect(`/start-up-form/${returnToCheck ? 'check-answers' : nextStep(step)}`, 303);
  });
}
