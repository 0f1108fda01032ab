import { type FormEvent, type ReactNode, useRef, useState } from 'react';
import { AUDIENCES } from '../../../../domain/meetings/audiences.js';
import { NATIONS, PROGRAMMES } from '../../../../domain/reference.js';
import type { CurrentUserResponse } from '../../../../shared/schemas/auth.js';
import { DAY_NAMES, WEEKS_OF_MONTH, type RegisteredMeeting } from '../../../../shared/schemas/meetings.js';
import type { OrganisationResponse } from '../../../../shared/schemas/organisations.js';
import type { FacilitatorListResponse, FacilitatorResponse } from '../../../../shared/schemas/people.js';
import type { MeetingFormValues } from '../meeting-form-values.js';
import { ATTENDANCE_NAMES, CLOSED_NEVER_LISTED, VENUE_KIND_NAMES, WEEK_NAMES } from '../meeting-text.js';
import { Choices, ErrorSummary, Field, type FieldErrors } from '../../../components/ui/field.js';
import { useOptionalApi } from './form-parts.js';

/** Labels for the error summary, so each link says which field it is about. */
const LABELS: Record<string, string> = {
  provider: 'Who provides it',
  organisationId: 'Organisation',
  siteId: 'Site',
  venueName: 'Venue name',
  venueAddress: 'Venue address',
  venuePostcode: 'Venue postcode',
  venueKind: 'Kind of venue',
  venueNation: 'Nation',
  name: 'Meeting name',
  programme: 'Programme',
  attendance: 'How people attend',
  onlineUrl: 'Meeting link',
  onlinePhone: 'Phone number to join',
  onlineNotes: 'Joining notes',
  frequency: 'How often',
  day: 'Day',
  weekOfMonth: 'Week of the month',
  startTime: 'Start time',
  endTime: 'End time',
  startsOn: 'First meeting',
  endsOn: 'Last meeting',
  access: 'Open or closed',
  audiences: 'Who it is for',
  listedPublicly: 'Listed publicly',
  description: 'Description',
  latitude: 'Latitude',
  longitude: 'Longitude',
  facilitatorIds: 'Facilitators',
};

export interface SubmitOutcome {
  message: string;
  errors: FieldErrors;
}

interface Person {
  id: string;
  name: string;
}

/** Who may facilitate: the organisation's facilitators, UKSR's active volunteers, or (for a facilitator) themselves. */
function facilitatorsPath(me: CurrentUserResponse, provider: string, organisationId: string): string | null {
  if (me.role === 'facilitator') return '/facilitators/me';
  if (provider === 'uksr') return '/volunteers?status=active';
  if (provider === 'partner' && organisationId) return `/facilitators?organisationId=${encodeURIComponent(organisationId)}&limit=200`;
  return null;
}

function peopleFrom(data: unknown): Person[] {
  if (!data || typeof data !== 'object') return [];
  if ('items' in data && Array.isArray(data.items)) {
    return (data.items as (FacilitatorListResponse['items'][number] | { facilitatorId: string; name: string })[]).map((p) => ('facilitatorId' in p ? { id: p.facilitatorId, name: p.name } : { id: p.id, name: p.name }));
  }
  const me = data as FacilitatorResponse;
  return me.id ? [{ id: me.id, name: me.name }] : [];
}

/**
 * The meeting form, for registering and for changing a meeting (Section 6 step 6, Sections 8 and 9).
 * Every value is held as typed; a refusal shows its reason beside the field and keeps them all.
 */
