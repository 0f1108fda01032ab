import { type FormEvent, useEffect, useRef, useState } from 'react';
import { londonDate } from '../../../../domain/iso-date.js';
import { PROGRAMMES, REGIONS } from '../../../../domain/reference.js';
import type { CurrentUserResponse } from '../../../../shared/schemas/auth.js';
import { MEETING_STATUSES, type RegisteredMeeting, type MeetingSummary } from '../../../../shared/schemas/meetings.js';
import { api, ApiError } from '../../../app/api.js';
import { formatDateTime } from '../../../app/format.js';
import { useApi } from '../../../app/use-api.js';
import { ErrorMessage, Loading, Page } from '../../../components/ui/page.js';
import { apiFieldErrors, currentFromConflict, etagOf, type TaggedMeeting, useMeeting } from '../api/meetings-api.js';
import { emptyMeetingValues, newMeetingFromValues, rebaseValues, updateFromValues, valuesFromMeeting, type MeetingFormValues } from '../meeting-form-values.js';
import {
  ACCESS_NAMES,
  ATTENDANCE_NAMES,
  audienceLabel,
  type Change,
  changesBetween,
  dateText,
  listingSummary,
  nationLabel,
  placeText,
  PROVIDER_NAMES,
  scheduleText,
  STATUS_NAMES,
} from '../meeting-text.js';
import { Field, type FieldErrors, SelectField } from '../../../components/ui/field.js';
import { useOptionalApi } from './form-parts.js';
import { MeetingForm, type SubmitOutcome } from './meeting-form.js';

const meetingPath = (id: string) => `/portal/meetings/${encodeURIComponent(id)}`;

/** Who may register a meeting (the API's registersMeetings policy): not Community Coordinators. */
export const mayRegister = (me: CurrentUserResponse) => me.role !== 'coordinator';

interface MeetingList {
  items: MeetingSummary[];
  total: number;
}

/**
 * The meetings a person may see: a facilitator's or SMART Lead's organisation's, a Coordinator's
 * region, all of them for Central Office (filterable). Each says whether it is publicly listed and,
 * if not, why.
 */
