import { useEffect, useState } from 'react';
import type { CurrentUserResponse } from '../../shared/schemas/auth.js';
import { ROLE_LABELS } from '../../shared/roles.js';
import { ErrorMessage, Loading } from '../components/ui/page.js';
import { AuditPage } from '../features/audit/components/audit-page.js';
import { HomePage } from '../features/home/components/home-page.js';
import { OrganisationPage, OrganisationsPage } from '../features/organisations/components/organisations-pages.js';
import { OutboxPage } from '../features/outbox/components/outbox-page.js';
import { FacilitatorPage, FacilitatorsPage, MyRecordPage } from '../features/people/components/people-pages.js';
import { InvoicePage, InvoicesPage } from '../features/invoices/components/invoices-pages.js';
import { LicenceReportPage } from '../features/licences/components/licences-pages.js';
import { ResourcesPage } from '../features/resources/components/resources-page.js';
import { StartUpFormPage, StartUpFormsPage } from '../features/start-up-forms/components/start-up-forms-pages.js';
import { QuoteRequestPage, QuoteRequestsPage } from '../features/quotes/components/quote-requests-pages.js';
import { EnrolmentsPage, NominationsPage, SiteTrainingPlacesPage } from '../features/training/components/training-pages.js';
import { MyTrainingPage, TrainingPeoplePage, TrainingProgressPage } from '../features/training/components/progress-pages.js';
import { VolunteerPage, VolunteersPage } from '../features/volunteers/components/volunteers-pages.js';
import { api, setCsrfToken } from './api.js';

/** The portal shell: who is signed in, the navigation for their role, and the page for the path. */
export function App() {
  const [me, setMe] = useState<CurrentUserResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<CurrentUserResponse>('/me')
      .then((user) => {
        setCsrfToken(user.csrfToken);
        setMe(user);
      })
      .catch((e: Error) => setError(e.message));
  }, []);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="site-header">
        <div className="container header-inner">
          <a className="brand" href="/portal/">
            <span className="brand-name">SMART Recovery</span> <span className="brand-sub">Partner Hub</span>
          </a>
          {me ? <Navigation me={me} /> : null}
        </div>
      </header>
      <main id="main" className="container" tabIndex={-1}>
        {error ? <ErrorMessage message={error} /> : me ? <Route me={me} path={window.location.pathname} /> : <Loading />}
      </main>
    </>
  );
}

function Navigation({ me }: { me: CurrentUserResponse }) {
  const links: [string, string][] = [['/portal/', 'Home']];
  links.push(['/portal/organisations', me.role === 'smart_lead' || me.role === 'facilitator' ? 'Your organisation' : 'Organisations']);
  if (me.role === 'central_office') links.push(['/portal/start-up-forms', 'Start-Up Forms']);
  if (me.role === 'central_office') links.push(['/portal/quote-requests', 'Quote requests']);
  if (me.role === 'central_office') links.push(['/portal/invoices', 'Invoices'], ['/portal/licences', 'Licences']);
  if (me.role === 'smart_lead') links.push(['/portal/invoices', 'Invoices']);
  if (me.role === 'smart_lead') links.push(['/portal/training', 'Training places']);
  if (me.role === 'central_office' || me.role === 'coordinator') links.push(['/portal/training/enrol', 'Training nominations']);
  if (me.role === 'central_office' || me.role === 'coordinator') links.push(['/portal/training/people', 'Training progress']);
  if (me.role === 'facilitator') links.push(['/portal/training/mine', 'Your training']);
  if (me.role !== 'facilitator') links.push(['/portal/facilitators', 'Facilitators']);
  if (me.role === 'central_office') links.push(['/portal/volunteers', 'UKSR volunteers']);
  if (me.role === 'smart_lead' || me.role === 'facilitator') links.push(['/portal/my-record', 'Your facilitator record']);
  if (me.role === 'smart_lead' || me.role === 'facilitator') links.push(['/portal/resources', 'Partner Resources']);
  if (me.role === 'central_office') links.push(['/portal/outbox', 'Outbox'], ['/portal/audit', 'Audit trail']);
  return (
    <nav aria-label="Portal">
      <ul className="nav-list">
        {links.map(([href, label]) => (
          <li key={href}>
            <a href={href} aria-current={window.location.pathname === href ? 'page' : undefined}>
              {label}
            </a>
          </li>
        ))}
        <li>
          <form method="post" action="/sign-out" className="inline-form">
            <input type="hidden" name="_csrf" value={me.csrfToken} />
            <button type="submit" className="link-button">
              Sign out <span className="visually-hidden">({ROLE_LABELS[me.role]})</span>
            </button>
          </form>
        </li>
      </ul>
    </nav>
  );
}

