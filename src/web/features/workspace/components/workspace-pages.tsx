import { type FormEvent, type ReactNode, useState } from 'react';
import { formatLongDate } from '../../../../domain/iso-date.js';
import type { CurrentUserResponse } from '../../../../shared/schemas/auth.js';
import {
  CONTACT_KINDS, type ContactNoteResponse, WORKSPACE_SECTIONS, type WorkspaceHomeResponse, type WorkspaceOrganisationResponse, type WorkspaceSection, type WorkspaceSectionResponse,
} from '../../../../shared/schemas/workspace.js';
import { api, ApiError } from '../../../app/api.js';
import { useApi } from '../../../app/use-api.js';
import { TextField } from '../../../components/ui/field.js';
import { ErrorMessage, Loading, Page } from '../../../components/ui/page.js';
import { TableScroll } from '../../../components/ui/table.js';
import { useOptionalApi } from '../../meetings/components/form-parts.js';
import { ALL_REGIONS, regionChoices } from '../../reports/components/reports-pages.js';
import { PointsMap } from '../../reports/components/points-map.js';

/** The Coordinator's home page and each organisation's page (decisions 125–126). */

const orgLink = (o: { id: string; name: string } | null) => (o ? <a href={`/portal/workspace/organisations/${o.id}`}>{o.name}</a> : 'UKSR community meeting');
const STATUS_NAMES: Record<string, string> = { active: 'Active', in_grace: 'In grace period', lapsed: 'Lapsed', running: 'Running', closed_down: 'Closed', scheduled: 'Scheduled', recorded: 'Recorded' };
const CHECK_NAMES: Record<string, string> = { missing: 'No check recorded', due: 'Due for renewal', expired: 'Expired', current: 'Current' };
const CHECK_PHRASES: Record<string, string> = { missing: 'no safeguarding check recorded', due: 'safeguarding check due for renewal', expired: 'safeguarding check expired', current: 'safeguarding check current' };

const number = (n: number) => n.toLocaleString('en-GB');

type Items<S extends WorkspaceSection> = Extract<WorkspaceSectionResponse, { section: S }>['items'];

/** How each section's items read, the same on the home page and on any later page of the section. */
const LISTS: { [S in WorkspaceSection]: (items: Items<S>) => ReactNode } = {
  'nominations-to-enrol': (items) => (
    <ul>
      {items.map((n) => (
        <li key={n.id}>
          {n.nomineeName}, {orgLink(n.organisation)} ({n.siteName}), nominated {formatLongDate(n.nominatedOn)}
        </li>
      ))}
    </ul>
  ),
  'new-meetings': (items) => (
    <ul>
      {items.map((m) => (
        <li key={m.id}>
          <a href={`/portal/meetings/${m.id}`}>{m.name}</a>, {orgLink(m.organisation)}: registered {formatLongDate(m.registeredOn)}, first meeting {formatLongDate(m.startsOn)}
        </li>
      ))}
    </ul>
  ),
  'smart-leads-not-qualified': (items) => (
    <ul>
      {items.map((l) => (
        <li key={l.organisation.id}>
          {orgLink(l.organisation)}: {l.smartLead ? `${l.smartLead}${l.inTraining ? ' (in training)' : ' (not in training)'}` : 'no SMART Lead yet'}
        </li>
      ))}
    </ul>
  ),
  'facilitators-due': (items) => (
    <ul>
      {items.map((f) => (
        <li key={f.id}>
          <a href={`/portal/facilitators/${f.id}`}>{f.name}</a> ({f.organisations.map((o) => o.name).join(', ')}): {CHECK_PHRASES[f.check]}
          {f.checkValidUntil && f.check !== 'current' ? `, valid until ${formatLongDate(f.checkValidUntil)}` : ''}
          {f.codeOfConductCurrent ? '' : '; has not accepted the current Code of Conduct'}
        </li>
      ))}
    </ul>
  ),
  'meetings-behind-on-surveys': (items) => (
    <ul>
      {items.map((m) => (
        <li key={m.id}>
          {m.name}, {orgLink(m.organisation)}: {m.overdue} overdue {m.overdue === 1 ? 'survey' : 'surveys'}
        </li>
      ))}
    </ul>
  ),
  licences: (items) => (
    <ul>
      {items.map((l) => (
        <li key={l.id}>
          {l.number} {l.licenceTypeName}, {orgLink(l.organisation)} ({l.siteName}): {STATUS_NAMES[l.status] ?? l.status}, {l.status === 'active' ? 'ends' : 'ended'}{' '}
          {formatLongDate(l.endsOn)}
        </li>
      ))}
    </ul>
  ),
  'organisations-without-meetings': (items) => (
    <ul>
      {items.map((o) => (
        <li key={o.id}>
          {orgLink(o)} ({o.regionName})
        </li>
      ))}
    </ul>
  ),
};

