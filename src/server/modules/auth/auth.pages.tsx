import { Layout } from '../../views/layout.js';
import { CsrfField, ErrorSummary, type FieldErrors, TextField } from '../../views/form.js';

/** A page with errors says so first in its title, so screen readers announce it on load. */
function titleFor(title: string, errors: FieldErrors): string {
  return Object.values(errors).some(Boolean) ? `Error: ${title}` : title;
}

export function SignInPage(props: { csrf: string; email?: string; errors?: FieldErrors; notice?: string; next?: string }) {
  const errors = props.errors ?? {};
  return (
    <Layout title={titleFor("Sign in", errors)}>
      <h1>Sign in to Partner Hub</h1>
      {props.notice ? <p className="notice">{props.notice}</p> : null}
      <ErrorSummary errors={errors} />
      <form method="post" action="/sign-in" noValidate>
        <CsrfField token={props.csrf} />
        {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
        <TextField name="email" label="Email address" type="email" autoComplete="username" value={props.email} error={errors.email} />
        <TextField name="password" label="Password" type="password" autoComplete="current-password" error={errors.password} />
        <button type="submit">Sign in</button>
      </form>
      <p>
        <a href="/password-reset">I have forgotten my password</a>
      </p>
    </Layout>
  );
}

export function TwoFactorPage(props: { csrf: string; errors?: FieldErrors }) {
  const errors = props.errors ?? {};
  return (
    <Layout title={titleFor("Enter your code", errors)}>
      <h1>Enter your sign-in code</h1>
      <p>Open the authenticator app you set up for Partner Hub and enter the 6-digit code it shows.</p>
      <ErrorSummary errors={errors} />
      <form method="post" action="/sign-in/two-factor" noValidate>
        <CsrfField token={props.csrf} />
        <TextField name="code" label="Code" inputMode="numeric" autoComplete="one-time-code" error={errors.code} />
        <button type="submit">Continue</button>
      </form>
    </Layout>
  );
}

export function ResetRequestPage(props: { csrf: string; email?: string; errors?: FieldErrors; sent?: boolean }) {
  const errors = props.errors ?? {};
  return (
    <Layout title={titleFor("Reset your password", errors)}>
      <h1>Reset your password</h1>
      {props.sent ? (
        <p className="notice" role="status">
          If an account uses that email address, we have sent it a link to choose a new password. The link works for one hour.
        </p>
      ) : null}
      <ErrorSummary errors={errors} />
      <form method="post" action="/password-reset" noValidate>
        <CsrfField token={props.csrf} />
        <TextField name="email" label="Email address" type="email" autoComplete="username" value={props.email} error={errors.email} />
        <button type="submit">Send me a link</button>
      </form>
    </Layout>
  );
}

export function NewPasswordPage(props: {
  csrf: string;
  action: string;
  heading: string;
  intro?: string;
  errors?: FieldErrors;
  totpSecret?: string | null;
}) {
  const errors = props.errors ?? {};
  return (
    <Layout title={titleFor(props.heading, errors)}>
      <h1>{props.heading}</h1>
      {props.intro ? <p>{props.intro}</p> : null}
      <ErrorSummary errors={errors} />
      <form method="post" action={props.action} noValidate>
        <CsrfField token={props.csrf} />
        <TextField
          name="password"
          label="New password"
          type="password"
          autoComplete="new-password"
          hint="At least 12 characters. A few unrelated words make a strong password."
          error={errors.password}
        />
        <TextField name="confirm" label="Confirm the new password" type="password" autoComplete="new-password" error={errors.confirm} />
        {props.totpSecret ? (
          <>
            <h2>Set up two-factor sign-in</h2>
            <p>
              Your role needs a second step at sign-in. Add this secret to an authenticator app (for example one on your phone), then enter
              the 6-digit code it shows.
            </p>
            <p className="secret">{props.totpSecret}</p>
            <TextField name="code" label="Code from your app" inputMode="numeric" autoComplete="one-time-code" error={errors.code} />
          </>
        ) : null}
        <button type="submit">Save password</button>
      </form>
    </Layout>
  );
}

export function LinkNotValidPage() {
  return (
    <Layout title="Link not valid">
      <h1>This link is not valid</h1>
      <p>The link may have been used already, or it may have expired.</p>
      <p>
        <a href="/password-reset">Ask for a new password reset link</a>, or ask whoever invited you to send a new invitation.
      </p>
    </Layout>
  );
}
