import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  currentUserSchema,
  fieldErrors,
  invitationRequestSchema,
  newPasswordSchema,
  passwordResetRequestSchema,
  signInSchema,
  twoFactorSchema,
} from '../../../shared/schemas/auth.js';
import { clearSessionCookie, setSessionCookie } from '../../auth/cookies.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, formCsrf, requireUser, safeNext } from '../../http.js';
import { sendPage } from '../../views/layout.js';
import { errorResponseSchema } from '../../../shared/errors.js';
import { AppError } from '../../errors.js';
import { LinkNotValidPage, NewPasswordPage, ResetRequestPage, SignInPage, TwoFactorPage } from './auth.pages.js';
import * as auth from './auth.service.js';
import { describeCurrentUser } from './current-user.service.js';

type Form = Record<string, string | undefined>;

const THROTTLED = 'Too many attempts to sign in. Wait 15 minutes, then try again.';
const WRONG = 'The email address or password is not right';

/** Sign-in, two-factor, sign-out, password reset and invitations: pages that work without JavaScript. */
export async function authRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const cookieOptions = { secure: deps.config.secureCookies };

  app.get('/sign-in', { config: { policy: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const query = request.query as Form;
    if (request.user) return reply.redirect(safeNext(query.next), 303);
    const notice = query.reset === '1' ? 'Your password has been changed. Sign in with the new one.' : query.welcome === '1' ? 'Your account is ready. Sign in to continue.' : undefined;
    return sendPage(reply, <SignInPage csrf={formCsrf(deps, request, reply)} next={query.next} notice={notice} />);
  });

  app.post('/sign-in', { config: { policy: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    const parsed = signInSchema.safeParse(form);
    const csrf = formCsrf(deps, request, reply);
    if (!parsed.success) {
      return sendPage(reply, <SignInPage csrf={csrf} email={form.email} next={form.next} errors={fieldErrors(parsed.error)} />, 422);
    }
    const result = await auth.signIn(deps, { ...parsed.data, ip: request.ip });
    if (result.kind === 'throttled') {
      return sendPage(reply, <SignInPage csrf={csrf} email={form.email} next={form.next} errors={{ email: THROTTLED }} />, 429);
    }
    if (result.kind === 'failed') {
      return sendPage(reply, <SignInPage csrf={csrf} email={form.email} next={form.next} errors={{ email: WRONG }} />, 401);
    }
    setSessionCookie(reply, result.token, result.csrfToken, cookieOptions);
    if (result.twoFactorPending) {
      return reply.redirect(`/sign-in/two-factor${form.next ? `?next=${encodeURIComponent(safeNext(form.next))}` : ''}`, 303);
    }
    return reply.redirect(safeNext(form.next), 303);
  });

  app.get('/sign-in/two-factor', { config: { policy: 'twoFactorPending' }, schema: { hide: true } }, async (request, reply) => {
    return sendPage(reply, <TwoFactorPage csrf={formCsrf(deps, request, reply)} />);
  });

  app.post('/sign-in/two-factor', { config: { policy: 'twoFactorPending' }, schema: { hide: true } }, async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    const csrf = formCsrf(deps, request, reply);
    const parsed = twoFactorSchema.safeParse(form);
    if (!parsed.success) return sendPage(reply, <TwoFactorPage csrf={csrf} errors={fieldErrors(parsed.error)} />, 422);
    const pending = request.session!;
    const userId = await pendingUserId(deps, pending.idHash);
    const result = await auth.completeTwoFactor(deps, { pendingSessionHash: pending.idHash, userId, code: parsed.data.code, ip: request.ip });
    if (result.kind === 'throttled') return sendPage(reply, <TwoFactorPage csrf={csrf} errors={{ code: THROTTLED }} />, 429);
    if (result.kind === 'failed') return sendPage(reply, <TwoFactorPage csrf={csrf} errors={{ code: 'That code is not right. Enter the code your app shows now.' }} />, 401);
    setSessionCookie(reply, result.token, result.csrfToken, cookieOptions);
    return reply.redirect(safeNext((request.query as Form).next), 303);
  });

  app.post('/sign-out', { config: { policy: 'public' }, schema: { hide: true } }, async (request, reply) => {
    if (request.session) await auth.signOut(deps, request.session.idHash);
    clearSessionCookie(reply, cookieOptions);
    return reply.redirect('/', 303);
  });

  app.get('/password-reset', { config: { policy: 'public' }, schema: { hide: true } }, async (request, reply) => {
    return sendPage(reply, <ResetRequestPage csrf={formCsrf(deps, request, reply)} />);
  });

  app.post('/password-reset', { config: { policy: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    const csrf = formCsrf(deps, request, reply);
    const parsed = passwordResetRequestSchema.safeParse(form);
    if (!parsed.success) return sendPage(reply, <ResetRequestPage csrf={csrf} email={form.email} errors={fieldErrors(parsed.error)} />, 422);
    await auth.requestPasswordReset(deps, parsed.data.email);
    return sendPage(reply, <ResetRequestPage csrf={csrf} sent />);
  });

  const tokenParams = z.object({ token: z.string().min(10).max(100) });

  app.get('/password-reset/:token', { config: { policy: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const params = tokenParams.safeParse(request.params);
    if (!params.success || !(await auth.findResetToken(deps, params.data.token))) return sendPage(reply, <LinkNotValidPage />, 404);
    return sendPage(reply, <NewPasswordPage csrf={formCsrf(deps, request, reply)} action={`/password-reset/${params.data.token}`} heading="Choose a new password" />);
  });

  app.post('/password-reset/:token', { config: { policy: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const params = tokenParams.safeParse(request.params);
    if (!params.success || !(await auth.findResetToken(deps, params.data.token))) return sendPage(reply, <LinkNotValidPage />, 404);
    const csrf = formCsrf(deps, request, reply);
    const parsed = newPasswordSchema.safeParse(request.body ?? {});
    const action = `/password-reset/${params.data.token}`;
    if (!parsed.success) {
      return sendPage(reply, <NewPasswordPage csrf={csrf} action={action} heading="Choose a new password" errors={fieldErrors(parsed.error)} />, 422);
    }
    const ok = await auth.resetPassword(deps, params.data.token, parsed.data.password, request.ip);
    if (!ok) return sendPage(reply, <LinkNotValidPage />, 404);
    clearSessionCookie(reply, cookieOptions);
    return reply.redirect('/sign-in?reset=1', 303);
  });

  app.get('/invitations/:token', { config: { policy: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const params = tokenParams.safeParse(request.params);
    const invitation = params.success ? await auth.findInvitation(deps, params.data.token) : undefined;
    if (!params.success || !invitation) return sendPage(reply, <LinkNotValidPage />, 404);
    return sendPage(reply, invitationPage(formCsrf(deps, request, reply), params.data.token, invitation));
  });

  app.post('/invitations/:token', { config: { policy: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const params = tokenParams.safeParse(request.params);
    const invitation = params.success ? await auth.findInvitation(deps, params.data.token) : undefined;
    if (!params.success || !invitation) return sendPage(reply, <LinkNotValidPage />, 404);
    const csrf = formCsrf(deps, request, reply);
    const parsed = newPasswordSchema.safeParse(request.body ?? {});
    if (!parsed.success) return sendPage(reply, invitationPage(csrf, params.data.token, invitation, fieldErrors(parsed.error)), 422);
    const result = await auth.acceptInvitation(deps, { token: params.data.token, password: parsed.data.password, code: parsed.data.code, ip: request.ip });
    if (result.kind === 'invalid') return sendPage(reply, <LinkNotValidPage />, 404);
    if (result.kind === 'bad-code') {
      return sendPage(reply, invitationPage(csrf, params.data.token, invitation, { code: 'That code is not right. Enter the code your app shows now.' }), 422);
    }
    return reply.redirect('/sign-in?welcome=1', 303);
  });

  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/me',
    {
      config: { policy: 'signedIn' },
      schema: { tags: ['Accounts'], summary: 'The signed-in person, their role and scope', response: { 200: currentUserSchema, 401: errorResponseSchema } },
    },
    async (request) => describeCurrentUser(deps, requireUser(request), request.session!.csrfToken),
  );

  api.post(
    '/api/v1/invitations',
    {
      config: { policy: 'centralOffice' },
      schema: {
        tags: ['Accounts'],
        summary: 'Invite a person to Partner Hub by email',
        body: invitationRequestSchema,
        response: { 201: z.object({ id: z.string() }), 409: errorResponseSchema, 422: errorResponseSchema },
      },
    },
    async (request, reply) => {
      const created = await auth.invite(deps, actorOf(request), request.body);
      return reply.status(201).send(created);
    },
  );
}

async function pendingUserId(deps: AppDeps, idHash: string): Promise<string> {
  const row = await deps.db.selectFrom('sessions').select('user_id').where('id_hash', '=', idHash).executeTakeFirst();
  if (!row) throw new AppError('not_signed_in', 'Sign in to continue.');
  return row.user_id;
}

function invitationPage(csrf: string, token: string, invitation: { name: string; totp_secret: string | null }, errors?: Record<string, string>) {
  return (
    <NewPasswordPage
      csrf={csrf}
      action={`/invitations/${token}`}
      heading="Set up your Partner Hub account"
      intro={`Welcome, ${invitation.name}. Choose a password to finish setting up your account.`}
      totpSecret={invitation.totp_secret}
      errors={errors}
    />
  );
}

