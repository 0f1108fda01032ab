import type { Config } from '../../env.js';
import { Layout } from '../../views/layout.js';
import { CentralOfficeContact } from './central-office-contact.js';

/** When this statement was last checked against the site; update it when the statement changes (decision 178). */
export const STATEMENT_PREPARED_ON = '24 November 2026';

/**
 * /accessibility: an accessibility statement in the shape UK public-sector sites use, adapted for
 * a charity (decision 178). What it says about testing is what tests/e2e does.
 */
export function AccessibilityPage({ charity, publicUrl, signedIn }: { charity: Config['charity']; publicUrl: string; signedIn: boolean }) {
  return (
    <Layout title="Accessibility statement" signedIn={signedIn}>
      <h1>Accessibility statement for Partner Hub</h1>
      <p className="lead">
        This statement applies to Partner Hub at {publicUrl}: the meeting finder, licences and fees, quotes, the Start-Up Form, the
        contact form and the partner portal.
      </p>
      <p>
        {charity.name} wants as many people as possible to be able to use Partner Hub. For example, you should be able to:
      </p>
      <ul>
        <li>change colours, contrast and fonts using your browser or device settings</li>
        <li>zoom in up to 400% without the text spilling off the screen</li>
        <li>move around the whole site using only a keyboard</li>
        <li>use the site with a screen reader</li>
        <li>find a meeting, get a quote and send the Start-Up Form or contact form with JavaScript switched off</li>
        <li>print a list of meetings</li>
      </ul>
      <p>We have written the text to be as simple as we can.</p>

      <h2>How accessible this website is</h2>
      <p>We aim to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 at level AA. We know some parts are not fully accessible:</p>
      <ul>
        <li>
          The map in the meeting finder is a picture. People who cannot see it get a description, and every meeting on the map is in the
          numbered list under it, with the same numbers, so the list gives everything the map does.
        </li>
        <li>
          Quotes and invoices downloaded as PDF files are not tagged for screen readers. The same details are on the quote page and in
          the partner portal.
        </li>
        <li>Links to other websites (for directions, or to join an online meeting) go to pages we do not control.</li>
      </ul>

      <h2>Feedback and contact information</h2>
      <p>
        If you need information on this website in a different format, like accessible PDF, large print, easy read, audio recording or
        braille, or if you find a problem not listed on this page, contact us:
      </p>
      <CentralOfficeContact charity={charity} headingLevel={3} inboxes="info" />
      <p>
        Please tell us the page address and what went wrong. We aim to reply within 10 working days. You can also use the{' '}
        <a href="/contact">contact form</a>.
      </p>

      <h2>Enforcement procedure</h2>
      <p>
        {charity.name} is a charity, not a public sector body, so the Public Sector Bodies (Websites and Mobile Applications) (No. 2)
        Accessibility Regulations 2018 do not apply to it; we follow the same approach because the Equality Act 2010 (in Northern
        Ireland, the Disability Discrimination Act 1995) requires us to make reasonable adjustments for disabled people.
      </p>
      <p>
        If you contact us with a complaint and you are not happy with our response, contact the{' '}
        <a href="https://www.equalityadvisoryservice.com/">Equality Advisory and Support Service (EASS)</a>. The Equality and Human Rights
        Commission (EHRC) enforces equality law in England, Scotland and Wales. If you live in Northern Ireland, contact the{' '}
        <a href="https://www.equalityni.org/">Equality Commission for Northern Ireland (ECNI)</a>.
      </p>

      <h2>Technical information about this website&apos;s accessibility</h2>
      <h3>Compliance status</h3>
      <p>
        This website is partially compliant with the{' '}
        <a href="https://www.w3.org/TR/WCAG22/">Web Content Accessibility Guidelines version 2.2</a> AA standard, because of the
        limitations listed above. It has not yet been audited by an independent accessibility specialist.
      </p>

      <h2>How we test this website</h2>
      <ul>
        <li>
          Every change is tested in a real browser (Chromium): each page the browser tests visit, public and portal, is checked with the
          axe accessibility checker for the WCAG 2.2 A and AA rules it can test, and a test fails on any problem it finds.
        </li>
        <li>
          Keyboard checks: the tests reach the portal&apos;s scrolling tables, its map and its links with the Tab key alone, and check
          that focus moves to the error summary or the new results after a form is sent or a search is made.
        </li>
        <li>Automatic checks find only some problems, so we also check pages by hand and act on what people tell us.</li>
      </ul>

      <h2>Preparation of this accessibility statement</h2>
      <p>This statement was prepared on {STATEMENT_PREPARED_ON}. It was last reviewed on {STATEMENT_PREPARED_ON}.</p>
    </Layout>
  );
}