/** A section's page in the address: `?section=…&offset=…` (with the region), so paging is a plain link that works without the page's scripts. */
interface SectionPaging {
  section: WorkspaceSection;
  offset: number;
}

function readPaging(): SectionPaging | null {
  const q = new URLSearchParams(window.location.search);
  const section = q.get('section');
  const offset = Number(q.get('offset') ?? '0');
  if (!section || !(WORKSPACE_SECTIONS as readonly string[]).includes(section) || !Number.isInteger(offset) || offset < 0) return null;
  return { section: section as WorkspaceSection, offset };
}

function pageHref(region: string, section: WorkspaceSection, offset: number): string {
  const q = new URLSearchParams();
  if (region) q.set('region', region);
  if (offset > 0) {
    q.set('section', section);
    q.set('offset', String(offset));
  }
  const query = q.toString();
  return `/portal/workspace${query ? `?${query}` : ''}#${section}`;
}

/** "Showing 21 to 40 of 1,250", with links to the page before and the page after. */
function Pager({ region, section, offset, shown, total, pageSize }: { region: string; section: WorkspaceSection; offset: number; shown: number; total: number; pageSize: number }) {
  if (total <= shown && offset === 0) return null;
  return (
    <nav className="pager" aria-label={`Pages of ${SECTION_TITLES[section].toLowerCase()}`}>
      <p>
        {shown === 0 ? `None here: there are ${number(total)}.` : `Showing ${number(offset + 1)} to ${number(offset + shown)} of ${number(total)}.`}{' '}
        {offset > 0 ? <a href={pageHref(region, section, Math.max(0, offset - pageSize))}>Previous {pageSize}</a> : null}
        {offset > 0 && offset + shown < total ? ' · ' : null}
        {offset + shown < total ? <a href={pageHref(region, section, offset + pageSize)}>Next {Math.min(pageSize, total - offset - shown)}</a> : null}
      </p>
    </nav>
  );
}

const SECTION_TITLES: Record<WorkspaceSection, string> = {
  'nominations-to-enrol': 'Nominations to enrol',
  'new-meetings': 'New meetings to support',
  'smart-leads-not-qualified': 'SMART Leads who are not qualified',
  'facilitators-due': 'Facilitators whose check or Code of Conduct is due',
  'meetings-behind-on-surveys': 'Meetings behind on surveys',
  licences: 'Licences expiring or lapsed',
  'organisations-without-meetings': 'Organisations without any meeting yet',
};

/** One thing that may need the Coordinator: a heading with its count, a page of the list with its pager, or a line saying there is nothing. */
function Attention<S extends WorkspaceSection>(props: { section: S; count: number; items: Items<S>; offset: number; region: string; pageSize: number; children?: ReactNode }) {
  const { section, count, items, offset } = props;
  const id = `${section}-heading`;
  return (
    <section id={section} aria-labelledby={id} className="attention">
      <h2 id={id}>
        {SECTION_TITLES[section]} <span className="count">({number(count)})</span>
      </h2>
      {count === 0 ? (
        <p>Nothing at the moment.</p>
      ) : (
        <>
          {LISTS[section](items)}
          <Pager region={props.region} section={section} offset={offset} shown={items.length} total={count} pageSize={props.pageSize} />
          {props.children}
        </>
      )}
    </section>
  );
}

