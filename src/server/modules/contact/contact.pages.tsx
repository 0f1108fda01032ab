import { CONTACT_TOPICS, type ContactRoute } from '../../../domain/contact/routing.js';
import { ChoiceGroup, CsrfField, ErrorSummary, TextField, type FieldErrors } from '../../views/form.js';
import { Layout } from '../../views/layout.js';
import { PrivacyLink } from '../../views/privacy-link.js';
import type { Config } from '../../env.js';
import { CentralOfficeContact } from '../site-pages/central-office-contact.js';

export interface ContactValues {
  topic: string;
  name: string;
  email: string;
  postcode: string;
  message: string;
}

export const emptyContact = (topic = ''): ContactValues => ({ topic: CONTACT_TOPICS.some((t) => t.code === topic) ? topic : '', name: '', email: '', postcode: '', message: '' });

/** /contact: the public contact form (Section 11). Works without JavaScript; every typed value is kept on an error. */
export function ContactPage({ csrf, values, errors, signedIn, charity }: { csrf: string; values: ContactValues; errors: FieldErrors; signedIn: boolean; charity: Config['charity'] }) {
  const hasErrors = Object.values(errors).some(Boolean);
  return (
    <Layout title={`${hasErrors ? 'Error: ' : ''}Contact us`} signedIn={signedIn}>
      <h1>Contact us</h1>
      <p className="lead">Send us a message and it will reach the right team, or your Community Coordinator for support in your area.</p>
      <ErrorSummary errors={errors} />
      <form method="post" action="/contact" noValidate>
        <CsrfField token={csrf} />
        <ChoiceGroup
          type="radio"
          name="topic"
          legend={<span className="legend-question">What is your message about?</span>}
          choices={CONTACT_TOPICS.map((t) => ({ value: t.code, label: t.label }))}
          checked={[values.topic]}
          error={errors.topic}
        />
        <TextField name="name" label="Your name" value={values.name} error={errors.name} autoComplete="name" />
        <TextField name="email" label="Your email address" type="email" value={values.email} error={errors.email} autoComplete="email" hint="We reply to this address." />
        <TextField
          name="postcode"
          label="Your postcode (optional)"
          value={values.postcode}
          error={errors.postcode}
          autoComplete="postal-code"
          hint="Needed for support in your area, so we can pass your message to your Community Coordinator."
        />
        <div className={errors.message ? 'field field-error' : 'field'}>
          <label htmlFor="message">Your message</label>
          {errors.message ? (
            <p className="error-message" id="message-error">
              <span className="visually-hidden">Error: </span>
              {errors.message}
            </p>
          ) : null}
          <textarea id="message" name="message" rows={6} defaultValue={values.message} aria-describedby={errors.message ? 'message-error' : undefined} aria-invalid={errors.message ? true : undefined} />
        </div>
        <PrivacyLink what="your message and details" />
        <button type="submit">Send message</button>
      </form>
      <h2>Other ways to contact us</h2>
      <p>Central Office answers by telephone, by post and at these team email addresses.</p>
      <CentralOfficeContact charity={charity} headingLevel={3} />
    </Layout>
  );
}

export function ContactSentPage({ route, email, signedIn }: { route: ContactRoute; email: string; signedIn: boolean }) {
  return (
    <Layout title="Message sent" signedIn={signedIn}>
      <div className="panel" role="status">
        <h1>Message sent</h1>
      </div>
      <p>
        {route.kind === 'coordinator'
          ? `Your message has gone to ${route.name}, your Community Coordinator.`
          : `Your message has gone to our team at ${route.email}.`}{' '}
        We have sent an acknowledgement to {email}.
      </p>
      <p>
        <a href="/">Back to the home page</a>
      </p>
    </Layout>
  );
}
