import { Layout } from '../../views/layout.js';

/** The public home page: what Partner Hub is and where to go next. */
export function HomePage({ signedIn }: { signedIn: boolean }) {
  return (
    <Layout title="Home" signedIn={signedIn}>
      <h1>UK SMART Recovery Partner Hub</h1>
      <p className="lead">
        Partner Hub runs the UK SMART Recovery Partner Organisation Scheme: licences and fees, training for facilitators, and the
        SMART Recovery meetings that partners run across the UK.
      </p>
      <ul className="cards">
        <li className="card">
          <h2>Find a meeting</h2>
          <p>SMART Recovery meetings are free and open to anyone who wants to change an addictive behaviour, in person or online.</p>
          <p>
            <a className="button" href="/meetings">
              Find a meeting
            </a>
          </p>
        </li>
        <li className="card">
          <h2>Become a partner</h2>
          <p>
            Treatment services, the NHS, prisons, veterans services, youth services and residential providers can hold a licence to run
            SMART Recovery programmes at their sites.
          </p>
          <ul>
            <li>
              <a href="/licences">Licences and fees</a>
            </li>
            <li>
              <a href="/quote">Get a quote</a>
            </li>
            <li>
              <a href="/start-up-form">Apply with the Start-Up Form</a>
            </li>
          </ul>
          <p>
            Or email <a href="mailto:partnerships@smartrecovery.org.uk">partnerships@smartrecovery.org.uk</a> to talk to us about a licence.
          </p>
        </li>
        <li className="card">
          <h2>Partners, facilitators and staff</h2>
          <p>Sign in to manage your organisation, your training and your meetings.</p>
          <p>
            <a className="button" href={signedIn ? '/portal/' : '/sign-in'}>
              {signedIn ? 'Go to your portal' : 'Sign in'}
            </a>
          </p>
        </li>
      </ul>
      <h2>For developers</h2>
      <p>
        Partner Hub has an open API. Read the <a href="/api/docs">API documentation</a>.
      </p>
    </Layout>
  );
}

export function NotFoundPage({ signedIn }: { signedIn: boolean }) {
  return (
    <Layout title="Page not found" signedIn={signedIn}>
      <h1>Page not found</h1>
      <p>If you typed the web address, check it is correct.</p>
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </Layout>
  );
}
