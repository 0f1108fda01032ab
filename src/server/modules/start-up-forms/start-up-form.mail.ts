import { formatLongDate, type IsoDate } from '../../../domain/iso-date.js';
import { formatPence } from '../../../domain/money.js';
import type { StartUpFormAnswers, StartUpFormLine } from '../../../shared/schemas/start-up-form.js';
import type { Mail } from '../../mail/outbox.js';

// The texts of the Start-Up Form's mail, kept apart from the service so they read as letters.

function lineText(line: StartUpFormLine): string {
  const amount = line.amountPence === null ? 'price to be confirmed by Central Office' : formatPence(line.amountPence);
  return `- ${line.site ?? 'Your organisation'}: ${line.description}: ${amount}`;
}

function totalText(totalPence: number, unpricedLines: number): string {
  if (unpricedLines === 0) return `Total a year: ${formatPence(totalPence)}`;
  const lines = unpricedLines === 1 ? 'the line' : `the ${unpricedLines} lines`;
  return `Total so far: ${formatPence(totalPence)}, plus ${lines} Central Office will price (Section 10).`;
}

export interface SubmittedMailFacts {
  reference: string;
  submittedOn: IsoDate;
  answers: StartUpFormAnswers;
  lines: readonly StartUpFormLine[];
  totalPence: number;
  unpricedLines: number;
  resubmitted: boolean;
}

/**
 * The confirmation, to the SMART Lead nominee and to the finance contact who will receive the
 * invoice (one message if they are the same person).
 */
export function submittedMails(facts: SubmittedMailFacts): Mail[] {
  const { answers, reference } = facts;
  const { smartLead, finance } = answers.contacts;
  const organisation = answers.organisation.name;
  const recipients = [{ name: smartLead.name, email: smartLead.email }];
  if (finance.email !== smartLead.email) recipients.push({ name: finance.name, email: finance.email });

  const next =
    answers.purchase.method === 'purchase-order'
      ? `Central Office will check the form and send the invoice for purchase order ${answers.purchase.purchaseOrderNumber} to ${finance.name} (${finance.email}).`
      : `You asked for a quotation first, so that you can raise a purchase order: Central Office will send one to ${finance.name} (${finance.email}). Then send us the purchase order number, quoting ${reference}, and we will issue the invoice.`;
  const training =
    smartLead.facilitator === 'will-train'
      ? `${smartLead.name} is not yet a qualified SMART facilitator, so will take the SMART Facilitator training (Section 7).`
      : `${smartLead.name} is already a qualified SMART facilitator.`;

  const text = [
    'Hello NAME,',
    '',
    `UK SMART Recovery has ${facts.resubmitted ? 'received the changes to' : 'received'} the Start-Up Form for ${organisation}. Thank you.`,
    '',
    `Reference: ${reference}`,
    `Submitted: ${formatLongDate(facts.submittedOn)}`,
    '',
    'Licences (annual fees, per site):',
    ...facts.lines.map(lineText),
    totalText(facts.totalPence, facts.unpricedLines),
    '',
    'What happens next (Section 6 of the Partnership Guidance):',
    `- ${next}`,
    '- Once the invoice is paid, Central Office sends your licence(s) and the Partnership Agreement.',
    `- ${smartLead.name} is nominated as your organisation's SMART Lead. ${training}`,
    '',
    `If anything here is wrong, write to partnerships@smartrecovery.org.uk quoting ${reference}.`,
    '',
    'UK SMART Recovery Central Office',
  ].join('\n');

  return recipients.map((to) => ({
    to: to.email,
    kind: 'start_up_form.submitted',
    subject: `Start-Up Form ${reference} received: ${organisation}`,
    text: text.replace('Hello NAME,', `Hello ${to.name},`),
  }));
}

/** Central Office's request for changes, with a fresh link to the form, to the SMART Lead nominee. */
export function changesRequestedMail(facts: { reference: string; answers: StartUpFormAnswers; message: string; link: string }): Mail {
  const { smartLead } = facts.answers.contacts;
  return {
    to: smartLead.email,
    kind: 'start_up_form.changes_requested',
    subject: `Start-Up Form ${facts.reference}: please make some changes`,
    text: [
      `Hello ${smartLead.name},`,
      '',
      `Central Office has looked at the Start-Up Form for ${facts.answers.organisation.name} (${facts.reference}) and asks for these changes:`,
      '',
      facts.message,
      '',
      'Open the form here, make the changes, then check your answers and submit it again:',
      facts.link,
      '',
      'Anyone with this link can change the form, so do not forward it. Earlier links to the form no longer work.',
      '',
      'UK SMART Recovery Central Office',
    ].join('\n'),
  };
}