export function WorkspaceHomePage({ me }: { me: CurrentUserResponse }) {
  const [region, setRegion] = useState(() => new URLSearchParams(window.location.search).get('region') ?? '');
  const [paging, setPaging] = useState(readPaging);
  const home = useApi<WorkspaceHomeResponse>(`/workspace${region ? `?region=${region}` : ''}`);
  const regions = regionChoices(me, ALL_REGIONS);
  const title = me.role === 'central_office' ? 'Workspace' : me.regions.length ? `Your region: ${me.regions.map((r) => r.name).join(', ')}` : 'Your programme';
  return (
    <Page title={title}>
      {regions.length > 1 || me.role === 'central_office' ? (
        <form
          className="report-filters"
          onSubmit={(e) => {
            e.preventDefault();
            const value = (new FormData(e.currentTarget).get('region') as string | null) ?? '';
            window.history.replaceState(null, '', value ? `?region=${value}` : window.location.pathname);
            setRegion(value);
            setPaging(null);
          }}
        >
          <div className="field">
            <label htmlFor="workspace-region">Region</label>
            <select id="workspace-region" name="region" defaultValue={region}>
              <option value="">{me.role === 'central_office' ? 'All regions' : 'All you support'}</option>
              {regions.map((r) => (
                <option key={r.code} value={r.code}>
                  {r.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">Show</button>
        </form>
      ) : null}
      {home.state === 'loading' ? <Loading /> : home.state === 'error' ? <ErrorMessage message={home.message} /> : <Home h={home.data} region={region} paging={paging} />}
    </Page>
  );
}

/** A later page of one section, read from GET /api/v1/workspace/sections/:section. */
function usePagedSection(region: string, paging: SectionPaging | null, pageSize: number) {
  const query = new URLSearchParams({ limit: String(pageSize), offset: String(paging?.offset ?? 0) });
  if (region) query.set('region', region);
  return useOptionalApi<WorkspaceSectionResponse>(paging && paging.offset > 0 ? `/workspace/sections/${paging.section}?${query.toString()}` : null);
}

function Home({ h, region, paging }: { h: WorkspaceHomeResponse; region: string; paging: SectionPaging | null }) {
  const c = h.counts;
  const paged = usePagedSection(region, paging, h.pageSize);
  const common = { region, pageSize: h.pageSize };
  /** The section's page asked for in the address, once it has loaded; otherwise the home page's first page. */
  const pageOf = <S extends WorkspaceSection>(section: S, first: Items<S>, count: number) => {
    const other = paged?.state === 'ready' && paged.data.section === section ? paged.data : null;
    return { section, items: (other ? other.items : first) as Items<S>, offset: other ? other.offset : 0, count: other ? other.total : count, ...common };
  };
  return (
    <>
      <p className="lead">
        {number(c.organisations)} partner {c.organisations === 1 ? 'organisation' : 'organisations'} in {h.scopeLabel}. <a href="/portal/reports">Reports</a> ·{' '}
        <a href="/portal/reports/map">Map of the network</a>
      </p>
      {paged?.state === 'error' ? <ErrorMessage message={paged.message} /> : null}
      <Attention {...pageOf('nominations-to-enrol', h.nominationsToEnrol, c.nominationsToEnrol)}>
        <p>
          <a href="/portal/training/enrol">Send enrolment instructions</a>
        </p>
      </Attention>
      <Attention {...pageOf('new-meetings', h.newMeetings, c.newMeetings)} />
      <Attention {...pageOf('smart-leads-not-qualified', h.smartLeadsNotQualified, c.smartLeadsNotQualified)} />
      <Attention {...pageOf('facilitators-due', h.facilitatorsDue, c.facilitatorsDue)} />
      <Attention {...pageOf('meetings-behind-on-surveys', h.meetingsBehindOnSurveys, c.meetingsBehindOnSurveys)} />
      <Attention {...pageOf('licences', h.licences, c.licencesExpiring + c.licencesLapsed)} />
      <Attention {...pageOf('organisations-without-meetings', h.organisationsWithoutMeetings, c.organisationsWithoutMeetings)} />
    </>
  );
}

function Table({ caption, head, children }: { caption: string; head: string[]; children: ReactNode }) {
  return (
    <TableScroll label={caption}>
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {head.map((h) => (
              <th scope="col" key={h}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </TableScroll>
  );
}

export function WorkspaceOrganisationPage({ id }: { id: string }) {
  // Notes saved here join the list without reloading the page (and losing the form's confirmation).
  const [added, setAdded] = useState<ContactNoteResponse[]>([]);
  const page = useApi<WorkspaceOrganisationResponse>(`/workspace/organisations/${encodeURIComponent(id)}`);
  if (page.state === 'loading') return <Loading />;
  if (page.state === 'error') {
    return (
      <Page title={page.status === 404 ? 'Organisation not found' : 'Something went wrong'}>
        <ErrorMessage message={page.status === 404 ? 'There is no such organisation, or it is not one you support.' : page.message} />
      </Page>
    );
  }
  const p = page.data;
  const o = p.organisation;
  const notes = [...added, ...p.notes].sort((a, b) => b.contactOn.localeCompare(a.contactOn) || b.recordedAt.localeCompare(a.recordedAt));
  return (
    <Page title={o.name}>
      <p className="caption">
        {o.sectorName}, {o.regionName}
        {o.postcode ? `, ${o.postcode}` : ''}
      </p>
      <p>
        SMART Lead: {p.smartLead.name ?? 'none yet'}
        {p.smartLead.name ? (p.smartLead.qualified ? ' (qualified SMART Facilitator)' : p.smartLead.inTraining ? ' (in training)' : ' (not qualified)') : ''}
      </p>

      <h2>Sites</h2>
      <PointsMap
        fit
        title={`Sites and meetings of ${o.name}`}
        points={[
          ...p.sites.map((s) => ({ id: s.id, label: s.name, latitude: s.latitude, longitude: s.longitude, kind: 'site' as const })),
          ...p.meetings.filter((m) => m.status === 'running').map((m) => ({ id: m.id, label: m.name, latitude: m.latitude, longitude: m.longitude, kind: 'meeting' as const })),
        ]}
      />
      <Table caption="Sites" head={['Site', 'Address', 'Region']}>
        {p.sites.map((s) => (
          <tr key={s.id}>
            <th scope="row">
              {s.name}
              {s.satellite ? ' (satellite)' : ''}
            </th>
            <td>
              {s.address}, {s.postcode}
            </td>
            <td>{s.regionName}</td>
          </tr>
        ))}
      </Table>

      <h2>Licences</h2>
      {p.licences.length === 0 ? (
        <p>No licences yet.</p>
      ) : (
        <Table caption="Licences" head={['Licence', 'Programme', 'Site', 'Status', 'Licence year']}>
          {p.licences.map((l) => (
            <tr key={l.id}>
              <th scope="row">{l.number}</th>
              <td>{l.licenceTypeName}</td>
              <td>{l.siteName}</td>
              <td>{STATUS_NAMES[l.status] ?? l.status}</td>
              <td>
                {formatLongDate(l.startsOn)} to {formatLongDate(l.endsOn)}
              </td>
            </tr>
          ))}
        </Table>
      )}

      <h2>Facilitators</h2>
      {p.facilitators.length === 0 ? (
        <p>No facilitators yet.</p>
      ) : (
        <Table caption="Facilitators and whether they may facilitate a SMART Recovery meeting at the main site today" head={['Facilitator', 'Qualified', 'Check', 'Code of Conduct', 'May facilitate today']}>
          {p.facilitators.map((f) => (
            <tr key={f.id}>
              <th scope="row">
                <a href={`/portal/facilitators/${f.id}`}>{f.name}</a>
              </th>
              <td>{f.qualified ? 'Yes' : f.inTraining ? 'In training' : 'No'}</td>
              <td>
                {CHECK_NAMES[f.check]}
                {f.checkValidUntil ? ` (valid until ${formatLongDate(f.checkValidUntil)})` : ''}
              </td>
              <td>{f.codeOfConductCurrent ? 'Accepted' : 'Not accepted'}</td>
              <td>
                {f.eligible ? (
                  'Yes'
                ) : (
                  <>
                    No:
                    <ul>
                      {f.reasons.map((r) => (
                        <li key={r}>{r}</li>
                      ))}
                    </ul>
                  </>
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}

      <h2>Meetings</h2>
      {p.meetings.length === 0 ? (
        <p>No meetings registered yet.</p>
      ) : (
        <Table caption="Meetings" head={['Meeting', 'Programme', 'When', 'Status', 'Public listing']}>
          {p.meetings.map((m) => (
            <tr key={m.id}>
              <th scope="row">
                <a href={`/portal/meetings/${m.id}`}>{m.name}</a>
                {m.siteName ? `, ${m.siteName}` : ''}
              </th>
              <td>{m.programmeName}</td>
              <td>{m.when}</td>
              <td>{STATUS_NAMES[m.status] ?? m.status}</td>
              <td>{m.publiclyVisible ? 'Listed' : 'Not listed'}</td>
            </tr>
          ))}
        </Table>
      )}

      <h2>Visits</h2>
      {p.visits.length === 0 ? (
        <p>No visits yet.</p>
      ) : (
        <Table caption="Visits" head={['Visit', 'Site', 'Status']}>
          {p.visits.map((v) => (
            <tr key={v.id}>
              <th scope="row">
                <a href={`/portal/visits/${v.id}`}>
                  {v.kind === 'quality_assurance' ? 'Quality-assurance visit' : 'Site visit'}, {formatLongDate(v.visitedOn ?? v.scheduledOn)}
                </a>
              </th>
              <td>{v.siteName}</td>
              <td>{STATUS_NAMES[v.status] ?? v.status}</td>
            </tr>
          ))}
        </Table>
      )}

      <h2>Notes of contact</h2>
      <NoteForm organisationId={o.id} onSaved={(note) => setAdded((list) => [note, ...list])} />
      {notes.length === 0 ? (
        <p>No notes yet.</p>
      ) : (
        <ul className="notes">
          {notes.map((n) => (
            <li key={n.id}>
              <p>
                <strong>
                  {formatLongDate(n.contactOn)}, {CONTACT_KINDS.find((k) => k.code === n.kind)?.name ?? n.kind}
                </strong>{' '}
                <span className="hint">({n.recordedBy ?? 'Partner Hub'})</span>
              </p>
              <p className="preserve-lines">{n.summary}</p>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}

function NoteForm({ organisationId, onSaved }: { organisationId: string; onSaved: (note: ContactNoteResponse) => void }) {
  const [values, setValues] = useState({ contactOn: '', kind: 'call', summary: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    try {
      const note = await api<ContactNoteResponse>(`/workspace/organisations/${organisationId}/notes`, { method: 'POST', body: JSON.stringify(values) });
      setValues({ contactOn: '', kind: 'call', summary: '' });
      setErrors({});
      setSaved(true);
      onSaved(note);
    } catch (error) {
      const details = error instanceof ApiError && Array.isArray(error.body?.error.details) ? (error.body.error.details as { field?: string; message?: string }[]) : [];
      const next: Record<string, string> = {};
      for (const d of details) if (d.field && d.message) next[d.field.replace(/^body\./, '')] ??= d.message;
      setErrors(Object.keys(next).length ? next : { form: error instanceof Error ? error.message : 'The note was not saved.' });
    }
  };
  return (
    <form onSubmit={submit} noValidate className="note-form">
      {Object.keys(errors).length ? (
        <div className="error-summary" role="alert">
          <h3>There is a problem</h3>
          <ul>
            {Object.entries(errors).map(([field, message]) => (
              <li key={field}>{field === 'form' ? message : <a href={`#note-${field}`}>{message}</a>}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {saved ? (
        <p className="notice" role="status">
          Note saved.
        </p>
      ) : null}
      <TextField id="note-contactOn" type="date" label="Date of the contact" value={values.contactOn} error={errors.contactOn} onChange={(contactOn) => setValues({ ...values, contactOn })} />
      <div className={errors.kind ? 'field field-error' : 'field'}>
        <label htmlFor="note-kind">How</label>
        <select id="note-kind" value={values.kind} onChange={(e) => setValues({ ...values, kind: e.target.value })}>
          {CONTACT_KINDS.map((k) => (
            <option key={k.code} value={k.code}>
              {k.name}
            </option>
          ))}
        </select>
      </div>
      <div className={errors.summary ? 'field field-error' : 'field'}>
        <label htmlFor="note-summary">Note</label>
        {errors.summary ? (
          <p className="error-message" id="note-summary-error">
            <span className="visually-hidden">Error: </span>
            {errors.summary}
          </p>
        ) : null}
        <textarea
          id="note-summary"
          rows={4}
          value={values.summary}
          onChange={(e) => setValues({ ...values, summary: e.target.value })}
          aria-invalid={errors.summary ? true : undefined}
          aria-describedby={errors.summary ? 'note-summary-error' : undefined}
        />
      </div>
      <button type="submit">Save the note</button>
    </form>
  );
}
