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
import { RenewalsToPricePage } from '../features/renewals/components/renewals-to-price-page.js';
import { TasksPage } from '../features/tasks/components/tasks-page.js';
import { MeetingPage, MeetingsPage, RegisterMeetingPage } from '../features/meetings/components/meetings-pages.js';
import { SiteExceptionsPage } from '../features/meetings/components/site-exceptions-page.js';
import { ResourcesPage } from '../features/resources/components/resources-page.js';
import { StartUpFormPage, StartUpFormsPage } from '../features/start-up-forms/components/start-up-forms-pages.js';
import { QuoteRequestPage, QuoteRequestsPage } from '../features/quotes/components/quote-requests-pages.js';
import { EnrolmentsPage, NominationsPage, SiteTrainingPlacesPage } from '../features/training/components/training-pages.js';
import { MyTrainingPage, TrainingPeoplePage, TrainingProgressPage } from '../features/training/components/progress-pages.js';
import { CoursePage, CoursesPage } from '../features/training/components/courses-pages.js';
import { TrainingRequestsPage } from '../features/training/components/requests-page.js';
import { TrainingImportPage } from '../features/training/components/import-page.js';
import { RecordImportsPage } from '../features/record-imports/components/record-imports-page.js';
import { VolunteerPage, VolunteersPage } from '../features/volunteers/components/volunteers-pages.js';
import { VisitPage, VisitsPage } from '../features/visits/components/visits-pages.js';
import { MySurveysPage, SurveyPage, SurveyRatesPage } from '../features/meeting-surveys/components/meeting-surveys-pages.js';
import { ContributionsPage, ContributionTotalsPage } from '../features/meeting-surveys/components/contributions-pages.js';
import { CommunitySessionPage, CommunitySessionsPage } from '../features/community-sessions/components/community-sessions-pages.js';
import { NetworkMapPage, NetworkReportPage } from '../features/reports/components/reports-pages.js';
import { WorkspaceHomePage, WorkspaceOrganisationPage } from '../features/workspace/components/workspace-pages.js';
import { PublicationsPage } from '../features/publications/components/publications-page.js';
import { DirectoryListingPage } from '../features/partner-directory/components/directory-listing-page.js';
import { CorporatePartnershipsPage } from '../features/corporate-partnerships/components/corporate-partnerships-page.js';
import { api, setCsrfToken } from './api.js';
import { PortalMenu } from './portal-menu.js';

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
      <footer className="site-footer">
        <div className="container">
          <p>
            <a href="/contact">Contact us</a> · <a href="/privacy">Privacy</a> · <a href="/accessibility">Accessibility</a>
          </p>
        </div>
      </footer>
    </>
  );
}

