import type { ReactNode } from 'react';
import { AUDIENCES } from '../../../domain/meetings/audiences.js';
import { PROGRAMMES, REGIONS } from '../../../domain/reference.js';
import { type PublicMeeting, type PublicMeetingDetail, RADIUS_CHOICES_KM, TIMES_OF_DAY } from '../../../shared/schemas/meeting-finder.js';
import { ErrorSummary, type FieldErrors } from '../../views/form.js';
import { Layout } from '../../views/layout.js';
import { audienceNames, DAY_NAMES, DAYS_MONDAY_FIRST, formatDistance, formatSchedule, formatScheduleInSentence, formatTimes } from './finder.format.js';
import { MeetingMap } from './finder.map.js';
import type { NearPlace } from './finder.service.js';

/**
 * The public meeting finder's pages (docs/decisions/083-meeting-finder-pages.md): the search with
 * its results as a list and a map, one meeting's page, and a printable list. Complete HTML that
 * works without JavaScript; finder.js only updates the results in place as the filters change.
 */

export const FEED_LINK = <link rel="alternate" type="application/json" title="Meetings Feed" href="/feeds/meeting-guide.json" />;

export interface FinderFormValues {
  near: string;
  radiusKm: string;
  day: string;
  timeOfDay: string;
  programme: string;
  attendance: string;
  audience: string;
}

export const FINDER_FIELDS = ['near', 'radiusKm', 'day', 'timeOfDay', 'programme', 'attendance', 'audience'] as const;

export interface MapSettings {
  tileUrl: string;
  attribution: string;
}

export interface FinderResults {
  place: NearPlace | null;
  radiusKm: number;
  meetings: PublicMeeting[];
  nextCursor: string | null;
}

interface SelectFieldProps {
  name: string;
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  error?: string | undefined;
}

