import type { ReactNode } from 'react';
import { formatPence } from '../../../domain/money.js';
import { licenceTypeName, nationName } from '../../../domain/names.js';
import { LICENCE_TYPES, NATIONS, SECTORS, type LicenceTypeCode, type NationCode } from '../../../domain/reference.js';
import type { StartUpFormDraft, StartUpFormLine } from '../../../shared/schemas/start-up-form.js';
import { ChoiceGroup, CsrfField, TextField } from '../../views/form.js';
import { Layout } from '../../views/layout.js';
import { PrivacyLink } from '../../views/privacy-link.js';
import { CheckboxField, firstMessages, ProblemSummary, SelectField, TextAreaField } from './start-up-form.fields.js';
import { type FieldProblem, previousStep, STEPS, stepNumber, stepOfField, type StepSlug } from './start-up-form.steps.js';

const FORM_NAME = 'Start-Up Form';

function titleFor(title: string, problems: readonly FieldProblem[]): string {
  return `${problems.length > 0 ? 'Error: ' : ''}${title}: ${FORM_NAME}`;
}

const YES_NO = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
] as const;

function yesNoValue(value: boolean | undefined): string[] {
  return value === true ? ['yes'] : value === false ? ['no'] : [];
}

/** What every step page has: where it is in the form, its messages, and the applicant's link. */
export interface StepFrame {
  step: StepSlug;
  csrf: string;
  /** The link that reopens this draft on any device. */
  draftLink: string;
  /** Set when the applicant came from "Check your answers", so Continue goes back there. */
  returnToCheck: boolean;
  problems: FieldProblem[];
  /** Central Office's message when it has asked for changes. */
  changesRequested: string | null;
}

function ChangesRequestedNotice({ message }: { message: string | null }) {
  if (message === null) return null;
  return (
    <div className="notice" role="region" aria-labelledby="changes-requested-title">
      <h2 id="changes-requested-title">Central Office has asked for changes</h2>
      <p className="preserve-lines">{message}</p>
      <p>Make the changes, then check your answers and submit the form again.</p>
    </div>
  );
}

function DraftLink({ link }: { link: string }) {
  return (
    <aside className="draft-link" aria-labelledby="draft-link-title">
      <h2 id="draft-link-title">Come back later</h2>
      <p>
        Your answers are saved each time you continue. To carry on later, on this or another device, use{' '}
        <a href={link}>the link to your form</a>. Keep it private: anyone with it can see and change your form.
      </p>
    </aside>
  );
}

function StepLayout(props: { frame: StepFrame; title: string; intro?: ReactNode; submitLabel?: string; children: ReactNode; firstButtonIsContinue?: boolean }) {
  const { frame } = props;
  const previous = previousStep(frame.step);
  const back = frame.returnToCheck ? '/start-up-form/check-answers' : previous ? `/start-up-form/${previous}` : '/start-up-form';
  return (
    <Layout title={titleFor(props.title, frame.problems)}>
      <p>
        <a className="back-link" href={back}>
          Back
        </a>
      </p>
      <p className="caption">
        {FORM_NAME}: step {stepNumber(frame.step)} of {STEPS.length}
      </p>
      <h1>{props.title}</h1>
      <ChangesRequestedNotice message={frame.changesRequested} />
      <ProblemSummary problems={frame.problems} />
      {props.intro}
      <form method="post" action={`/start-up-form/${frame.step}`} noValidate>
        {props.firstButtonIsContinue ? (
          // Pressing Enter in a text box clicks a form's first button: make that Continue, not "Remove site".
          <button type="submit" name="action" value="continue" hidden>
            Continue
          </button>
        ) : null}
        <CsrfField token={frame.csrf} />
        {frame.returnToCheck ? <input type="hidden" name="return" value="check" /> : null}
        {props.children}
        <div className="button-group">
          <button type="submit" name="action" value="continue">
            {props.submitLabel ?? 'Continue'}
          </button>
          <button type="submit" name="action" value="save" className="button-secondary">
            Save and come back later
          </button>
        </div>
      </form>
      <DraftLink link={frame.draftLink} />
    </Layout>
  );
}