function Navigation({ me }: { me: CurrentUserResponse }) {
  const links: [string, string][] = [['/portal/', 'Home']];
  links.push(['/portal/organisations', me.role === 'smart_lead' || me.role === 'facilitator' ? 'Your organisation' : 'Organisations']);
  if (me.role === 'central_office' || me.role === 'coordinator') links.push(['/portal/tasks', 'Tasks']);
  if (me.role === 'central_office') links.push(['/portal/start-up-forms', 'Start-Up Forms']);
  if (me.role === 'central_office') links.push(['/portal/quote-requests', 'Quote requests']);
  if (me.role === 'central_office') links.push(['/portal/invoices', 'Invoices'], ['/portal/licences', 'Licences']);
  if (me.role === 'central_office') links.push(['/portal/renewals/to-price', 'Renewals to price']);
  if (me.role === 'smart_lead') links.push(['/portal/invoices', 'Invoices']);
  if (me.role === 'smart_lead') links.push(['/portal/training', 'Training places']);
  if (me.role === 'central_office' || me.role === 'coordinator') links.push(['/portal/training/enrol', 'Training nominations']);
  if (me.role === 'central_office' || me.role === 'coordinator') links.push(['/portal/training/people', 'Training progress']);
  if (me.role === 'facilitator') links.push(['/portal/training/mine', 'Your training']);
  if (me.role !== 'facilitator') links.push(['/portal/training/courses', 'Training courses']);
  if (me.role !== 'facilitator') links.push(['/portal/training/requests', 'Bespoke training']);
  if (me.role === 'central_office') links.push(['/portal/training/import', 'Import training']);
  if (me.role === 'central_office') links.push(['/portal/record-imports', "Import today's records"]);
  if (me.role !== 'facilitator') links.push(['/portal/facilitators', 'Facilitators']);
  links.push(['/portal/meetings', 'Meetings']);
  if (me.role === 'smart_lead' || me.role === 'facilitator') links.push(['/portal/meeting-surveys', 'Meeting surveys']);
  if (me.role !== 'facilitator') links.push(['/portal/meeting-surveys/rates', 'Survey completion']);
  if (me.role === 'central_office') links.push(['/portal/contributions', 'Contributions']);
  if (me.role === 'central_office') links.push(['/portal/site-exceptions', 'Site exceptions']);
  if (me.role !== 'facilitator') links.push(['/portal/visits', 'Visits']);
  if (me.role === 'central_office' || me.role === 'coordinator') links.push(['/portal/community-sessions', 'Community sessions']);
  if (me.role === 'central_office') links.push(['/portal/workspace', 'Workspace']);
  if (me.role === 'central_office' || me.role === 'coordinator') links.push(['/portal/reports', 'Reports'], ['/portal/reports/map', 'Network map']);
  if (me.role === 'central_office') links.push(['/portal/volunteers', 'UKSR volunteers']);
  if (me.role === 'smart_lead' || me.role === 'facilitator') links.push(['/portal/my-record', 'Your facilitator record']);
  if (me.role === 'smart_lead' || me.role === 'facilitator') links.push(['/portal/resources', 'Partner Resources']);
  if (me.role === 'smart_lead' || me.role === 'central_office') links.push(['/portal/publications', 'Co-branded publications'], ['/portal/partner-directory', 'Partner directory']);
  if (me.role === 'central_office') links.push(['/portal/corporate-partnerships', 'Corporate partnerships']);
  if (me.role === 'central_office') links.push(['/portal/outbox', 'Outbox'], ['/portal/audit', 'Audit trail']);
  return (
    <PortalMenu>
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
    </PortalMenu>
  );
}