function SelectField({ name, label, value, options, error }: SelectFieldProps) {
  return (
    <div className={error ? 'field finder-field field-error' : 'field finder-field'}>
      <label htmlFor={name}>{label}</label>
      {error ? (
        <p className="error-message" id={`${name}-error`}>
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
      <select id={name} name={name} defaultValue={value} aria-describedby={error ? `${name}-error` : undefined} aria-invalid={error ? true : undefined}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

const ANY = { value: '', label: 'Any' };

/** The search's query string, for links to the next page and the printable list. */
export function finderQueryString(values: FinderFormValues, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const field of FINDER_FIELDS) if (values[field] !== '') params.set(field, values[field]);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params.toString();
}

export interface FinderPageProps {
  values: FinderFormValues;
  errors: FieldErrors;
  results: FinderResults | null;
  /** true on a later page of the same search. */
  paged: boolean;
  map: MapSettings;
  ukTimeNote: string;
  signedIn: boolean;
}

/** /meetings: the search form and, once there is a search, its results. */
export function FinderPage({ values, errors, results, paged, map, ukTimeNote, signedIn }: FinderPageProps) {
  const hasErrors = Object.keys(errors).some((k) => errors[k]);
  return (
    <Layout
      title={`${hasErrors ? 'Error: ' : ''}Find a SMART meeting`}
      signedIn={signedIn}
      head={
        <>
          {FEED_LINK}
          <script src="/static/finder.js" defer />
        </>
      }
    >
      <h1>Find a SMART meeting</h1>
      <p className="lead">
        SMART Recovery meetings are free and open to anyone who wants to change an addictive behaviour. Search near a postcode or a town, or
        join a meeting online.
      </p>
      <div id="finder-errors">
        <ErrorSummary errors={errors} />
      </div>
      <form method="get" action="/meetings" id="finder-form" className="finder-form" role="search" aria-label="Find a meeting" noValidate>
        <div className={errors.near ? 'field field-error finder-near' : 'field finder-near'}>
          <label htmlFor="near">Postcode or town</label>
          <p className="hint" id="near-hint">
            For example PR1 8BU or Preston.
          </p>
          {errors.near ? (
            <p className="error-message" id="near-error">
              <span className="visually-hidden">Error: </span>
              {errors.near}
            </p>
          ) : null}
          <div className="finder-near-row">
            <input
              id="near"
              name="near"
              type="text"
              defaultValue={values.near}
              autoComplete="postal-code"
              aria-describedby={errors.near ? 'near-hint near-error' : 'near-hint'}
              aria-invalid={errors.near ? true : undefined}
            />
            <button type="button" id="finder-near-me" className="button-secondary" hidden>
              Use my location
            </button>
          </div>
          <p id="finder-near-me-message" className="error-message" role="alert" hidden></p>
        </div>
        <div className="finder-filters">
          <SelectField
            name="radiusKm"
            label="Distance"
            value={values.radiusKm}
            error={errors.radiusKm}
            options={RADIUS_CHOICES_KM.map((km) => ({ value: String(km), label: `Within ${km} km (${Math.round(km / 1.609344)} miles)` }))}
          />
          <SelectField
            name="day"
            label="Day"
            value={values.day}
            error={errors.day}
            options={[ANY, ...DAYS_MONDAY_FIRST.map((d) => ({ value: String(d), label: DAY_NAMES[d] }))]}
          />
          <SelectField
            name="timeOfDay"
            label="Time of day"
            value={values.timeOfDay}
            error={errors.timeOfDay}
            options={[ANY, ...TIMES_OF_DAY.map((t) => ({ value: t.code, label: t.name }))]}
          />
          <SelectField
            name="attendance"
            label="In person or online"
            value={values.attendance}
            error={errors.attendance}
            options={[
              { value: '', label: 'In person or online' },
              { value: 'in_person', label: 'In person (or hybrid)' },
              { value: 'online', label: 'Online (or hybrid)' },
              { value: 'hybrid', label: 'Hybrid only' },
            ]}
          />
          <SelectField
            name="programme"
            label="Programme"
            value={values.programme}
            error={errors.programme}
            options={[ANY, ...PROGRAMMES.map((p) => ({ value: p.code, label: p.name }))]}
          />
          <SelectField
            name="audience"
            label="Who it is for"
            value={values.audience}
            error={errors.audience}
            options={[{ value: '', label: 'Everyone' }, ...AUDIENCES.map((a) => ({ value: a.code, label: a.name }))]}
          />
        </div>
        <button type="submit" id="finder-submit">
          Search
        </button>
      </form>
      <p id="finder-status" className="visually-hidden" role="status" aria-live="polite"></p>
      <div id="finder-results">
        {results ? (
          <ResultsSection values={values} results={results} paged={paged} map={map} ukTimeNote={ukTimeNote} />
        ) : (
          <StartHere />
        )}
      </div>
    </Layout>
  );
}

function StartHere() {
  return (
    <section aria-labelledby="finder-start-title" className="finder-start">
      <h2 id="finder-start-title">Other ways to find a meeting</h2>
      <ul>
        <li>
          <a href="/meetings?attendance=online">Meetings you can join online</a>, from anywhere in the UK
        </li>
        <li>Printable lists of meetings by region: {REGIONS.map((r, i) => (
          <span key={r.code}>
            {i > 0 ? ', ' : ''}
            <a href={`/meetings/print?region=${r.code}`}>{r.name}</a>
          </span>
        ))}</li>
      </ul>
    </section>
  );
}

/** The results of a search: counts, the map, the list and the link to more. Replaced in place by finder.js. */
export function ResultsSection({ values, results, paged, map, ukTimeNote }: { values: FinderFormValues; results: FinderResults; paged: boolean; map: MapSettings; ukTimeNote: string }) {
  const located = results.meetings.filter((m) => m.distanceKm !== null);
  const online = results.meetings.filter((m) => m.distanceKm === null);
  const count = results.meetings.length;
  const summary = summaryText(results, located.length, online.length, paged);
  return (
    <section aria-labelledby="finder-results-title" className="finder-results" data-count={count}>
      <h2 id="finder-results-title">{results.place ? `Meetings near ${results.place.label}` : 'Meetings you can join online'}</h2>
      <p id="finder-summary">{summary}</p>
      {count === 0 && results.place ? (
        <p>
          <a href="/meetings?attendance=online">See meetings you can join online</a>
        </p>
      ) : null}
      {located.length > 0 ? (
        <>
          <MeetingMap
            id="finder-map"
            pins={located.map((m, i) => ({ latitude: m.location!.latitude, longitude: m.location!.longitude, label: String(i + 1) }))}
            origin={results.place ?? undefined}
            tileUrl={map.tileUrl}
            attribution={map.attribution}
            description={`Map of the ${located.length} ${located.length === 1 ? 'meeting' : 'meetings'} in the list below${results.place ? ` near ${results.place.label}` : ''}`}
          />
          <ol className="finder-list" id="finder-list">
            {located.map((m) => (
              <MeetingCard key={m.slug} meeting={m} />
            ))}
          </ol>
        </>
      ) : null}
      {online.length > 0 ? (
        <>
          {results.place ? <h3 className="finder-online-title">Online meetings</h3> : null}
          <p className="finder-time-note">{ukTimeNote}</p>
          <ul className="finder-list finder-list-online" id="finder-online-list">
            {online.map((m) => (
              <MeetingCard key={m.slug} meeting={m} />
            ))}
          </ul>
        </>
      ) : null}
      <p className="finder-more">
        {results.nextCursor ? (
          <a className="button button-secondary" href={`/meetings?${finderQueryString(values, { cursor: results.nextCursor })}`} id="finder-next">
            More meetings
          </a>
        ) : null}
        {paged ? <a href={`/meetings?${finderQueryString(values)}`}>Back to the first meetings</a> : null}
      </p>
      {count > 0 && results.place ? (
        <p className="finder-noprint">
          <a href={`/meetings/print?${finderQueryString(values)}`}>Printable list of these meetings</a>
        </p>
      ) : null}
    </section>
  );
}

const meetingsWord = (n: number) => (n === 1 ? 'meeting' : 'meetings');

/** What the search found, in words: only public meetings are ever counted. */
function summaryText(results: FinderResults, located: number, online: number, paged: boolean): string {
  const more = results.nextCursor ? ' or more' : '';
  const onlineMore = results.nextCursor && online > 0 ? ' or more' : '';
  if (!results.place) {
    if (online === 0) return 'No meetings you can join online match. Try fewer filters.';
    return `${paged ? 'More: ' : ''}${online}${more} ${meetingsWord(online)} you can join online.`;
  }
  const where = `within ${results.radiusKm} km of ${results.place.label}`;
  if (located === 0 && online === 0) return `No meetings found ${where}. Try a bigger distance or fewer filters.`;
  const parts: string[] = [];
  if (located > 0) parts.push(`${paged ? 'More: ' : ''}${located}${online > 0 ? '' : more} ${meetingsWord(located)} ${where}, nearest first`);
  else parts.push(`No meetings with a place ${where}`);
  if (online > 0) parts.push(`${located > 0 ? 'and ' : ''}${online}${onlineMore} online ${meetingsWord(online)}`);
  return `${parts.join(', ')}.`;
}

function attendanceText(m: PublicMeeting): string {
  if (m.attendance === 'online') return 'Online';
  if (m.attendance === 'hybrid') return 'In person and online';
  return 'In person';
}

function placeText(m: PublicMeeting): string | null {
  if (!m.location) return null;
  return [m.location.venueName, m.location.address, m.location.postcode].filter(Boolean).join(', ');
}

function MeetingCard({ meeting: m }: { meeting: PublicMeeting }) {
  const audiences = audienceNames(m.audiences);
  const place = placeText(m);
  return (
    <li className="finder-result">
      <h3 className="finder-result-title">
        <a href={m.url}>{m.name}</a>
      </h3>
      <p className="finder-when">
        {formatSchedule({ frequency: m.frequency, day: m.day, week_of_month: m.weekOfMonth })}, {formatTimes(m.time, m.endTime)}
      </p>
      <ul className="finder-facts">
        {m.distanceKm !== null ? <li>{formatDistance(m.distanceKm)} away</li> : null}
        <li>{attendanceText(m)}</li>
        <li>{m.programmeName}</li>
        {audiences.length > 0 ? <li>For: {audiences.join(', ')}</li> : null}
      </ul>
      {place ? <p className="finder-where">{place}</p> : null}
    </li>
  );
}

// ---- One meeting ----

export interface MeetingPageProps {
  meeting: PublicMeetingDetail;
  map: MapSettings;
  ukTimeNote: string;
  signedIn: boolean;
}

function directionsUrl(latitude: number, longitude: number): string {
  return `https://www.openstreetmap.org/directions?route=%3B${latitude}%2C${longitude}`;
}

export function MeetingPage({ meeting: m, map, ukTimeNote, signedIn }: MeetingPageProps) {
  const audiences = audienceNames(m.audiences);
  const place = m.location;
  return (
    <Layout title={m.name} signedIn={signedIn} head={FEED_LINK}>
      <a className="back-link finder-noprint" href="/meetings">
        Find another meeting
      </a>
      <h1>{m.name}</h1>
      <p className="lead">{m.programmeName}</p>
      <dl className="summary finder-summary-list">
        <Row label="When">
          {formatSchedule({ frequency: m.frequency, day: m.day, week_of_month: m.weekOfMonth })}, {formatTimes(m.time, m.endTime)}
          <span className="finder-time-note-inline">{ukTimeNote}</span>
        </Row>
        <Row label="How to take part">{attendanceText(m)}</Row>
        <Row label="Who it is for">
          {audiences.length > 0
            ? `${audiences.join(', ')}. Open to anyone in this group who wants to change an addictive behaviour.`
            : 'Open to anyone who wants to change an addictive behaviour.'}
        </Row>
        {m.endsOn ? <Row label="Last meeting">{m.endsOn}</Row> : null}
      </dl>
      {m.description ? <p className="preserve-lines">{m.description}</p> : null}
      <p>
        <a className="button" href={m.calendarUrl} id="meeting-calendar">
          Add to calendar
        </a>{' '}
        <span className="hint">A calendar file (.ics) for your phone or computer.</span>
      </p>

      {place ? (
        <section aria-labelledby="meeting-where">
          <h2 id="meeting-where">Where</h2>
          <address className="finder-address">
            {place.venueName}
            {place.address ? (
              <>
                <br />
                <span className="preserve-lines">{place.address}</span>
              </>
            ) : null}
            {place.postcode ? (
              <>
                <br />
                {place.postcode}
              </>
            ) : null}
          </address>
          {place.approximate ? <p className="hint">The pin on the map marks the postcode, not the door.</p> : null}
          <MeetingMap
            id="meeting-map"
            pins={[{ latitude: place.latitude, longitude: place.longitude, label: '' }]}
            tileUrl={map.tileUrl}
            attribution={map.attribution}
            description={`Map showing where the meeting is: ${[place.venueName, place.postcode].filter(Boolean).join(', ')}`}
          />
          <p>
            <a href={directionsUrl(place.latitude, place.longitude)} id="meeting-directions">
              Get directions on OpenStreetMap
            </a>
          </p>
        </section>
      ) : null}

      {m.online ? (
        <section aria-labelledby="meeting-online">
          <h2 id="meeting-online">Joining online</h2>
          <p>{ukTimeNote}</p>
          <ul>
            {m.online.url ? (
              <li>
                <a href={m.online.url} rel="noopener noreferrer" id="meeting-join">
                  Join the meeting online
                </a>{' '}
                <span className="finder-url">({m.online.url})</span>
              </li>
            ) : null}
            {m.online.phone ? (
              <li>
                Join by phone: <a href={`tel:${m.online.phone.replace(/[^\d+]/g, '')}`}>{m.online.phone}</a>
              </li>
            ) : null}
          </ul>
          {m.online.notes ? <p className="preserve-lines">{m.online.notes}</p> : null}
        </section>
      ) : null}

      <WhatToExpect />
    </Layout>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="summary-row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** Sections 2, 8 and 9 of the Partnership Guidance, for someone going for the first time. */
function WhatToExpect() {
  return (
    <section aria-labelledby="what-to-expect" className="finder-expect">
      <h2 id="what-to-expect">What to expect at a SMART meeting</h2>
      <ul>
        <li>Meetings are free. You do not need to be referred, and you do not have to speak.</li>
        <li>
          A trained facilitator leads the meeting. It starts with a check-in, where each person can say how things have gone since last
          time, or pass.
        </li>
        <li>
          The group agrees what to talk about and works through it with at least one SMART tool, drawn from the 4-Point Programme: building
          and keeping motivation, coping with urges, managing thoughts, feelings and behaviours, and living a balanced life.
        </li>
        <li>It ends with a check-out and pointers to other help and resources.</li>
        <li>
          SMART does not use labels such as &lsquo;addict&rsquo; or &lsquo;alcoholic&rsquo;. You are free to use any other support that helps
          you, including other mutual-aid groups.
        </li>
      </ul>
    </section>
  );
}

// ---- The printable list ----

export interface PrintPageProps {
  title: string;
  meetings: PublicMeeting[];
  more: boolean;
  ukTimeNote: string;
  signedIn: boolean;
  /** The finder search it was made from, to go back to. */
  backHref: string;
  /** The site's address, so a printed page says where to look. */
  publicUrl: string;
}

/** A plain list by day of the week, for a notice board or a leaflet rack. */
export function PrintPage({ title, meetings, more, ukTimeNote, signedIn, backHref, publicUrl }: PrintPageProps) {
  const days = DAYS_MONDAY_FIRST.map((day) => ({ day, meetings: meetings.filter((m) => m.day === day) })).filter((d) => d.meetings.length > 0);
  return (
    <Layout title={title} signedIn={signedIn} head={FEED_LINK}>
      <a className="back-link finder-noprint" href={backHref}>
        Back to the meeting finder
      </a>
      <h1>{title}</h1>
      <p>
        SMART Recovery meetings are free and open to anyone who wants to change an addictive behaviour. {ukTimeNote} The latest details are at{' '}
        {publicUrl}/meetings.
      </p>
      {days.length === 0 ? <p>No meetings found. Try the meeting finder with a bigger distance or fewer filters.</p> : null}
      {days.map(({ day, meetings: list }) => (
        <section key={day} aria-labelledby={`print-day-${day}`} className="finder-print-day">
          <h2 id={`print-day-${day}`}>{DAY_NAMES[day]}</h2>
          <ul className="finder-print-list">
            {list.map((m) => (
              <li key={m.slug}>
                <strong>{formatTimes(m.time, m.endTime)}</strong> {m.name}
                {m.frequency !== 'weekly' ? ` (${formatScheduleInSentence({ frequency: m.frequency, day: m.day, week_of_month: m.weekOfMonth })})` : ''}
                <br />
                {placeText(m) ?? 'Online'}
                {m.attendance === 'hybrid' ? ' (also online)' : ''}
                {m.distanceKm !== null ? ` – ${formatDistance(m.distanceKm)}` : ''}
                {audienceNames(m.audiences).length > 0 ? <> – for {audienceNames(m.audiences).join(', ')}</> : null}
                <br />
                <span className="finder-url">
                  {publicUrl}
                  {m.url}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ))}
      {more ? <p>There are more meetings than fit on this list: use the meeting finder to see them all.</p> : null}
    </Layout>
  );
}