export function MeetingForm({
  me,
  mode,
  values,
  onChange,
  onSubmit,
  base,
  submitLabel,
  before,
}: {
  me: CurrentUserResponse;
  mode: 'register' | 'edit';
  values: MeetingFormValues;
  onChange: (values: MeetingFormValues) => void;
  onSubmit: (values: MeetingFormValues) => Promise<SubmitOutcome | null>;
  base?: RegisteredMeeting;
  submitLabel: string;
  before?: ReactNode;
}) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const summary = useRef<HTMLDivElement>(null);
  const v = values;
  const set = (patch: Partial<MeetingFormValues>) => onChange({ ...v, ...patch });
  const toggle = (list: string[], value: string, checked: boolean) => (checked ? [...list.filter((x) => x !== value), value] : list.filter((x) => x !== value));

  const choosesOrganisation = mode === 'register' && v.provider === 'partner' && (me.role === 'central_office' || me.role === 'coordinator');
  const choosesProvider = mode === 'register' && (me.role === 'central_office' || me.role === 'coordinator');
  const organisations = useOptionalApi<{ items: { id: string; name: string }[] }>(choosesOrganisation ? '/organisations?limit=200' : null);
  const organisation = useOptionalApi<OrganisationResponse>(v.provider === 'partner' && v.organisationId ? `/organisations/${encodeURIComponent(v.organisationId)}` : null);
  const people = useOptionalApi<unknown>(facilitatorsPath(me, v.provider, v.organisationId));

  // Facilitators already on the meeting stay choosable, even if this person cannot list them all.
  const facilitatorChoices: Person[] = [...(people?.state === 'ready' ? peopleFrom(people.data) : [])];
  for (const f of base?.facilitators ?? []) if (!facilitatorChoices.some((p) => p.id === f.id)) facilitatorChoices.push(f);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const outcome = await onSubmit(v);
      setErrors(outcome?.errors ?? {});
      setMessage(outcome?.message ?? null);
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  const online = v.attendance === 'online' || v.attendance === 'hybrid';
  const closed = v.access === 'closed';

  return (
    <form onSubmit={submit} noValidate className="meeting-form">
      <ErrorSummary message={message} errors={errors} labels={LABELS} focusRef={summary} attempt={attempt} />
      {before}

      {choosesProvider ? (
        <Choices
          name="provider"
          legend="Who provides the meeting?"
          type="radio"
          error={errors.provider}
          selected={v.provider}
          onChange={(value) => set({ provider: value as MeetingFormValues['provider'], siteId: '', facilitatorIds: [] })}
          choices={[
            { value: 'partner', label: 'A partner organisation, at one of its sites' },
            { value: 'uksr', label: 'UKSR: a community peer-led meeting', hint: 'Open to all, facilitated by UKSR volunteer facilitators, at a community venue (Section 9).' },
          ]}
        />
      ) : null}

      <Field id="name" label="Meeting name" error={errors.name} hint="As people will see it, for example “Preston Tuesday evening SMART Recovery”.">
        {(aria) => <input {...aria} type="text" autoComplete="off" value={v.name} onChange={(e) => set({ name: e.target.value })} />}
      </Field>

      <Choices
        name="programme"
        legend="Programme"
        type="radio"
        error={errors.programme}
        selected={v.programme}
        onChange={(value) => set({ programme: value })}
        choices={PROGRAMMES.map((p) => ({ value: p.code, label: p.name }))}
      />

      <h2>Where</h2>
      {v.provider === 'partner' ? (
        <>
          {choosesOrganisation ? (
            <Field id="organisationId" label="Organisation" error={errors.organisationId}>
              {(aria) => (
                <select {...aria}
                  value={v.organisationId}
                  onChange={(e) => set({ organisationId: e.target.value, siteId: '', facilitatorIds: [] })}
                >
                  <option value="">Choose the organisation</option>
                  {organisations?.state === 'ready'
                    ? organisations.data.items.map((o) => (
                        <option key={o.id} value={o.id}>
                          {o.name}
                        </option>
                      ))
                    : null}
                </select>
              )}
            </Field>
          ) : null}
          <Field
            id="siteId"
            label="Site"
            error={errors.siteId}
            hint="One of the organisation's licensed sites or satellite premises. A meeting anywhere else needs an exception agreed in advance with Central Office (Section 9)."
          >
            {(aria) => (
              <select {...aria} value={v.siteId} onChange={(e) => set({ siteId: e.target.value })}>
                <option value="">{v.organisationId ? 'Choose the site' : 'Choose the organisation first'}</option>
                {organisation?.state === 'ready'
                  ? organisation.data.sites.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name}, {s.postcode}
                      </option>
                    ))
                  : null}
              </select>
            )}
          </Field>
          {organisation?.state === 'error' ? <p className="error-message">The organisation's sites could not be loaded: {organisation.message}</p> : null}
        </>
      ) : null}
      {v.provider === 'uksr' ? (
        <>
          <p>Section 9: community peer-led meetings are held at community venues such as village halls, church halls or fire stations, never at a treatment service or partner organisation.</p>
          <Field id="venueName" label="Venue name" error={errors.venueName}>
            {(aria) => <input {...aria} type="text" autoComplete="off" value={v.venueName} onChange={(e) => set({ venueName: e.target.value })} />}
          </Field>
          <Field id="venueAddress" label="Venue address (optional)" error={errors.venueAddress}>
            {(aria) => <textarea {...aria} rows={3} value={v.venueAddress} onChange={(e) => set({ venueAddress: e.target.value })} />}
          </Field>
          <Field id="venuePostcode" label="Venue postcode" error={errors.venuePostcode}>
            {(aria) => (
              <input {...aria}
                type="text"
                autoComplete="off"
             
                value={v.venuePostcode}
                onChange={(e) => set({ venuePostcode: e.target.value })}
              />
            )}
          </Field>
          <Choices
            name="venueKind"
            legend="What kind of place is the venue?"
            type="radio"
            error={errors.venueKind}
            selected={v.venueKind}
            onChange={(value) => set({ venueKind: value })}
            choices={Object.entries(VENUE_KIND_NAMES).map(([value, label]) => ({ value, label }))}
          />
          <Field id="venueNation" label="Nation (optional)" error={errors.venueNation} hint="Needed only when the postcode area crosses a border, such as TD, CH, HR, LD, NP or SY.">
            {(aria) => (
              <select {...aria} value={v.venueNation} onChange={(e) => set({ venueNation: e.target.value })}>
                <option value="">From the postcode</option>
                {NATIONS.map((n) => (
                  <option key={n.code} value={n.code}>
                    {n.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </>
      ) : null}
      {v.provider === '' ? <p>Say who provides the meeting first.</p> : null}

      <h2>How</h2>
      <Choices
        name="attendance"
        legend="How do people attend?"
        type="radio"
        error={errors.attendance}
        selected={v.attendance}
        onChange={(value) => set({ attendance: value })}
        choices={Object.entries(ATTENDANCE_NAMES).map(([value, label]) => ({ value, label }))}
      />
      {online ? (
        <div className="group">
          <p className="hint" id="online-hint">
            Give the link, a phone number to join by, or both.
          </p>
          <Field id="onlineUrl" label="Meeting link" error={errors.onlineUrl} hint="The full link, starting https://">
            {(aria) => <input {...aria} type="url" inputMode="url" autoComplete="off" value={v.onlineUrl} onChange={(e) => set({ onlineUrl: e.target.value })} />}
          </Field>
          <Field id="onlinePhone" label="Phone number to join (optional if there is a link)" error={errors.onlinePhone}>
            {(aria) => <input {...aria} type="tel" autoComplete="off" value={v.onlinePhone} onChange={(e) => set({ onlinePhone: e.target.value })} />}
          </Field>
          <Field id="onlineNotes" label="Joining notes (optional)" error={errors.onlineNotes} hint="For example a meeting ID or passcode.">
            {(aria) => <textarea {...aria} rows={2} value={v.onlineNotes} onChange={(e) => set({ onlineNotes: e.target.value })} />}
          </Field>
        </div>
      ) : null}

      <h2>When</h2>
      <Choices
        name="frequency"
        legend="How often does it meet?"
        type="radio"
        error={errors.frequency}
        selected={v.frequency}
        onChange={(value) => set({ frequency: value })}
        choices={[
          { value: 'weekly', label: 'Every week' },
          { value: 'fortnightly', label: 'Every other week (fortnightly)' },
          { value: 'monthly', label: 'Once a month' },
        ]}
      />
      <Field id="day" label="Day" error={errors.day}>
        {(aria) => (
          <select {...aria} value={v.day} onChange={(e) => set({ day: e.target.value })}>
            <option value="">Choose the day</option>
            {DAY_NAMES.map((name, i) => (
              <option key={name} value={String(i)}>
                {name}
              </option>
            ))}
          </select>
        )}
      </Field>
      {v.frequency === 'monthly' ? (
        <Field id="weekOfMonth" label="Which week of the month?" error={errors.weekOfMonth}>
          {(aria) => (
            <select {...aria} value={v.weekOfMonth} onChange={(e) => set({ weekOfMonth: e.target.value })}>
              <option value="">Choose the week</option>
              {WEEKS_OF_MONTH.map((w) => (
                <option key={w} value={String(w)}>
                  {WEEK_NAMES[String(w)]}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      <Field id="startTime" label="Start time" error={errors.startTime} hint="24-hour clock, UK time, for example 18:30.">
        {(aria) => <input {...aria} type="time" value={v.startTime} onChange={(e) => set({ startTime: e.target.value })} />}
      </Field>
      <Field id="endTime" label="End time" error={errors.endTime}>
        {(aria) => <input {...aria} type="time" value={v.endTime} onChange={(e) => set({ endTime: e.target.value })} />}
      </Field>
      <Field id="startsOn" label="Date of the first meeting" error={errors.startsOn}>
        {(aria) => <input {...aria} type="date" value={v.startsOn} onChange={(e) => set({ startsOn: e.target.value })} />}
      </Field>
      <Field id="endsOn" label="Date of the last meeting (optional)" error={errors.endsOn} hint="Leave empty if it carries on.">
        {(aria) => <input {...aria} type="date" value={v.endsOn} onChange={(e) => set({ endsOn: e.target.value })} />}
      </Field>

      <h2>Who can come</h2>
      <Choices
        name="access"
        legend="Is the meeting open or closed?"
        type="radio"
        error={errors.access}
        hint={v.provider === 'uksr' ? 'All UKSR community peer-led meetings must be open, though they can be for a particular audience (Section 9).' : undefined}
        selected={v.access}
        onChange={(value) => set({ access: value, listedPublicly: value === 'closed' ? 'no' : v.listedPublicly })}
        choices={[
          { value: 'open', label: 'Open', hint: 'Anyone seeking recovery from an addictive behaviour may come.' },
          { value: 'closed', label: 'Closed', hint: 'Only for a particular client group, for example in a prison or a service’s own service users.' },
        ]}
      />
      <Choices
        name="audiences"
        legend="Who is it for? (optional)"
        type="checkbox"
        error={errors.audiences}
        hint="Tick any that apply. Leave them all unticked if it is for anyone."
        selected={v.audiences}
        onChange={(value, checked) => set({ audiences: toggle(v.audiences, value, checked) })}
        choices={AUDIENCES.map((a) => ({ value: a.code, label: a.name }))}
      />
      <Choices
        name="listedPublicly"
        legend="List the meeting publicly on the meeting finder?"
        type="radio"
        error={errors.listedPublicly}
        disabled={closed}
        hint={closed ? CLOSED_NEVER_LISTED : 'Section 6, step 6: you choose whether the meeting is publicly listed. It is shown only while the listing rules are met.'}
        selected={closed ? 'no' : v.listedPublicly}
        onChange={(value) => set({ listedPublicly: value as MeetingFormValues['listedPublicly'] })}
        choices={[
          { value: 'yes', label: 'Yes, list it publicly' },
          { value: 'no', label: 'No, do not list it' },
        ]}
      />

      <h2>Facilitators</h2>
      {people?.state === 'loading' ? <p role="status">Loading facilitators…</p> : null}
      {people?.state === 'error' ? <p className="error-message">The facilitators could not be loaded: {people.message}</p> : null}
      {me.role === 'facilitator' && v.provider === 'partner' ? <p className="hint">You can add yourself here; your SMART Lead can add the organisation's other facilitators.</p> : null}
      {facilitatorChoices.length > 0 || errors.facilitatorIds ? (
        <Choices
          name="facilitatorIds"
          legend="Who facilitates it?"
          type="checkbox"
          error={errors.facilitatorIds}
          hint="Each must be a qualified facilitator who may facilitate this programme here (Section 8)."
          selected={v.facilitatorIds}
          onChange={(value, checked) => set({ facilitatorIds: toggle(v.facilitatorIds, value, checked) })}
          choices={facilitatorChoices.map((p) => ({ value: p.id, label: p.name }))}
        />
      ) : people?.state === 'ready' ? (
        <p>There are no facilitators to choose from yet.</p>
      ) : null}

      <h2>More about it</h2>
      <Field id="description" label="Description (optional)" error={errors.description} hint="Anything that helps people find and join it, such as which door to use.">
        {(aria) => <textarea {...aria} rows={4} value={v.description} onChange={(e) => set({ description: e.target.value })} />}
      </Field>
      <fieldset className="choices field" aria-describedby="pin-hint">
        <legend>Map pin (optional)</legend>
        <p className="hint" id="pin-hint">
          Without a pin of your own, the meeting is shown at the centre of its postcode. To place it yourself, enter the latitude and longitude, for
          example from an online map. Empty both to go back to the postcode.
        </p>
        <Field id="latitude" label="Latitude" error={errors.latitude} hint="For example 53.7632">
          {(aria) => <input {...aria} type="text" inputMode="decimal" autoComplete="off" value={v.latitude} onChange={(e) => set({ latitude: e.target.value })} />}
        </Field>
        <Field id="longitude" label="Longitude" error={errors.longitude} hint="For example -2.7031">
          {(aria) => <input {...aria} type="text" inputMode="decimal" autoComplete="off" value={v.longitude} onChange={(e) => set({ longitude: e.target.value })} />}
        </Field>
      </fieldset>

      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}