/** The start: what the form asks for, and the button that starts a draft. */
export function StartPage(props: { csrf: string; inProgress: { continueTo: string } | null; submitted: { reference: string } | null }) {
  return (
    <Layout title={`Apply to become a partner: ${FORM_NAME}`}>
      <h1>Apply to become a partner organisation</h1>
      <p className="lead">
        The {FORM_NAME} is the first step to licensing SMART Recovery programmes at your sites (Section 6 of the Partnership Guidance).
      </p>
      {props.inProgress ? (
        <div className="notice">
          <p>You have a {FORM_NAME} in progress.</p>
          <p>
            <a className="button" href={props.inProgress.continueTo}>
              Continue your form
            </a>
          </p>
        </div>
      ) : null}
      {props.submitted ? (
        <div className="notice">
          <p>
            You have submitted a {FORM_NAME}: <a href="/start-up-form/submitted">see {props.submitted.reference}</a>.
          </p>
        </div>
      ) : null}
      <h2>Before you start</h2>
      <p>You will need:</p>
      <ul>
        <li>your organisation's details, and its charity or company number if it has one</li>
        <li>the name and contact details of the person you nominate as your SMART Lead (Section 7)</li>
        <li>who should receive the invoice</li>
        <li>the name, address and postcode of each site where you will run SMART meetings: licences are site-specific</li>
        <li>a purchase order number, or you can ask for a quotation first</li>
      </ul>
      <p>
        It takes about 15 minutes. Your answers are saved as you go, and you can come back later. The fees are on the{' '}
        <a href="/licences">licences and fees</a> page.
      </p>
      <PrivacyLink what="the details you give in this form" />
      <form method="post" action="/start-up-form">
        <CsrfField token={props.csrf} />
        <button type="submit" className={props.inProgress ? 'button-secondary' : undefined}>
          {props.inProgress ? 'Start a new form' : 'Start now'}
        </button>
      </form>
    </Layout>
  );
}

const ORGANISATION_TYPE_CHOICES = [
  { value: 'non-profit', label: 'Non-profit', hint: 'A charity, NHS trust, public body or voluntary organisation' },
  { value: 'for-profit', label: 'Profit-making', hint: 'For example a private rehabilitation, detox or residential provider' },
  { value: 'corporate', label: 'Corporate', hint: 'An employer offering SMART Recovery to its staff: fees are agreed case by case' },
];

export function OrganisationStep({ frame, draft }: { frame: StepFrame; draft: StartUpFormDraft }) {
  const o = draft.organisation ?? {};
  const e = firstMessages(frame.problems);
  return (
    <StepLayout frame={frame} title="Your organisation">
      <TextField name="organisation-name" label="Organisation name" autoComplete="organization" value={o.name} error={e['organisation-name']} />
      <ChoiceGroup
        type="radio"
        name="organisation-organisationType"
        legend="Type of organisation"
        hint="The fees in Section 10 of the Partnership Guidance depend on this."
        choices={ORGANISATION_TYPE_CHOICES}
        checked={o.organisationType ? [o.organisationType] : []}
        error={e['organisation-organisationType']}
      />
      <SelectField
        name="organisation-sector"
        label="What kind of service does your organisation provide?"
        placeholder="Choose one"
        options={SECTORS.map((s) => ({ value: s.code, label: s.name }))}
        value={o.sector}
        error={e['organisation-sector']}
      />
      <TextField
        name="organisation-charityOrCompanyNumber"
        label="Charity or company number (optional)"
        hint="For example 1190001, SC046247 or 09900001"
        value={o.charityOrCompanyNumber}
        error={e['organisation-charityOrCompanyNumber']}
      />
      <TextAreaField name="organisation-address" label="Address" hint="Your organisation's main postal address" autoComplete="street-address" value={o.address} error={e['organisation-address']} />
      <TextField name="organisation-postcode" label="Postcode" autoComplete="postal-code" value={o.postcode} error={e['organisation-postcode']} />
      <ChoiceGroup
        type="radio"
        inline
        name="organisation-servesVeterans"
        legend="Does your organisation already provide services to veterans?"
        hint="The SMART Veterans licence is for organisations already providing services to veterans (Section 4)."
        choices={YES_NO}
        checked={yesNoValue(o.servesVeterans)}
        error={e['organisation-servesVeterans']}
      />
      <ChoiceGroup
        type="radio"
        inline
        name="organisation-childrensServiceProvider"
        legend="Is your organisation a children's service provider?"
        hint="Start SMART is only for children's service providers (Section 4)."
        choices={YES_NO}
        checked={yesNoValue(o.childrensServiceProvider)}
        error={e['organisation-childrensServiceProvider']}
      />
    </StepLayout>
  );
}