export function MeetingsPage({ me }: { me: CurrentUserResponse }) {
  const params = new URLSearchParams(window.location.search);
  const wide = me.role === 'central_office' || me.role === 'coordinator';
  const filter = {
    status: MEETING_STATUSES.find((s) => s === params.get('status')) ?? '',
    programme: PROGRAMMES.find((p) => p.code === params.get('programme'))?.code ?? '',
    region: wide ? (REGIONS.find((r) => r.code === params.get('region'))?.code ?? '') : '',
    provider: wide ? (['partner', 'uksr'].find((p) => p === params.get('provider')) ?? '') : '',
    organisationId: me.role === 'central_office' ? /^[0-9a-f-]{36}$/.exec(params.get('organisationId') ?? '')?.[0] ?? '' : '',
  };
  const query = new URLSearchParams({ limit: '200' });
  for (const [key, value] of Object.entries(filter)) if (value) query.set(key, value);
  const result = useApi<MeetingList>(`/registered-meetings?${query}`);
  const organisations = useOptionalApi<{ items: { id: string; name: string }[] }>(me.role === 'central_office' ? '/organisations?limit=200' : null);
  const filtered = Object.values(filter).some(Boolean);
  return (
    <Page title="Meetings">
      <p>
        {me.role === 'central_office'
          ? 'Every registered meeting.'
          : me.role === 'coordinator'
            ? 'Meetings in your region.'
            : 'Your organisation’s meetings, and any meeting you facilitate.'}{' '}
        Section 6, step 6: every meeting is registered, and each is publicly listed only while the listing rules are met.
      </p>
      {mayRegister(me) ? (
        <p>
          <a className="button" href="/portal/meetings/new">
            Register a meeting
          </a>
        </p>
      ) : null}
      <form method="get" action="/portal/meetings" className="filters" aria-label="Filter meetings">
        <SelectField id="filter-status" name="status" label="Status" defaultValue={filter.status} placeholder="Any" options={MEETING_STATUSES.map((s) => ({ value: s, label: STATUS_NAMES[s] }))} />
        <SelectField id="filter-programme" name="programme" label="Programme" defaultValue={filter.programme} placeholder="Any" options={PROGRAMMES.map((p) => ({ value: p.code, label: p.name }))} />
        {wide ? (
          <>
            <SelectField id="filter-region" name="region" label="Region" defaultValue={filter.region} placeholder="Any" options={REGIONS.map((r) => ({ value: r.code, label: r.name }))} />
            <SelectField
              id="filter-provider"
              name="provider"
              label="Provided by"
              defaultValue={filter.provider}
              placeholder="Anyone"
              options={[
                { value: 'partner', label: 'Partner organisations' },
                { value: 'uksr', label: 'UKSR (community peer-led)' },
              ]}
            />
          </>
        ) : null}
        {organisations?.state === 'ready' ? (
          <SelectField
            id="filter-organisation"
            name="organisationId"
            label="Organisation"
            defaultValue={filter.organisationId}
            placeholder="Any"
            options={organisations.data.items.map((o) => ({ value: o.id, label: o.name }))}
          />
        ) : null}
        <div className="field">
          <button type="submit" className="button-secondary">
            Show meetings
          </button>
        </div>
      </form>
      {result.state === 'loading' ? <Loading /> : null}
      {result.state === 'error' ? <ErrorMessage message={result.message} /> : null}
      {result.state === 'ready' && result.data.total === 0 ? <p>{filtered ? 'No meetings match these choices.' : 'No meetings are registered yet.'}</p> : null}
      {result.state === 'ready' && result.data.total > 0 ? (
        <table className="stacked-table meeting-list">
          <caption className="visually-hidden">Meetings ({result.data.total})</caption>
          <thead>
            <tr>
              <th scope="col">Meeting</th>
              <th scope="col">When</th>
              <th scope="col">Where</th>
              <th scope="col">Status</th>
              <th scope="col">Publicly listed</th>
            </tr>
          </thead>
          <tbody>
            {result.data.items.map((m) => (
              <tr key={m.id}>
                {/* data-label names the column on a phone, where each row is shown as a block (public/site.css). */}
                <td data-label="Meeting">
                  <a href={meetingPath(m.id)}>{m.name}</a>
                  <span className="rule">
                    {m.programmeName}; {ACCESS_NAMES[m.access]?.toLowerCase()}
                    {m.organisationName && me.role !== 'smart_lead' ? `; ${m.organisationName}` : ''}
                  </span>
                </td>
                <td data-label="When">{scheduleText(m)}</td>
                <td data-label="Where">
                  {placeText(m)}
                  {m.attendance !== 'in_person' ? <span className="rule">{ATTENDANCE_NAMES[m.attendance]}</span> : null}
                </td>
                <td data-label="Status">{STATUS_NAMES[m.status]}</td>
                <td data-label="Publicly listed">{listingSummary(m)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Page>
  );
}

/** What the API's refusal says, as the form shows it: the message, and each reason against its field. */
function outcomeOf(error: unknown, fallback: string): SubmitOutcome {
  const errors = apiFieldErrors(error);
  if (error instanceof ApiError && error.status === 404) {
    return { message: 'The organisation, site or a facilitator chosen is not one you can register meetings for.', errors };
  }
  return { message: error instanceof ApiError ? error.message : fallback, errors };
}

/** Section 6, step 6: a qualified facilitator, their SMART Lead or Central Office registers a meeting. */
export function RegisterMeetingPage({ me }: { me: CurrentUserResponse }) {
  const provider = me.role === 'central_office' ? '' : me.role === 'facilitator' && !me.organisationId ? 'uksr' : 'partner';
  const [values, setValues] = useState<MeetingFormValues>(() => emptyMeetingValues(provider, me.role === 'central_office' ? null : me.organisationId));
  if (!mayRegister(me)) {
    return (
      <Page title="Register a meeting">
        <p>Meetings are registered by their facilitators, their SMART Lead or Central Office.</p>
      </Page>
    );
  }
  async function submit(v: MeetingFormValues): Promise<SubmitOutcome | null> {
    const checked = newMeetingFromValues(v);
    if (!checked.ok) return { message: 'Some of the details need changing before the meeting can be registered.', errors: checked.errors };
    try {
      const meeting = await api<RegisteredMeeting>('/registered-meetings', { method: 'POST', body: JSON.stringify(checked.body) });
      window.location.assign(`${meetingPath(meeting.id)}?registered=1`);
      return null;
    } catch (e) {
      return outcomeOf(e, 'The meeting could not be registered.');
    }
  }
  return (
    <Page title="Register a meeting">
      <p>
        Section 6, step 6: once qualified, facilitators register their meeting and choose whether it is publicly listed. Every meeting must be
        registered, including closed ones, so UKSR can support its facilitators and see where meetings are needed.
      </p>
      <p>
        <a href="/portal/meetings">Back to meetings</a>
      </p>
      <MeetingForm me={me} mode="register" values={values} onChange={setValues} onSubmit={submit} submitLabel="Register the meeting" />
    </Page>
  );
}

/** One meeting: every detail, its facilitators, whether it is listed and why not, and changing or closing it. */
export function MeetingPage({ me, id }: { me: CurrentUserResponse; id: string }) {
  const [reload, setReload] = useState(0);
  const loaded = useMeeting(id, reload);
  const [tagged, setTagged] = useState<TaggedMeeting | null>(null);
  const [notice, setNotice] = useState<string | null>(() => (new URLSearchParams(window.location.search).get('registered') ? 'The meeting is registered.' : null));
  useEffect(() => {
    if (loaded.state === 'ready') setTagged(loaded.data);
  }, [loaded]);

  if (!tagged) {
    if (loaded.state === 'error') {
      return loaded.status === 404 ? (
        <Page title="Meeting not found">
          <p>There is no meeting here that you can see.</p>
          <p>
            <a href="/portal/meetings">Back to meetings</a>
          </p>
        </Page>
      ) : (
        <ErrorMessage message={loaded.message} />
      );
    }
    return <Loading />;
  }
  const m = tagged.meeting;
  const running = m.status === 'running';
  return (
    <Page title={m.name}>
      <p>
        <a href="/portal/meetings">Back to meetings</a>
      </p>
      <div role="status">{notice ? <p className="notice">{notice}</p> : null}</div>
      <ListingStatus m={m} canRecordException={me.role === 'central_office'} />
      <MeetingDetails m={m} canOpenFacilitators={me.role !== 'facilitator'} />
      {m.canEdit && running ? (
        <EditMeeting
          me={me}
          tagged={tagged}
          onSaved={(next) => {
            setTagged(next);
            setNotice('Your changes are saved.');
          }}
          onConflict={(next) => {
            setTagged(next);
            setNotice(null);
          }}
        />
      ) : null}
      {m.canEdit && running ? (
        <CloseMeeting
          tagged={tagged}
          onClosed={(next) => {
            setTagged(next);
            setNotice('The meeting is closed down. It is no longer listed, and the updates team has been told.');
          }}
          onStale={() => setReload((n) => n + 1)}
        />
      ) : null}
      {me.role === 'central_office' ? <MeetingHistory id={m.id} version={m.version} /> : null}
    </Page>
  );
}

function ListingStatus({ m, canRecordException }: { m: RegisteredMeeting; canRecordException: boolean }) {
  const { listing } = m;
  const unlicensed = listing.reasons.some((r) => r.code === 'site_not_licensed') && m.organisationId && m.siteId;
  return (
    <section aria-labelledby="listing-title">
      <h2 id="listing-title">Public listing</h2>
      {listing.publiclyVisible ? (
        <p>
          <strong>Listed publicly.</strong> People can find it on the meeting finder
          {listing.publicPath ? (
            <>
              {' '}
              at <a href={listing.publicPath}>its public page</a>
            </>
          ) : null}
          .
        </p>
      ) : (
        <>
          <p>
            <strong>Not listed publicly</strong>
            {listing.reasons.length ? ', because:' : '.'}
          </p>
          {listing.reasons.length ? (
            <ul>
              {listing.reasons.map((r, i) => (
                <li key={`${r.code}-${r.facilitatorId ?? i}`}>
                  {r.message}
                  {r.facilitatorId ? ` (${m.facilitators.find((f) => f.id === r.facilitatorId)?.name ?? 'a facilitator'})` : ''}
                  {r.because?.length ? (
                    <ul>
                      {r.because.map((b) => (
                        <li key={b.code + b.message}>{b.message}</li>
                      ))}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      )}
      {unlicensed && canRecordException ? (
        <p>
          If Central Office has agreed this meeting here in advance,{' '}
          <a href={`/portal/site-exceptions?organisationId=${encodeURIComponent(m.organisationId!)}&siteId=${encodeURIComponent(m.siteId!)}`}>record the site exception</a>.
        </p>
      ) : null}
      {listing.checkedOn ? <p className="hint">Listing rules last checked on {dateText(listing.checkedOn)}.</p> : null}
    </section>
  );
}

function MeetingDetails({ m, canOpenFacilitators }: { m: RegisteredMeeting; canOpenFacilitators: boolean }) {
  return (
    <section aria-labelledby="details-title">
      <h2 id="details-title">Details</h2>
      <dl>
        <dt>Status</dt>
        <dd>{STATUS_NAMES[m.status]}</dd>
        <dt>Programme</dt>
        <dd>{m.programmeName}</dd>
        <dt>Provided by</dt>
        <dd>{m.provider === 'partner' ? (m.organisationName ?? PROVIDER_NAMES.partner) : PROVIDER_NAMES.uksr}</dd>
        <dt>Where</dt>
        <dd>
          {placeText(m)}
          {m.venueAddress ? <span className="rule">{m.venueAddress}</span> : null}
          <span className="rule">
            {m.regionName}, {nationLabel(m.nation)}
          </span>
        </dd>
        <dt>How people attend</dt>
        <dd>{ATTENDANCE_NAMES[m.attendance]}</dd>
        {m.onlineUrl ? (
          <>
            <dt>Meeting link</dt>
            <dd>{m.onlineUrl}</dd>
          </>
        ) : null}
        {m.onlinePhone ? (
          <>
            <dt>Phone number to join</dt>
            <dd>{m.onlinePhone}</dd>
          </>
        ) : null}
        {m.onlineNotes ? (
          <>
            <dt>Joining notes</dt>
            <dd>{m.onlineNotes}</dd>
          </>
        ) : null}
        <dt>When</dt>
        <dd>{scheduleText(m)}</dd>
        <dt>First meeting</dt>
        <dd>{dateText(m.startsOn)}</dd>
        <dt>Last meeting</dt>
        <dd>{m.endsOn ? dateText(m.endsOn) : 'Carries on'}</dd>
        <dt>Open or closed</dt>
        <dd>{ACCESS_NAMES[m.access]}</dd>
        <dt>Who it is for</dt>
        <dd>{m.audiences.length ? m.audiences.map(audienceLabel).join(', ') : 'Anyone'}</dd>
        <dt>Listed publicly (your choice)</dt>
        <dd>{m.listedPublicly ? 'Yes' : 'No'}</dd>
        {m.description ? (
          <>
            <dt>Description</dt>
            <dd className="preserve-lines">{m.description}</dd>
          </>
        ) : null}
        <dt>Map pin</dt>
        <dd>
          {m.latitude !== null && m.longitude !== null
            ? `${m.latitude}, ${m.longitude} (${m.pinSetByHand ? 'placed by hand' : m.locationApproximate ? 'the centre of the postcode' : 'from the postcode'})`
            : 'Not placed yet: the postcode was not found'}
        </dd>
        <dt>Last changed</dt>
        <dd>{formatDateTime(m.updatedAt)}</dd>
      </dl>
      <h3>Facilitators</h3>
      {m.facilitators.length === 0 ? (
        <p>No facilitators.</p>
      ) : (
        <ul>
          {m.facilitators.map((f) => (
            <li key={f.id}>{canOpenFacilitators ? <a href={`/portal/facilitators/${encodeURIComponent(f.id)}`}>{f.name}</a> : f.name}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * Changing a meeting sends If-Match with the ETag it was read with. If someone else saved first
 * (412), the page says what they changed, keeps everything typed, and a second save applies it on
 * top of their version.
 */
function EditMeeting({ me, tagged, onSaved, onConflict }: { me: CurrentUserResponse; tagged: TaggedMeeting; onSaved: (next: TaggedMeeting) => void; onConflict: (next: TaggedMeeting) => void }) {
  const [base, setBase] = useState<TaggedMeeting>(tagged);
  const [values, setValues] = useState<MeetingFormValues>(() => valuesFromMeeting(tagged.meeting));
  const [changes, setChanges] = useState<Change[] | null>(null);
  const [open, setOpen] = useState(false);
  const changesRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (changes) changesRef.current?.focus();
  }, [changes]);

  async function submit(v: MeetingFormValues): Promise<SubmitOutcome | null> {
    const checked = updateFromValues(v, base.meeting);
    if (!checked.ok) return { message: 'Some of the details need changing before they can be saved.', errors: checked.errors };
    if (Object.keys(checked.body).length === 0) return { message: 'Nothing has changed yet: change a detail, then save.', errors: {} };
    try {
      const meeting = await api<RegisteredMeeting>(`/registered-meetings/${encodeURIComponent(base.meeting.id)}`, {
        method: 'PATCH',
        headers: { 'If-Match': base.etag },
        body: JSON.stringify(checked.body),
      });
      const next = { meeting, etag: etagOf(meeting.version) };
      setBase(next);
      setValues(valuesFromMeeting(meeting));
      setChanges(null);
      setOpen(false);
      onSaved(next);
      return null;
    } catch (e) {
      const current = currentFromConflict(e);
      if (current) {
        // Their version becomes the one edited; what this person typed stays in the form, and
        // what they left alone takes the other person's value.
        setChanges(changesBetween(base.meeting, current));
        setValues(rebaseValues(v, base.meeting, current));
        const next = { meeting: current, etag: etagOf(current.version) };
        setBase(next);
        // The details above the form show the meeting as it now is.
        onConflict(next);
        return null;
      }
      return outcomeOf(e, 'The changes could not be saved.');
    }
  }

  return (
    <details className="manage" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Change the meeting</summary>
      <MeetingForm
        me={me}
        mode="edit"
        values={values}
        onChange={setValues}
        onSubmit={submit}
        base={base.meeting}
        submitLabel="Save the changes"
        before={
          changes ? (
            <div className="error-summary" role="alert" tabIndex={-1} ref={changesRef} aria-labelledby="changed-title">
              <h2 id="changed-title">Someone else changed this meeting while you were editing it</h2>
              {changes.length ? (
                <>
                  <p>They changed:</p>
                  <ul>
                    {changes.map((c) => (
                      <li key={c.label}>
                        {c.label}: was “{c.was || 'not given'}”, now “{c.now || 'not given'}”
                      </li>
                    ))}
                  </ul>
                </>
              ) : (
                <p>Their save changed nothing you can see here.</p>
              )}
              <p>Your changes are still in the form below and have not been saved. Check them against theirs, then save again.</p>
            </div>
          ) : null
        }
      />
    </details>
  );
}

/** Closing a meeting down, after a confirmation: it is never listed again and the updates team is told. */
function CloseMeeting({ tagged, onClosed, onStale }: { tagged: TaggedMeeting; onClosed: (next: TaggedMeeting) => void; onStale: () => void }) {
  // Today, or the first meeting if that is still to come (a meeting cannot end before it starts).
  const [closedOn, setClosedOn] = useState(() => {
    const today = londonDate(new Date());
    return tagged.meeting.startsOn > today ? tagged.meeting.startsOn : today;
  });
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const confirmRef = useRef<HTMLDivElement>(null);
  const messageRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  useEffect(() => {
    if (message) messageRef.current?.focus();
  }, [message]);

  function ask(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    setConfirming(true);
  }
  async function close() {
    setBusy(true);
    try {
      const meeting = await api<RegisteredMeeting>(`/registered-meetings/${encodeURIComponent(tagged.meeting.id)}/close`, {
        method: 'POST',
        headers: { 'If-Match': tagged.etag },
        body: JSON.stringify({ closedOn, ...(reason.trim() ? { reason: reason.trim() } : {}) }),
      });
      onClosed({ meeting, etag: etagOf(meeting.version) });
    } catch (e) {
      setConfirming(false);
      setErrors(apiFieldErrors(e));
      if (e instanceof ApiError && e.status === 412) {
        setMessage('Someone else changed this meeting since you opened it. The page now shows their changes; check them, then close it again.');
        onStale();
      } else setMessage(e instanceof ApiError ? e.message : 'The meeting could not be closed.');
    } finally {
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby="close-title">
      <h2 id="close-title">Close the meeting</h2>
      <p>If the meeting has stopped running, close it down. It comes off the public listings and UKSR’s updates team is told.</p>
      {message ? (
        <p className="error-message" role="alert" tabIndex={-1} ref={messageRef}>
          <span className="visually-hidden">Error: </span>
          {message}
        </p>
      ) : null}
      <form onSubmit={ask} noValidate>
        <Field id="closedOn" label="Date it closes (its last meeting)" error={errors.closedOn}>
          {(aria) => <input {...aria} type="date" value={closedOn} onChange={(e) => setClosedOn(e.target.value)} />}
        </Field>
        <Field id="reason" label="Why is it closing? (optional)" error={errors.reason}>
          {(aria) => <textarea {...aria} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
        {confirming ? null : (
          <button type="submit" className="button-secondary">
            Close the meeting
          </button>
        )}
      </form>
      {confirming ? (
        <div className="notice" role="alertdialog" aria-labelledby="confirm-close" tabIndex={-1} ref={confirmRef}>
          <p id="confirm-close">
            <strong>Close {tagged.meeting.name} down, with its last meeting on {dateText(closedOn) || 'the date given'}?</strong> This cannot be undone: to run
            it again, register it as a new meeting.
          </p>
          <div className="button-row">
            <button type="button" onClick={() => void close()} disabled={busy}>
              Yes, close the meeting
            </button>{' '}
            <button type="button" className="button-secondary" onClick={() => setConfirming(false)}>
              No, keep it running
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}

interface AuditList {
  items: { id: string; at: string; actor: string; action: string }[];
  total: number;
}

const ACTION_NAMES: Record<string, string> = {
  'meeting.registered': 'Registered',
  'meeting.updated': 'Changed',
  'meeting.closed': 'Closed down',
  'meeting.listing_changed': 'Public listing changed',
};

/** Central Office: the meeting's changes and closure from the audit trail. */
function MeetingHistory({ id, version }: { id: string; version: number }) {
  const result = useApi<AuditList>(`/audit-events?limit=50&entityId=${encodeURIComponent(id)}&v=${version}`);
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      {result.state === 'loading' ? <Loading /> : null}
      {result.state === 'error' ? <ErrorMessage message={result.message} /> : null}
      {result.state === 'ready' && result.data.items.length === 0 ? <p>Nothing recorded yet.</p> : null}
      {result.state === 'ready' && result.data.items.length > 0 ? (
        <ul>
          {result.data.items
            .filter((e) => !e.action.endsWith('read_refused'))
            .map((e) => (
              <li key={e.id}>
                {formatDateTime(e.at)}: {ACTION_NAMES[e.action] ?? e.action}, by {e.actor}
              </li>
            ))}
        </ul>
      ) : null}
    </section>
  );
}
