import type { CurrentUserResponse } from '../../../../shared/schemas/auth.js';
import { ROLE_LABELS } from '../../../../shared/roles.js';
import { Page } from '../../../components/ui/page.js';

/** Each role's home page: what that person looks after. A Coordinator's home page is their workspace (decision 126), so the router never brings them here. */
export function HomePage({ me }: { me: CurrentUserResponse }) {
  switch (me.role) {
    case 'central_office':
      return (
        <Page title="Central Office">
          <p className="lead">Welcome, {me.name}. You can see the whole partner network.</p>
          <ul className="cards">
            <li className="card">
              <h2>Organisations</h2>
              <p>
                <a href="/portal/organisations">Every partner organisation</a>
              </p>
            </li>
            <li className="card">
              <h2>Outbox</h2>
              <p>
                <a href="/portal/outbox">Mail Partner Hub has sent</a>
              </p>
            </li>
            <li className="card">
              <h2>Audit trail</h2>
              <p>
                <a href="/portal/audit">Who changed what, and when</a>
              </p>
            </li>
          </ul>
        </Page>
      );
    case 'smart_lead':
      return (
        <Page title={me.organisationName ?? 'Your organisation'}>
          <p className="lead">
            Welcome, {me.name}. You are the {ROLE_LABELS.smart_lead} for {me.organisationName}.
          </p>
          <p>
            <a href="/portal/organisations">Your organisation's sites</a>
          </p>
        </Page>
      );
    case 'facilitator':
      return (
        <Page title="Your facilitator record">
          <p className="lead">Welcome, {me.name}.</p>
          <dl>
            <dt>Organisation</dt>
            <dd>{me.organisationName ?? 'UKSR volunteer facilitator'}</dd>
            <dt>Email</dt>
            <dd>{me.email}</dd>
          </dl>
        </Page>
      );
    case 'coordinator':
      return null;
  }
}