export function ContactsStep({ frame, draft }: { frame: StepFrame; draft: StartUpFormDraft }) {
  const lead = draft.contacts?.smartLead ?? {};
  const finance = draft.contacts?.finance ?? {};
  const e = firstMessages(frame.problems);
  return (
    <StepLayout frame={frame} title="Key contacts">
      <h2>Your SMART Lead</h2>
      <p>
        Your SMART Lead is your organisation's main contact with UK SMART Recovery. They set up SMART meetings, nominate staff and volunteers for
        facilitator training, and support your facilitators (Section 7).
      </p>
      <TextField name="contacts-smartLead-name" label="SMART Lead's full name" value={lead.name} error={e['contacts-smartLead-name']} />
      <TextField name="contacts-smartLead-email" label="SMART Lead's email address" type="email" value={lead.email} error={e['contacts-smartLead-email']} />
      <TextField name="contacts-smartLead-phone" label="SMART Lead's phone number (optional)" autoComplete="off" value={lead.phone} error={e['contacts-smartLead-phone']} />
      <TextField name="contacts-smartLead-jobTitle" label="SMART Lead's job title" value={lead.jobTitle} error={e['contacts-smartLead-jobTitle']} />
      <ChoiceGroup
        type="radio"
        name="contacts-smartLead-facilitator"
        legend="Is your SMART Lead already a qualified SMART facilitator?"
        hint="SMART Leads are qualified SMART Recovery Facilitators, or take the SMART Facilitator training if they are not yet qualified (Section 7)."
        choices={[
          { value: 'qualified', label: 'Yes, they are a qualified SMART facilitator' },
          { value: 'will-train', label: 'No, they will complete the SMART Facilitator training' },
        ]}
        checked={lead.facilitator ? [lead.facilitator] : []}
        error={e['contacts-smartLead-facilitator']}
      />
      <h2>Your finance contact</h2>
      <p>We send the invoice to this person or team (Section 6, step 2).</p>
      <TextField name="contacts-finance-name" label="Finance contact's name" hint="A person or a team, for example Accounts Payable" value={finance.name} error={e['contacts-finance-name']} />
      <TextField name="contacts-finance-email" label="Finance contact's email address" type="email" value={finance.email} error={e['contacts-finance-email']} />
      <PrivacyLink what="these contacts' details" />
    </StepLayout>
  );
}