function Route({ me, path }: { me: CurrentUserResponse; path: string }) {
  const organisation = /^\/portal\/organisations\/([^/]+)$/.exec(path);
  const documents = me.role === 'central_office' || me.role === 'smart_lead';
  if (organisation) return <OrganisationPage id={decodeURIComponent(organisation[1]!)} documents={documents} visitActions={me.role !== 'facilitator'} />;
  if (path === '/portal/organisations') {
    return me.organisationId ? <OrganisationPage id={me.organisationId} documents={documents} visitActions={me.role !== 'facilitator'} /> : <OrganisationsPage />;
  }
  const invoice = /^\/portal\/invoices\/([^/]+)$/.exec(path);
  if (invoice && (me.role === 'central_office' || me.role === 'smart_lead')) {
    return <InvoicePage id={decodeURIComponent(invoice[1]!)} canRecord={me.role === 'central_office'} />;
  }
  if (path === '/portal/invoices' && (me.role === 'central_office' || me.role === 'smart_lead')) return <InvoicesPage />;
  if (path === '/portal/licences' && me.role === 'central_office') return <LicenceReportPage />;
  if (path === '/portal/renewals/to-price' && me.role === 'central_office') return <RenewalsToPricePage />;
  if (path === '/portal/tasks' && (me.role === 'central_office' || me.role === 'coordinator')) return <TasksPage national={me.role === 'central_office'} />;
  if (path === '/portal/resources') return <ResourcesPage />;
  const facilitator = /^\/portal\/facilitators\/([^/]+)$/.exec(path);
  if (facilitator) return <FacilitatorPage id={decodeURIComponent(facilitator[1]!)} />;
  if (path === '/portal/facilitators' && me.role !== 'facilitator') {
    const handOver = me.role === 'smart_lead' && me.organisationId ? { organisationId: me.organisationId, leadEmail: me.email } : null;
    return <FacilitatorsPage canInvite={me.role === 'smart_lead'} showWarnings={me.role === 'central_office'} handOver={handOver} />;
  }
  if (path === '/portal/my-record') return <MyRecordPage smartLead={me.role === 'smart_lead'} />;
  const volunteer = /^\/portal\/volunteers\/([^/]+)$/.exec(path);
  if (volunteer && me.role === 'central_office') return <VolunteerPage id={decodeURIComponent(volunteer[1]!)} />;
  if (path === '/portal/volunteers' && me.role === 'central_office') return <VolunteersPage />;
  if (path === '/portal/training' && me.role === 'smart_lead' && me.organisationId) return <NominationsPage organisationId={me.organisationId} />;
  if (path === '/portal/training/enrol' && (me.role === 'central_office' || me.role === 'coordinator')) return <EnrolmentsPage />;
  if (path === '/portal/training/people' && (me.role === 'central_office' || me.role === 'coordinator')) return <TrainingPeoplePage canImport={me.role === 'central_office'} />;
  if (path === '/portal/training/mine') return <MyTrainingPage />;
  if (path === '/portal/training/courses' && me.role !== 'facilitator') return <CoursesPage canSchedule={me.role === 'central_office'} />;
  const trainingCourse = /^\/portal\/training\/courses\/([^/]+)$/.exec(path);
  if (trainingCourse && me.role !== 'facilitator') return <CoursePage courseId={decodeURIComponent(trainingCourse[1]!)} canInvoice={me.role === 'central_office'} />;
  if (path === '/portal/training/requests' && me.role !== 'facilitator') return <TrainingRequestsPage canRequest={me.role === 'smart_lead'} canInvoice={me.role === 'central_office'} />;
  if (path === '/portal/training/import' && me.role === 'central_office') return <TrainingImportPage />;
  if (path === '/portal/record-imports' && me.role === 'central_office') return <RecordImportsPage />;
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
  if (path === '/portal/publications' && (me.role === 'smart_lead' || me.role === 'central_office')) return <PublicationsPage canOrder chooseOrganisation={me.role === 'central_office'} />;
  if (path === '/portal/partner-directory' && (me.role === 'smart_lead' || me.role === 'central_office')) return <DirectoryListingPage organisationId={me.role === 'smart_lead' ? me.organisationId : null} />;
  if (path === '/portal/corporate-partnerships' && me.role === 'central_office') return <CorporatePartnershipsPage />;
  if (path === '/portal/audit' && me.role === 'central_office') return <AuditPage />;
  if (path === '/portal/meeting-surveys') return <MySurveysPage />;
  if (path === '/portal/meeting-surveys/rates' && me.role !== 'facilitator') return <SurveyRatesPage />;
  const meetingSurvey = /^\/portal\/meeting-surveys\/([^/]+)$/.exec(path);
  if (meetingSurvey && meetingSurvey[1] !== 'rates') return <SurveyPage id={decodeURIComponent(meetingSurvey[1]!)} />;
  if (path === '/portal/contributions' && me.role === 'central_office') return <ContributionTotalsPage />;
  const contributions = /^\/portal\/contributions\/([^/]+)$/.exec(path);
  if (contributions) return <ContributionsPage meetingId={decodeURIComponent(contributions[1]!)} />;
  if (path === '/portal/meetings') return <MeetingsPage me={me} />;
  if (path === '/portal/meetings/new') return <RegisterMeetingPage me={me} />;
  const meeting = /^\/portal\/meetings\/([^/]+)$/.exec(path);
  if (meeting) return <MeetingPage me={me} id={decodeURIComponent(meeting[1]!)} />;
  if (path === '/portal/site-exceptions' && me.role !== 'facilitator') return <SiteExceptionsPage me={me} />;
  const staff = me.role === 'central_office' || me.role === 'coordinator';
  if (path === '/portal/visits' && me.role !== 'facilitator') return <VisitsPage canSchedule={staff} />;
  const visit = /^\/portal\/visits\/([^/]+)$/.exec(path);
  if (visit && me.role !== 'facilitator') return <VisitPage id={decodeURIComponent(visit[1]!)} />;
  if (path === '/portal/community-sessions' && staff) return <CommunitySessionsPage regions={me.regions.map((r) => r.code)} national={me.role === 'central_office'} />;
  const communitySession = /^\/portal\/community-sessions\/([^/]+)$/.exec(path);
  if (communitySession && staff) return <CommunitySessionPage id={decodeURIComponent(communitySession[1]!)} />;
  // The Coordinator's home page is their workspace; Central Office's workspace covers the network (decision 126).
  if ((path === '/portal/' || path === '/portal') && me.role === 'coordinator') return <WorkspaceHomePage me={me} />;
  if (path === '/portal/workspace' && staff) return <WorkspaceHomePage me={me} />;
  const workspaceOrganisation = /^\/portal\/workspace\/organisations\/([^/]+)$/.exec(path);
  if (workspaceOrganisation?.[1] && staff) return <WorkspaceOrganisationPage id={workspaceOrganisation[1]} />;
  if (path === '/portal/reports' && staff) return <NetworkReportPage me={me} />;
  if (path === '/portal/reports/map' && staff) return <NetworkMapPage me={me} />;
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
