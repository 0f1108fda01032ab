import { CONTACT_TOPICS, routeContact, type ContactRoute } from '../../../domain/contact/routing.js';
import { regionOfPostcode } from '../../../domain/region-of-postcode.js';
import type { ContactForm } from '../../../shared/schemas/contact.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import type { AppDeps } from '../../deps.js';
import { queueMails } from '../../mail/outbox.js';
import { createTask } from '../tasks/tasks.repository.js';
import * as repo from './contact.repository.js';

/** At most this many messages from one address an hour (docs/decisions/133-contact-routing.md). */
export const MAX_MESSAGES_PER_HOUR = 5;
const HOUR_MS = 60 * 60 * 1000;

export type ContactResult = { kind: 'sent'; route: ContactRoute } | { kind: 'throttled' };

/**
 * A message from the public contact form (Section 11): routed to the right inbox or Community
 * Coordinator, queued to them by mail with a task in Central Office's queue, and acknowledged to
 * the sender, all in one transaction.
 */
export async function sendContactMessage(deps: AppDeps, actor: Actor, form: ContactForm): Promise<ContactResult> {
  const ip = actor.ip ?? 'unknown';
  const recent = await repo.countRecentFromAddress(deps.db, ip, new Date(deps.now().getTime() - HOUR_MS));
  if (recent >= MAX_MESSAGES_PER_HOUR) return { kind: 'throttled' };

  const region = form.topic === 'local-support' && form.postcode ? regionOfPostcode(form.postcode) : null;
  const route = routeContact(form.topic, region, await repo.postHolders(deps.db));
  const topic = CONTACT_TOPICS.find((t) => t.code === form.topic)!;
  const charity = deps.config.charity.name;

  await deps.db.transaction().execute(async (trx) => {
    const id = await repo.insertMessage(trx, {
      topic: form.topic,
      name: form.name,
      email: form.email,
      postcode: form.postcode ?? null,
      regionCode: region,
      message: form.message,
      routedTo: route.email,
      routedUserId: route.kind === 'coordinator' ? route.userId : null,
      ip,
    });
    await queueMails(trx, [
      {
        to: route.email,
        kind: 'contact_message',
        subject: `Contact form: ${topic.label} from ${form.name}`,
        text: [
          `${form.name} <${form.email}> sent a message through the contact form.`,
          '',
          `About: ${topic.label}`,
          form.postcode ? `Postcode: ${form.postcode}` : '',
          `Why it came to you: ${route.reason}`,
          '',
          form.message,
          '',
          'Reply to the sender directly; a task is open in Partner Hub until it is answered.',
        ]
          .filter((line, i, all) => line !== '' || all[i - 1] !== '')
          .join('\n'),
      },
      {
        to: form.email,
        kind: 'contact_acknowledgement',
        subject: `We have your message: ${charity}`,
        text: [
          `Dear ${form.name},`,
          '',
          `Thank you for contacting ${charity}. Your message about "${topic.label.toLowerCase()}" has gone to ${route.kind === 'coordinator' ? `${route.name}, your Community Coordinator` : `our ${route.email} team`}, who will reply to this address.`,
          '',
          charity,
        ].join('\n'),
      },
    ]);
    await createTask(trx, {
      kind: 'contact.message',
      title: `Answer ${form.name}: ${topic.label}`,
      subjectType: 'contact_message',
      subjectId: id,
      inbox: route.inbox,
      assignedUserId: route.kind === 'coordinator' ? route.userId : null,
    });
    await recordAudit(trx, actor, {
      action: 'contact_message.received',
      entityType: 'contact_message',
      entityId: id,
      after: { topic: form.topic, routedTo: route.email, region },
    });
  });
  return { kind: 'sent', route };
}