export function SitesStep({ frame, draft }: { frame: StepFrame; draft: StartUpFormDraft }) {
  const sites = draft.sites && draft.sites.length > 0 ? draft.sites : [{}];
  const e = firstMessages(frame.problems);
  const nations = NATIONS.map((n) => ({ value: n.code, label: n.name }));
  return (
    <StepLayout
      frame={frame}
      title="Your sites"
      firstButtonIsContinue
      intro={
        <p>
          Licences are site-specific: list each site where you will run SMART meetings (Section 9). You choose each site's licences on the next
          step.
        </p>
      }
    >
      {sites.map((site, i) => (
        <fieldset className="group site" key={i}>
          <legend>
            <h2 className="legend-heading">Site {i + 1}</h2>
          </legend>
          <TextField name={`sites-${i}-name`} label={`Site ${i + 1} name`} hint="As it should appear on the licence, for example Riverside Hub" value={site.name} error={e[`sites-${i}-name`]} />
          <TextAreaField name={`sites-${i}-address`} label={`Site ${i + 1} address`} value={site.address} error={e[`sites-${i}-address`]} />
          <TextField name={`sites-${i}-postcode`} label={`Site ${i + 1} postcode`} value={site.postcode} error={e[`sites-${i}-postcode`]} />
          <SelectField
            name={`sites-${i}-nation`}
            label={`Site ${i + 1} nation`}
            hint="We work this out from the postcode. Choose only if the site is near a border, or we ask you to."
            placeholder="Work it out from the postcode"
            options={nations}
            value={site.nation}
            error={e[`sites-${i}-nation`]}
          />
          <CheckboxField
            name={`sites-${i}-satellite`}
            label="This site is a satellite premises"
            hint="Outreach premises that are not your main site, such as a community venue or drop-in, where staff trained at your main site deliver SMART Recovery (Section 3)."
            checked={site.satellite === true}
            error={e[`sites-${i}-satellite`]}
          />
          {sites.length > 1 ? (
            <button type="submit" name="action" value={`remove-${i}`} className="button-secondary">
              Remove site {i + 1}
              {site.name ? <span className="visually-hidden">, {site.name}</span> : null}
            </button>
          ) : null}
        </fieldset>
      ))}
      <p>
        <button type="submit" name="action" value="add-site" className="button-secondary">
          Add another site
        </button>
      </p>
    </StepLayout>
  );
}

/** Section 3's one-line description of each licence, to help the applicant choose. */
const LICENCE_PURPOSE: Record<LicenceTypeCode, string> = {
  'smart-recovery': 'The core SMART Recovery 4-Point Programme, for adults with any addictive or problematic behaviour.',
  'family-and-friends': "For supporting people affected by someone else's addictive behaviour.",
  'criminal-justice': 'For criminal justice settings: the 4-Point Programme with InsideOut.',
  veterans: 'For organisations already providing services to veterans.',
  'start-smart': "For children's service providers working with young people.",
  community: "One-to-one delivery in clients' homes, and a SMART Recovery meeting at this site.",
  satellite: "Extends your main site's licence to outreach premises: for satellite sites only.",
};

export interface LicencesStepProps {
  frame: StepFrame;
  draft: StartUpFormDraft;
  /** The fee from the schedule in force for each licence, as a hint next to its box. */
  feeHints: Record<LicenceTypeCode, string>;
  /** The priced lines, when the choices so far can be priced. */
  priced: { lines: StartUpFormLine[]; totalPence: number; unpricedLines: number } | null;
  /** An earlier step to finish before licences can be priced. */
  missing: 'organisation' | 'sites' | undefined;
}

