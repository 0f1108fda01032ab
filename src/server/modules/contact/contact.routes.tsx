import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { contactFormSchema } from '../../../shared/schemas/contact.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, formCsrf } from '../../http.js';
import type { FieldErrors } from '../../views/form.js';
import { sendPage } from '../../views/layout.js';
import { ContactPage, ContactSentPage, emptyContact, type ContactValues } from './contact.pages.js';
import * as service from './contact.service.js';

const THROTTLED = 'You have sent several messages in the last hour. Wait an hour, then try again, or email info@smartrecovery.org.uk.';

/** The public contact form (Section 11): each message reaches the right inbox or Community Coordinator. */
export async function contactRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const page = (request: FastifyRequest, reply: FastifyReply, values: ContactValues, errors: FieldErrors = {}, status = 200) =>
    sendPage(reply, <ContactPage csrf={formCsrf(deps, request, reply)} values={values} errors={errors} signedIn={Boolean(request.user)} charity={deps.config.charity} />, status);

  app.get('/contact', { config: { policy: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const topic = (request.query as Record<string, unknown> | undefined)?.topic;
    return page(request, reply, emptyContact(typeof topic === 'string' ? topic : ''));
  });

  app.post('/contact', { config: { policy: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const form = (request.body ?? {}) as Record<string, unknown>;
    const text = (key: string) => (typeof form[key] === 'string' ? (form[key] as string) : '');
    const values: ContactValues = { topic: text('topic'), name: text('name'), email: text('email'), postcode: text('postcode'), message: text('message') };
    const parsed = contactFormSchema.safeParse(values);
    if (!parsed.success) {
      const errors: FieldErrors = {};
      for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'message')] ??= issue.message;
      return page(request, reply, values, errors, 422);
    }
    const result = await service.sendContactMessage(deps, actorOf(request), parsed.data);
    if (result.kind === 'throttled') return page(request, reply, values, { message: THROTTLED }, 429);
    return sendPage(reply, <ContactSentPage route={result.route} email={parsed.data.email} signedIn={Boolean(request.user)} />);
  });
}