function Route({ me, path }: { me: CurrentUserResponse; path: string }) {
  const organisation = /^\/portal\/organisations\/([^/]+)$/.exec(path);
  const documents = me.role === 'central_office' || me.role === 'smart_lead';
  if (organisation) return <OrganisationPage id={decodeURIComponent(organisation[1]!)} documents={documents} />;
  if (path === '/portal/organisations') {
    return me.organisationId ? <OrganisationPage id={me.organisationId} documents={documents} /> : <OrganisationsPage />;
  }
  const invoice = /^\/portal\/invoices\/([^/]+)$/.exec(path);
  if (invoice && (me.role === 'central_office' || me.role === 'smart_lead')) {
    return <InvoicePage id={decodeURIComponent(invoice[1]!)} canRecord={me.role === 'central_office'} />;
  }
  if (path === '/portal/invoices' && (me.role === 'central_office' || me.role === 'smart_lead')) return <InvoicesPage />;
  if (path === '/portal/licences' && me.role === 'central_office') return <LicenceReportPage />;
  if (path === '/portal/resources') return <ResourcesPage />;
  const facilitator = /^\/portal\/facilitators\/([^/]+)$/.exec(path);
  if (facilitator) return <FacilitatorPage id={decodeURIComponent(facilitator[1]!)} />;
  if (path === '/portal/facilitators' && me.role !== 'facilitator') return <FacilitatorsPage canInvite={me.role === 'smart_lead'} showWarnings={me.role === 'central_office'} />;
  if (path === '/portal/my-record') return <MyRecordPage />;
  const volunteer = /^\/portal\/volunteers\/([^/]+)$/.exec(path);
  if (volunteer && me.role === 'central_office') return <VolunteerPage id={decodeURIComponent(volunteer[1]!)} />;
  if (path === '/portal/volunteers' && me.role === 'central_office') return <VolunteersPage />;
  if (path === '/portal/training' && me.role === 'smart_lead' && me.organisationId) return <NominationsPage organisationId={me.organisationId} />;
  if (path === '/portal/training/enrol' && (me.role === 'central_office' || me.role === 'coordinator')) return <EnrolmentsPage />;
  if (path === '/portal/training/people' && (me.role === 'central_office' || me.role === 'coordinator')) return <TrainingPeoplePage />;
  if (path === '/portal/training/mine') return <MyTrainingPage />;
  const trainingPerson = /^\/portal\/training\/people\/([^/]+)$/.exec(path);
  if (trainingPerson) return <TrainingProgressPage facilitatorId={decodeURIComponent(trainingPerson[1]!)} />;
  const trainingSite = /^\/portal\/training\/sites\/([^/]+)$/.exec(path);
  if (trainingSite && me.role !== 'facilitator') return <SiteTrainingPlacesPage siteId={decodeURIComponent(trainingSite[1]!)} />;
  const startUpForm = /^\/portal\/start-up-forms\/([^/]+)$/.exec(path);
  if (startUpForm && me.role === 'central_office') return <StartUpFormPage id={decodeURIComponent(startUpForm[1]!)} />;
  if (path === '/portal/start-up-forms' && me.role === 'central_office') return <StartUpFormsPage />;
  const quoteRequest = /^\/portal\/quote-requests\/([^/]+)$/.exec(path);
  if (quoteRequest && me.role === 'central_office') return <QuoteRequestPage reference={decodeURIComponent(quoteRequest[1]!)} />;
  if (path === '/portal/quote-requests' && me.role === 'central_office') return <QuoteRequestsPage />;
  if (path === '/portal/outbox' && me.role === 'central_office') return <OutboxPage />;
  if (path === '/portal/audit' && me.role === 'central_office') return <AuditPage />;
  if (path === '/portal/' || path === '/portal') return <HomePage me={me} />;
  return (
    <>
      <h1>Page not found</h1>
      <p>
        <a href="/portal/">Go to your portal home</a>
      </p>
    </>
  );
}