export function LicencesStep({ frame, draft, feeHints, priced, missing }: LicencesStepProps) {
  const sites = draft.sites ?? [];
  return (
    <StepLayout frame={frame} title="Licences for each site">
      <p>
        Each programme needs its own licence at each site where it is delivered (Section 3). Fees are annual, per site, from the fee schedule in
        force today.
      </p>
      {missing ? (
        <p className="notice">
          {missing === 'organisation' ? (
            <>
              First <a href="/start-up-form/organisation">complete your organisation's details</a>: its type sets the fees.
            </>
          ) : (
            <>
              First <a href="/start-up-form/sites">complete the details of your sites</a>.
            </>
          )}
        </p>
      ) : null}
      {sites.map((site, i) => {
        const id = `sites-${i}-licences`;
        const problems = frame.problems.filter((p) => p.id === id);
        const chosen = site.licences ?? [];
        const name = site.name?.trim() || `Site ${i + 1}`;
        return (
          <div className={problems.length ? 'field field-error' : 'field'} key={i}>
            <fieldset className="group choices" aria-describedby={problems.length ? problems.map((_, n) => `${id}-error-${n}`).join(' ') : undefined}>
              <legend>
                <h2 className="legend-heading">
                  Licences for {name}
                  {site.satellite ? ' (satellite premises)' : ''}
                </h2>
              </legend>
              {problems.map((problem, n) => (
                <div className="error-message" id={`${id}-error-${n}`} key={n}>
                  <p className="error-text">
                    <span className="visually-hidden">Error: </span>
                    {problem.message}
                  </p>
                  {problem.rule ? <p className="rule">The rule: {problem.rule}</p> : null}
                </div>
              ))}
              <div className="choice-list">
                {LICENCE_TYPES.map((licence, n) => {
                  const boxId = n === 0 ? id : `${id}-${licence.code}`;
                  return (
                    <div className="choice" key={licence.code}>
                      <input id={boxId} name={id} type="checkbox" value={licence.code} defaultChecked={chosen.includes(licence.code)} aria-describedby={`${boxId}-hint`} />
                      <label htmlFor={boxId}>{licence.name}</label>
                      <p className="hint choice-hint" id={`${boxId}-hint`}>
                        {LICENCE_PURPOSE[licence.code]} {feeHints[licence.code]}
                      </p>
                    </div>
                  );
                })}
              </div>
            </fieldset>
          </div>
        );
      })}
      <p>
        <button type="submit" name="action" value="update-prices" className="button-secondary">
          Update the prices
        </button>
      </p>
      {priced && priced.lines.length > 0 ? <PricedLines caption="Your licences and their annual fees" {...priced} /> : null}
    </StepLayout>
  );
}

