import type { ReactNode } from 'react';
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS } from '../../auth/session.repository.js';
import type { Config } from '../../env.js';
import { Layout } from '../../views/layout.js';
import { THROTTLE_WINDOW_MS } from '../auth/auth.service.js';
import {
  CHECK_DETAILS_RETENTION_MONTHS,
  CONTACT_MESSAGE_RETENTION_MONTHS,
  EXPIRED_LINKS_RETENTION_DAYS,
  MAIL_RETENTION_MONTHS,
  SIGN_IN_ATTEMPTS_RETENTION_DAYS,
  START_UP_DRAFT_RETENTION_MONTHS,
} from '../privacy/privacy.service.js';
import { RUNS_KEPT_DAYS } from '../record-imports/record-imports.service.js';
import { CentralOfficeContact } from './central-office-contact.js';

/**
 * /privacy: what Partner Hub holds about people, why, for how long, and people's rights (UK GDPR
 * Articles 13 and 14). Periods come from the constants the code enforces, so the notice follows
 * the code. Central Office must have the wording reviewed before going live (decision 178).
 */

const minutes = (ms: number) => Math.round(ms / 60_000);
const hours = (ms: number) => Math.round(ms / 3_600_000);

function Kind({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {children}
    </section>
  );
}

export function PrivacyNoticePage({ charity, signedIn }: { charity: Config['charity']; signedIn: boolean }) {
  return (
    <Layout title="How we use your information" signedIn={signedIn}>
      <h1>How we use your information</h1>
      <p className="lead">
        This privacy notice explains what personal information Partner Hub holds, why, who sees it, how long it is kept, and your rights.
      </p>

      <h2>Who we are</h2>
      <p>
        Partner Hub is run by {charity.name}, which decides how your information is used: in data protection law, we are the controller.{' '}
        {charity.numbers}.
      </p>
      <p>
        For anything about your information, email <a href="mailto:info@smartrecovery.org.uk">info@smartrecovery.org.uk</a> with
        &ldquo;Data protection&rdquo; in the subject, or write to us at {charity.address}.
      </p>

      <h2>What we hold, why, and for how long</h2>
      <p>
        We hold only what each part of Partner Hub needs. The law lets us use information for a reason it calls a &ldquo;lawful
        basis&rdquo;; each is named below.
      </p>

      <Kind id="finder" title="Finding a meeting">
        <p>
          The meeting finder asks for no name and sets no cookie. We do not store what you search for. To find meetings near a postcode
          our server asks a postcode lookup service (postcodes.io) where the postcode is; it sends the postcode only, never anything
          about you. If you use &ldquo;near me&rdquo;, your browser asks your permission and sends your location, rounded to about 100
          metres, with the search.
        </p>
        <p>
          The map pictures come from the map tile service (OpenStreetMap): your browser fetches them directly, so that service sees your
          IP address and the area shown. The list of meetings under the map needs no map at all.
        </p>
        <p>
          Like any web server, ours writes a technical log of each request, including the address asked for (which contains your
          search) and your IP address. We use the log only to keep the service working and secure.
        </p>
      </Kind>

      <Kind id="contact" title="Contact form">
        <p>
          Your name, email address, message, your postcode if you give it (to find your Community Coordinator), and the IP address the
          message came from (to stop anyone sending many messages an hour). Your message goes to the Central Office team or the Community
          Coordinator for your area, and we email you an acknowledgement.
        </p>
        <p>
          Lawful basis: legitimate interests, in answering you. Kept for {CONTACT_MESSAGE_RETENTION_MONTHS / 12} years; after that your
          name, email address, postcode, message and IP address are removed automatically. What the message was about, its region and
          date stay, without anything that identifies you, for our enquiry figures.
        </p>
      </Kind>

      <Kind id="quotes" title="Quotes">
        <p>
          A quote asks for no name, email address or phone number: only the type of organisation, its sites and the licences,
          training and publications wanted. The quote&apos;s link works only with the key in it, and we keep only a scrambled form
          (hash) of the key. Quotes are kept so that Central Office can honour them.
        </p>
      </Kind>

      <Kind id="start-up" title="Start-Up Form">
        <p>
          Your organisation&apos;s details and sites, and the name, email address, job title and (if given) phone number of the SMART
          Lead you nominate and of your finance contact. Central Office uses them to set up the partnership, issue the invoice and
          send the licence, and emails the SMART Lead and finance contact a confirmation.
        </p>
        <p>
          Lawful basis: taking steps to enter a contract with your organisation, and our legitimate interests in running the
          partnership. A submitted form is kept as part of the partnership&apos;s record. A draft that is never submitted is deleted{' '}
          {START_UP_DRAFT_RETENTION_MONTHS} months after it was last saved; anyone with its link can open it, so keep the link private.
        </p>
      </Kind>

      <Kind id="accounts" title="Partner portal accounts and signing in">
        <p>
          Your name, email address and role; your password, stored only as a scrambled form (hash); your two-factor secret. Each
          attempt to sign in is recorded with the email address used, the IP address, the time and whether it worked, so that we can
          slow down anyone guessing passwords (failures over {minutes(THROTTLE_WINDOW_MS)} minutes are counted) and look into misuse.
          These records are deleted after {SIGN_IN_ATTEMPTS_RETENTION_DAYS} days, and links to set a password or accept an invitation{' '}
          {EXPIRED_LINKS_RETENTION_DAYS} days after they expire.
        </p>
        <p>
          Signing in sets a cookie that ends when you sign out, after {minutes(IDLE_TIMEOUT_MS)} minutes without use, or after{' '}
          {hours(ABSOLUTE_TIMEOUT_MS)} hours at most; the record of an ended session is deleted. Lawful basis: legitimate interests, in running a secure service for our partners.
        </p>
      </Kind>

      <Kind id="facilitators" title="Facilitators, training and safeguarding checks">
        <p>
          For facilitators and volunteers: name, email address, phone number, the organisations and sites you facilitate for, your
          training and qualifications, meetings you run, and whether you have served in the armed forces where you tell us (for SMART
          Veterans).
        </p>
        <p>
          For safeguarding checks (DBS, PVG or AccessNI) we hold only that a check was done: its kind and level, the certificate
          number, dates, who verified it and whether the person was judged suitable. We never hold a copy of a certificate or what it
          says. The certificate number is removed {CHECK_DETAILS_RETENTION_MONTHS} months after a newer check replaces it or after the
          person stops facilitating. The rest is kept with the facilitator record, because safeguarding may need to show later that
          checks were made.
        </p>
        <p>
          Lawful basis: legitimate interests, in running safe, licensed meetings and training; for safeguarding checks, also the
          condition in the Data Protection Act 2018 for safeguarding children and individuals at risk. Only Central Office and the
          SMART Lead of the facilitator&apos;s organisation see check details, and every view is recorded.
        </p>
      </Kind>

      <Kind id="invoices" title="Invoices and payments">
        <p>
          The name and email address of the person invoices go to. Lawful basis: legal obligation. Charity and tax law require us to
          keep accounting records for six years after the end of the financial year they belong to; Partner Hub will not delete them
          for seven years from their date.
        </p>
      </Kind>

      <Kind id="emails" title="Emails we send">
        <p>
          A copy of each email Partner Hub sends (the address, subject and text), so that Central Office can see what was sent and send
          it again if it failed. Copies are deleted {MAIL_RETENTION_MONTHS} months after the email was written; an invoice itself is
          kept as a finance record.
        </p>
      </Kind>

      <Kind id="imports" title="Records brought in from files">
        <p>
          When Central Office loads records from a spreadsheet, the report of that load names the people in it. Reports are deleted
          after {RUNS_KEPT_DAYS} days.
        </p>
      </Kind>

      <Kind id="audit" title="The record of changes">
        <p>
          Partner Hub records who changed what and when, with the IP address, for example who recorded a check or issued an invoice.
          This record cannot be altered and is kept, because it shows that the scheme&apos;s rules were followed. Lawful basis:
          legitimate interests and our legal obligations.
        </p>
      </Kind>

      <h2>Who else sees your information</h2>
      <ul>
        <li>Central Office staff, and the Community Coordinator for your area, for the purposes above.</li>
        <li>The SMART Lead of your organisation, for its facilitators, sites and meetings.</li>
        <li>The companies that host Partner Hub and send its emails, who act only on our instructions.</li>
        <li>Public meeting listings show the meeting, its place and time; never a facilitator&apos;s name or contact details.</li>
      </ul>
      <p>We do not sell your information or use it for advertising, and Partner Hub has no advertising or analytics cookies.</p>

      <h2>Cookies</h2>
      <p>Partner Hub sets only cookies it needs to work, and each ends when you close your browser:</p>
      <ul>
        <li>
          <code>ph_session</code>: keeps you signed in.
        </li>
        <li>
          <code>ph_csrf</code>: protects forms from being sent by another website.
        </li>
        <li>
          <code>ph_start_up_form</code>: keeps your Start-Up Form draft open.
        </li>
      </ul>

      <h2>Your rights</h2>
      <p>Under UK data protection law (the UK GDPR and the Data Protection Act 2018) you have the right to:</p>
      <ul>
        <li>have a copy of the information we hold about you</li>
        <li>have it corrected if it is wrong</li>
        <li>
          have it deleted, unless we must keep it (for example invoices, the record of safeguarding checks or the record of changes)
        </li>
        <li>ask us to limit how we use it, or object to our using it</li>
        <li>have information you gave us sent to you, or to another organisation, in a form a computer can read</li>
      </ul>
      <p>
        To use any of these rights, email <a href="mailto:info@smartrecovery.org.uk">info@smartrecovery.org.uk</a> or write to{' '}
        {charity.address}. We may ask you to show who you are. We answer within one month, and there is no charge.
      </p>

      <h2>If you are unhappy</h2>
      <p>
        Please tell us first, so that we can put it right. You can also complain to the Information Commissioner&apos;s Office (ICO), which
        regulates data protection in the UK: <a href="https://ico.org.uk/make-a-complaint/">ico.org.uk/make-a-complaint</a>, or call 0303 123
        1113.
      </p>

      <h2>Contact us</h2>
      <CentralOfficeContact charity={charity} headingLevel={3} inboxes="info" />
    </Layout>
  );
}