/** The priced lines with the rule that priced each, and the total. */
export function PricedLines({ caption, lines, totalPence, unpricedLines }: { caption: string; lines: readonly StartUpFormLine[]; totalPence: number; unpricedLines: number }) {
  return (
    <table className="priced-lines">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Site</th>
          <th scope="col">Licence, and why this price</th>
          <th scope="col" className="amount">
            Annual fee
          </th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => (
          <tr key={line.index}>
            <td>{line.site ?? 'Your organisation'}</td>
            <td>
              {line.description}
              <span className="rule">{line.rule}</span>
            </td>
            <td className="amount">{line.amountPence === null ? 'To be agreed' : formatPence(line.amountPence)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={2}>
            {unpricedLines > 0 ? `Total a year, before the ${unpricedLines === 1 ? 'price' : 'prices'} Central Office will agree` : 'Total a year'}
          </th>
          <td className="amount">{formatPence(totalPence)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

export function PurchaseStep({ frame, draft }: { frame: StepFrame; draft: StartUpFormDraft }) {
  const p = draft.purchase ?? {};
  const e = firstMessages(frame.problems);
  return (
    <StepLayout frame={frame} title="Purchase order">
      <p>We need a purchase order (PO) number to raise your invoice. If you need a quotation first so that you can raise a PO, we will send one (Section 6, step 1A).</p>
      <ChoiceGroup
        type="radio"
        name="purchase-method"
        legend="Do you have a purchase order number?"
        choices={[
          { value: 'purchase-order', label: 'Yes, I have a purchase order number' },
          { value: 'quotation-first', label: 'No, I need a quotation first to raise a purchase order', hint: 'We will send a quotation to your finance contact.' },
        ]}
        checked={p.method ? [p.method] : []}
        error={e['purchase-method']}
      />
      <TextField
        name="purchase-purchaseOrderNumber"
        label="Purchase order number"
        hint="Leave this blank if you need a quotation first."
        value={p.purchaseOrderNumber}
        error={e['purchase-purchaseOrderNumber']}
      />
      <TextField
        name="purchase-quoteReference"
        label="Quotation reference (optional)"
        hint="If we gave you a quotation, its reference, like Q-2026-000123. Central Office then checks your invoice against the prices quoted."
        value={p.quoteReference}
        error={e['purchase-quoteReference']}
      />
    </StepLayout>
  );
}

export const DECLARATIONS = [
  { key: 'licensedSitesOnly', label: 'SMART meetings will take place only at the sites licensed in the Partnership Agreement, unless Central Office agrees an exception in advance', section: 'Section 9' },
  { key: 'trainedFacilitators', label: 'Only suitably trained and qualified SMART facilitators will deliver SMART programmes', section: 'Sections 3 and 8' },
  { key: 'registerMeetings', label: 'Every SMART meeting will be registered with UK SMART Recovery, whether it is open or closed', section: 'Sections 6 and 9' },
  { key: 'codeOfConduct', label: 'Facilitators will follow the UKSR Facilitator Code of Conduct', section: 'Section 7' },
  { key: 'authorised', label: 'I am authorised to submit this form on behalf of the organisation', section: null },
] as const;

export function DeclarationsStep({ frame, draft }: { frame: StepFrame; draft: StartUpFormDraft }) {
  const d = draft.declarations ?? {};
  const e = firstMessages(frame.problems);
  return (
    <StepLayout frame={frame} title="Declarations">
      <fieldset className="group">
        <legend>Tick each box to confirm that your organisation agrees</legend>
        {DECLARATIONS.map((declaration) => (
          <CheckboxField
            key={declaration.key}
            name={`declarations-${declaration.key}`}
            label={declaration.label}
            hint={declaration.section ? `${declaration.section} of the Partnership Guidance` : undefined}
            checked={d[declaration.key] === true}
            error={e[`declarations-${declaration.key}`]}
          />
        ))}
      </fieldset>
    </StepLayout>
  );
}

function Row({ label, value, change }: { label: string; value: ReactNode; change: string }) {
  return (
    <div className="summary-row">
      <dt>{label}</dt>
      <dd>{value === undefined || value === '' ? <span className="muted">Not given</span> : value}</dd>
      <dd className="summary-change">
        <a href={change}>
          Change<span className="visually-hidden"> {inSentence(label)}</span>
        </a>
      </dd>
    </div>
  );
}

/** A row label inside "Change ...": only a leading capital is lowered, so SMART and UKSR stay as written. */
function inSentence(label: string): string {
  return /^\p{Lu}\p{Ll}/u.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

const change = (step: StepSlug, id: string) => `/start-up-form/${step}?return=check#${id}`;
const yesNoText = (value: boolean | undefined) => (value === true ? 'Yes' : value === false ? 'No' : undefined);

export interface CheckAnswersProps {
  csrf: string;
  draftLink: string;
  draft: StartUpFormDraft;
  problems: FieldProblem[];
  priced: { lines: StartUpFormLine[]; totalPence: number; unpricedLines: number } | null;
  changesRequested: string | null;
}

/** Every answer with a link to change it, the prices, and the submit button. */
export function CheckAnswersPage({ csrf, draftLink, draft, problems, priced, changesRequested }: CheckAnswersProps) {
  const o = draft.organisation ?? {};
  const lead = draft.contacts?.smartLead ?? {};
  const finance = draft.contacts?.finance ?? {};
  const purchase = draft.purchase ?? {};
  const declarations = draft.declarations ?? {};
  const sector = SECTORS.find((s) => s.code === o.sector)?.name;
  const type = ORGANISATION_TYPE_CHOICES.find((c) => c.value === o.organisationType)?.label;
  return (
    <Layout title={titleFor('Check your answers', problems)}>
      <p>
        <a className="back-link" href="/start-up-form/declarations">
          Back
        </a>
      </p>
      <p className="caption">
        {FORM_NAME}: step {STEPS.length} of {STEPS.length}
      </p>
      <h1>Check your answers before you submit</h1>
      <ChangesRequestedNotice message={changesRequested} />
      <ProblemSummary problems={problems} href={(p) => change(stepOfField(p.id), p.id)} />

      <h2>Your organisation</h2>
      <dl className="summary">
        <Row label="Organisation name" value={o.name} change={change('organisation', 'organisation-name')} />
        <Row label="Type of organisation" value={type} change={change('organisation', 'organisation-organisationType')} />
        <Row label="Kind of service" value={sector} change={change('organisation', 'organisation-sector')} />
        <Row label="Charity or company number" value={o.charityOrCompanyNumber} change={change('organisation', 'organisation-charityOrCompanyNumber')} />
        <Row label="Address" value={<span className="preserve-lines">{o.address}</span>} change={change('organisation', 'organisation-address')} />
        <Row label="Postcode" value={o.postcode} change={change('organisation', 'organisation-postcode')} />
        <Row label="Provides services to veterans" value={yesNoText(o.servesVeterans)} change={change('organisation', 'organisation-servesVeterans')} />
        <Row label="Children's service provider" value={yesNoText(o.childrensServiceProvider)} change={change('organisation', 'organisation-childrensServiceProvider')} />
      </dl>

      <h2>Key contacts</h2>
      <dl className="summary">
        <Row label="SMART Lead" value={lead.name} change={change('contacts', 'contacts-smartLead-name')} />
        <Row label="SMART Lead's email address" value={lead.email} change={change('contacts', 'contacts-smartLead-email')} />
        <Row label="SMART Lead's phone number" value={lead.phone} change={change('contacts', 'contacts-smartLead-phone')} />
        <Row label="SMART Lead's job title" value={lead.jobTitle} change={change('contacts', 'contacts-smartLead-jobTitle')} />
        <Row
          label="Qualified SMART facilitator"
          value={lead.facilitator === 'qualified' ? 'Yes' : lead.facilitator === 'will-train' ? 'No, will complete the training' : undefined}
          change={change('contacts', 'contacts-smartLead-facilitator')}
        />
        <Row label="Finance contact" value={finance.name} change={change('contacts', 'contacts-finance-name')} />
        <Row label="Finance contact's email address" value={finance.email} change={change('contacts', 'contacts-finance-email')} />
      </dl>

      <h2>Sites and licences</h2>
      {(draft.sites ?? []).map((site, i) => (
        <div key={i}>
          <h3>{site.name || `Site ${i + 1}`}</h3>
          <dl className="summary">
            <Row label={`Site ${i + 1} name`} value={site.name} change={change('sites', `sites-${i}-name`)} />
            <Row label={`Site ${i + 1} address`} value={<span className="preserve-lines">{site.address}</span>} change={change('sites', `sites-${i}-address`)} />
            <Row label={`Site ${i + 1} postcode`} value={site.postcode} change={change('sites', `sites-${i}-postcode`)} />
            <Row
              label={`Site ${i + 1} nation`}
              value={site.nation ? nationName(site.nation as NationCode) : 'From the postcode'}
              change={change('sites', `sites-${i}-nation`)}
            />
            <Row label={`Site ${i + 1} satellite premises`} value={site.satellite ? 'Yes' : 'No'} change={change('sites', `sites-${i}-satellite`)} />
            <Row
              label={`Site ${i + 1} licences`}
              value={(site.licences ?? []).map((code) => licenceTypeName(code as LicenceTypeCode)).join(', ')}
              change={change('licences', `sites-${i}-licences`)}
            />
          </dl>
        </div>
      ))}
      {priced ? <PricedLines caption="Licences and annual fees" {...priced} /> : null}

      <h2>Purchase order</h2>
      <dl className="summary">
        <Row
          label="Purchase order"
          value={
            purchase.method === 'quotation-first'
              ? 'I need a quotation first to raise a purchase order'
              : purchase.method === 'purchase-order'
                ? purchase.purchaseOrderNumber
                : undefined
          }
          change={change('purchase', 'purchase-method')}
        />
        <Row label="Quotation reference" value={purchase.quoteReference?.trim().toUpperCase()} change={change('purchase', 'purchase-quoteReference')} />
      </dl>

      <h2>Declarations</h2>
      <dl className="summary">
        <Row
          label="Declarations"
          value={DECLARATIONS.every((d) => declarations[d.key] === true) ? 'All confirmed' : `${DECLARATIONS.filter((d) => declarations[d.key] === true).length} of ${DECLARATIONS.length} confirmed`}
          change={change('declarations', 'declarations-licensedSitesOnly')}
        />
      </dl>

      <h2>Submit your {FORM_NAME}</h2>
      <p>
        When you submit, we fix the prices above and send a confirmation to your SMART Lead and your finance contact. Central Office then checks the
        form and issues the invoice (Section 6, step 2).
      </p>
      <form method="post" action="/start-up-form/check-answers" noValidate>
        <CsrfField token={csrf} />
        <button type="submit">{changesRequested ? 'Submit the changed form' : 'Submit the form'}</button>
      </form>
      <DraftLink link={draftLink} />
    </Layout>
  );
}

/** The confirmation, with the reference: what the applicant keeps. */
export function SubmittedPage(props: {
  csrf: string;
  reference: string;
  status: 'submitted' | 'accepted';
  leadEmail: string;
  financeEmail: string;
  lines: StartUpFormLine[];
  totalPence: number;
  unpricedLines: number;
  quotationFirst: boolean;
}) {
  const recipients = props.leadEmail === props.financeEmail ? props.leadEmail : `${props.leadEmail} and ${props.financeEmail}`;
  return (
    <Layout title={`${FORM_NAME} submitted`}>
      <div className="panel" role="status">
        <h1>{FORM_NAME} submitted</h1>
        <p>
          Your reference is <strong className="reference">{props.reference}</strong>
        </p>
      </div>
      <p>We have sent a confirmation to {recipients}. Quote your reference in any message about this form.</p>
      {props.status === 'accepted' ? <p className="notice">Central Office has accepted your form. Your finance contact will receive the invoice.</p> : null}
      <PricedLines caption="Licences and annual fees" lines={props.lines} totalPence={props.totalPence} unpricedLines={props.unpricedLines} />
      <h2>What happens next</h2>
      <ol>
        <li>Central Office checks your form.{props.unpricedLines > 0 ? ' It agrees the prices marked "To be agreed" with you.' : ''}</li>
        <li>
          {props.quotationFirst
            ? 'We send your finance contact a quotation, so that you can raise a purchase order. Then we issue the invoice.'
            : 'We send the invoice to your finance contact (Section 6, step 2).'}
        </li>
        <li>Once the invoice is paid, we send your licences and the Partnership Agreement (Section 6, step 3).</li>
      </ol>
      <p>
        Questions? Write to <a href="mailto:partnerships@smartrecovery.org.uk">partnerships@smartrecovery.org.uk</a>.
      </p>
      <form method="post" action="/start-up-form">
        <CsrfField token={props.csrf} />
        <button type="submit" className="button-secondary">
          Start a form for another organisation
        </button>
      </form>
    </Layout>
  );
}

/** "Save and come back later": the link that reopens the form. */
export function SavedPage({ draftLink, continueTo }: { draftLink: string; continueTo: string }) {
  return (
    <Layout title={`Your answers are saved: ${FORM_NAME}`}>
      <h1>Your answers are saved</h1>
      <p>To come back to your form, on this or another device, use this link:</p>
      <p className="secret">
        <a href={draftLink}>{draftLink}</a>
      </p>
      <p>Keep it private: anyone with the link can see and change your form.</p>
      <p>
        <a href={continueTo}>Carry on with your form now</a>
      </p>
    </Layout>
  );
}

export function DraftLinkNotValidPage() {
  return (
    <Layout title={`Link not valid: ${FORM_NAME}`}>
      <h1>This link is not valid</h1>
      <p>The link may be incomplete, or Central Office may have sent you a newer one: use the link in the latest email about your form.</p>
      <p>
        <a href="/start-up-form">Start a new {FORM_NAME}</a>, or write to <a href="mailto:partnerships@smartrecovery.org.uk">partnerships@smartrecovery.org.uk</a>.
      </p>
    </Layout>
  );
}
