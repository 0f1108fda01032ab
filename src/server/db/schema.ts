import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { Role } from '../../shared/roles.js';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json = ColumnType<unknown, string | undefined, string>;

export interface NationsTable {
  code: string;
  name: string;
  safeguarding_check: string;
}

export interface RegionsTable {
  code: string;
  name: string;
  nation_code: string;
}

export interface CoordinatorPostsTable {
  code: string;
  title: string;
  region_code: string | null;
  programme_code: string | null;
  vacant: ColumnType<boolean, boolean | undefined, boolean>;
  holder_user_id: string | null;
}

export interface TeamInboxesTable {
  code: string;
  name: string;
  email: string;
}

export interface ProgrammesTable {
  code: string;
  name: string;
}

export interface LicenceTypesTable {
  code: string;
  name: string;
}

export interface SectorsTable {
  code: string;
  name: string;
}

export interface OrganisationsTable {
  id: Generated<string>;
  name: string;
  organisation_type: string;
  sector_code: string;
  region_code: string;
  charity_or_company_number: string | null;
  address: string | null;
  postcode: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  start_up_form_id: ColumnType<string | null, string | null | undefined, string | null>;
  serves_veterans: ColumnType<boolean, boolean | undefined, boolean>;
  childrens_service_provider: ColumnType<boolean, boolean | undefined, boolean>;
  finance_contact_name: ColumnType<string | null, string | null | undefined, string | null>;
  finance_contact_email: ColumnType<string | null, string | null | undefined, string | null>;
  smart_lead_nominee_name: ColumnType<string | null, string | null | undefined, string | null>;
  smart_lead_nominee_email: ColumnType<string | null, string | null | undefined, string | null>;
  smart_lead_nominee_facilitator: ColumnType<string | null, string | null | undefined, string | null>;
  /** Agreed to appear in the public partner directory (migration 2026-11-24T1690). */
  listed_in_directory: ColumnType<boolean, boolean | undefined, boolean>;
  /** Raised by each change of the listing flag, for If-Match (migration 2026-11-24T1710). */
  directory_listing_version: ColumnType<number, number | undefined, number>;
  /** The legacy system's id, for CSV imports (migration 2026-11-24T1695). */
  legacy_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SitesTable {
  id: Generated<string>;
  organisation_id: string;
  name: string;
  address: string;
  postcode: string;
  nation_code: string;
  region_code: string;
  created_at: CreatedAt;
  satellite: ColumnType<boolean, boolean | undefined, boolean>;
  /** The legacy system's id, for CSV imports (migration 2026-11-24T1695). */
  legacy_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  role: Role;
  organisation_id: string | null;
  password_hash: string | null;
  totp_secret: string | null;
  /** The last TOTP time step accepted, so a code is good once (migration 2026-11-24T1660). */
  totp_last_step: ColumnType<string | number | null, string | number | null | undefined, string | number | null>;
  erased_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  status: ColumnType<'invited' | 'active' | 'suspended', 'invited' | 'active' | 'suspended' | undefined, 'invited' | 'active' | 'suspended'>;
  created_at: CreatedAt;
}

export interface UserScopesTable {
  user_id: string;
  post_code: string;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  two_factor_pending: boolean;
  created_at: CreatedAt;
  last_seen_at: Date;
  expires_at: Date;
}

export interface LoginAttemptsTable {
  id: Generated<string>;
  email: string;
  ip: string;
  succeeded: boolean;
  at: CreatedAt;
}

export interface OneTimeTokensTable {
  token_hash: string;
  purpose: 'password_reset' | 'invitation';
  user_id: string;
  expires_at: Date;
  used_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: CreatedAt;
}

export interface AuditEventsTable {
  id: Generated<string>;
  at: CreatedAt;
  actor_user_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: Json | null;
  after: Json | null;
  ip: string | null;
  request_id: string | null;
}

export interface OutboxMessagesTable {
  id: Generated<string>;
  created_at: CreatedAt;
  to_address: string;
  subject: string;
  text_body: string;
  kind: string;
  status: ColumnType<'pending' | 'sending' | 'sent' | 'kept' | 'failed', 'pending' | undefined, 'pending' | 'sending' | 'sent' | 'kept' | 'failed'>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: ColumnType<Date, Date | undefined, Date>;
  locked_until: ColumnType<Date | null, Date | null | undefined, Date | null>;
  sent_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
  attachments: ColumnType<unknown, string | undefined, string>;
}

export interface FeeSchedulesTable {
  id: string;
  name: string;
  effective_from: ColumnType<string, string, string>;
  schedule: ColumnType<unknown, string, string>;
  published_at: CreatedAt;
  published_by: string | null;
}

export interface TasksTable {
  id: Generated<string>;
  kind: string;
  title: string;
  subject_type: string;
  subject_id: string;
  inbox_code: string | null;
  assigned_user_id: string | null;
  status: ColumnType<'open' | 'done' | 'cancelled', 'open' | undefined, 'open' | 'done' | 'cancelled'>;
  created_at: CreatedAt;
  closed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  closed_by: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface QuotesTable {
  id: Generated<string>;
  reference: string;
  issued_on: ColumnType<string, string, string>;
  valid_until: ColumnType<string, string, string>;
  request: ColumnType<unknown, string, string>;
  lines: ColumnType<unknown, string, string>;
  total_pence: number;
  price_on_request: boolean;
  fee_schedule_id: string;
  access_key_hash: string;
  status: 'issued' | 'awaiting_prices' | 'priced';
  created_at: CreatedAt;
  agreed_prices: Json;
  version: ColumnType<number, number | undefined, number>;
  priced_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  priced_by: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface StartUpFormsTable {
  id: Generated<string>;
  reference: ColumnType<string | null, string | null | undefined, string | null>;
  draft_key_hash: string;
  status: ColumnType<'draft' | 'submitted' | 'changes_requested' | 'accepted', 'draft' | 'submitted' | undefined, 'draft' | 'submitted' | 'changes_requested' | 'accepted'>;
  answers: ColumnType<unknown, string | undefined, string>;
  submitted_answers: ColumnType<unknown, string | null | undefined, string | null>;
  lines: ColumnType<unknown, string | null | undefined, string | null>;
  total_pence: ColumnType<number | null, number | null | undefined, number | null>;
  fee_schedule_id: ColumnType<string | null, string | null | undefined, string | null>;
  changes_requested_message: ColumnType<string | null, string | null | undefined, string | null>;
  changes_requested_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  submitted_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  accepted_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  accepted_by: ColumnType<string | null, string | null | undefined, string | null>;
  version: ColumnType<number, number | undefined, number>;
}

export interface DocumentSequencesTable {
  name: string;
  next_value: number;
}

export interface InvoicesTable {
  id: Generated<string>;
  number: number;
  organisation_id: string;
  kind: 'new' | 'addition' | 'renewal' | 'other';
  billing_name: string;
  billing_email: string;
  billing_address: string | null;
  po_number: string | null;
  issued_on: ColumnType<string, string, string>;
  due_on: ColumnType<string, string, string>;
  total_pence: number;
  fee_schedule_id: string | null;
  source_type: string;
  source_id: string;
  paid_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  issued_by: string | null;
  created_at: CreatedAt;
}

export interface InvoiceLinesTable {
  id: Generated<string>;
  invoice_id: string;
  position: number;
  kind: 'licence' | 'renewal' | 'training_places' | 'staff_training' | 'publication' | 'other';
  site_id: string | null;
  licence_type: string | null;
  licence_id: string | null;
  quantity: ColumnType<number, number | undefined, number>;
  description: string;
  rule: string;
  amount_pence: number;
}

export interface CreditNotesTable {
  id: Generated<string>;
  number: number;
  invoice_id: string;
  amount_pence: number;
  reason: string;
  issued_on: ColumnType<string, string, string>;
  issued_by: string | null;
  created_at: CreatedAt;
}

export interface PaymentsTable {
  id: Generated<string>;
  invoice_id: string;
  amount_pence: number;
  paid_on: ColumnType<string, string, string>;
  method: 'bank-transfer' | 'card' | 'cheque' | 'other';
  reference: string;
  recorded_by: string | null;
  created_at: CreatedAt;
}

export interface LicencesTable {
  id: Generated<string>;
  number: string;
  organisation_id: string;
  site_id: string;
  licence_type: string;
  starts_on: ColumnType<string, string, string>;
  ends_on: ColumnType<string, string, string>;
  status: ColumnType<'active' | 'in_grace' | 'lapsed', 'active' | 'in_grace' | 'lapsed' | undefined, 'active' | 'in_grace' | 'lapsed'>;
  included_training_places: ColumnType<number, number | undefined, number>;
  /** Null only for a licence brought in from the legacy records (source 'import', decision 136). */
  issued_by_invoice_id: string | null;
  source: ColumnType<'invoice' | 'import', 'invoice' | 'import' | undefined, 'invoice' | 'import'>;
  created_at: CreatedAt;
}

export interface LicenceRemindersTable {
  licence_id: string;
  period_ends_on: ColumnType<string, string, string>;
  days_before: number;
  sent_at: CreatedAt;
}

export interface RenewalRunsTable {
  id: Generated<string>;
  run_on: ColumnType<string, string, string>;
  started_at: CreatedAt;
  finished_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  groups_total: ColumnType<number, number | undefined, number>;
  groups_done: ColumnType<number, number | undefined, number>;
  invoices_issued: ColumnType<number, number | undefined, number>;
  reminders_sent: ColumnType<number, number | undefined, number>;
  licences_in_grace: ColumnType<number, number | undefined, number>;
  licences_lapsed: ColumnType<number, number | undefined, number>;
}

export interface FacilitatorsTable {
  id: Generated<string>;
  name: string;
  email: string;
  phone: string | null;
  user_id: string | null;
  is_veteran: ColumnType<boolean, boolean | undefined, boolean>;
  in_training: ColumnType<boolean, boolean | undefined, boolean>;
  uksr_volunteer_status: ColumnType<'onboarding' | 'active' | 'paused' | 'left' | null, 'onboarding' | 'active' | 'paused' | 'left' | null | undefined, 'onboarding' | 'active' | 'paused' | 'left' | null>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  /** Raised by a trigger on every update; the ETag of the record (decision 101). */
  version: ColumnType<number, never, never>;
  erased_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface FacilitatorOrganisationsTable {
  facilitator_id: string;
  organisation_id: string;
  capacity: 'staff' | 'volunteer';
  created_at: CreatedAt;
}

export interface FacilitatorQualificationsTable {
  facilitator_id: string;
  code: 'smart-facilitator' | 'family-and-friends-module' | 'veterans-module';
  achieved_on: ColumnType<string, string, string>;
  recorded_by: string | null;
  recorded_at: CreatedAt;
}

export interface SafeguardingChecksTable {
  id: Generated<string>;
  facilitator_id: string;
  kind: 'dbs' | 'pvg' | 'accessni';
  level: string;
  /** Empty once the retention job has removed the details (decision 102). */
  certificate_number: ColumnType<string | null, string, string | null>;
  issued_on: ColumnType<string, string, string>;
  update_service_subscribed: ColumnType<boolean, boolean | undefined, boolean>;
  update_service_checked_on: ColumnType<string | null, string | null | undefined, string | null>;
  verified_by: string | null;
  verified_on: ColumnType<string, string, string>;
  decision: 'suitable' | 'not_suitable';
  created_at: CreatedAt;
  details_removed_on: ColumnType<string | null, string | null | undefined, string | null>;
}

/** When the retention job first saw that a facilitator had left (decision 102). */
export interface RetentionDeparturesTable {
  facilitator_id: string;
  noticed_on: ColumnType<string, string, string>;
}

export interface SafeguardingPoliciesTable {
  id: Generated<string>;
  dbs_years: number;
  pvg_years: number;
  accessni_years: number;
  set_at: CreatedAt;
  set_by: string | null;
}

export interface CodeOfConductVersionsTable {
  version: string;
  body: string;
  published_at: CreatedAt;
  published_by: string | null;
}

export interface CodeOfConductAcceptancesTable {
  facilitator_id: string;
  version: string;
  accepted_at: CreatedAt;
}

export interface SafeguardingRemindersTable {
  check_id: string;
  recheck_due_on: ColumnType<string, string, string>;
  days_before: number;
  sent_at: CreatedAt;
}

/** One training-places ledger: one licence (so one site) for one licence year. */
export interface TrainingLedgersTable {
  id: Generated<string>;
  licence_id: string;
  site_id: string;
  organisation_id: string;
  licence_type: string;
  year_starts_on: ColumnType<string, string, string>;
  year_ends_on: ColumnType<string, string, string>;
  created_at: CreatedAt;
}

/** An append-only movement of training places (included, bought, used, released). */
export interface TrainingPlaceMovementsTable {
  id: Generated<string>;
  ledger_id: string;
  kind: 'included' | 'bought' | 'used' | 'released';
  places: number;
  at: ColumnType<string, string, string>;
  note: string | null;
  nomination_id: string | null;
  invoice_id: string | null;
  recorded_by: string | null;
  created_at: CreatedAt;
}

export interface NominationsTable {
  id: Generated<string>;
  organisation_id: string;
  site_id: string;
  ledger_id: string;
  nominee_name: string;
  nominee_email: string;
  status: ColumnType<'nominated' | 'instructions_sent' | 'released', 'nominated' | undefined, 'nominated' | 'instructions_sent' | 'released'>;
  routed_to_user_id: string | null;
  routed_to_inbox: string | null;
  routed_to_email: string;
  nominated_by: string | null;
  created_at: CreatedAt;
  instructions_sent_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  instructions_sent_by: ColumnType<string | null, string | null | undefined, string | null>;
  released_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  released_by: ColumnType<string | null, string | null | undefined, string | null>;
  release_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

/** The first answer to a nomination request, by its Idempotency-Key. */
export interface NominationRequestsTable {
  user_id: string;
  idempotency_key: string;
  request_hash: string;
  nomination_id: string;
  response: ColumnType<unknown, string, string>;
  created_at: CreatedAt;
}

export interface TrainingProgressTable {
  facilitator_id: string;
  module: 'introduction-to-smart' | 'getting-smart' | 'smart-facilitator' | 'family-and-friends-module' | 'veterans-module';
  status: 'enrolled' | 'in_progress' | 'completed' | 'withdrawn';
  enrolled_on: ColumnType<string, string, string>;
  started_on: ColumnType<string | null, string | null | undefined, string | null>;
  completed_on: ColumnType<string | null, string | null | undefined, string | null>;
  withdrawn_on: ColumnType<string | null, string | null | undefined, string | null>;
  source: 'staff' | 'import';
  updated_by: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface FacilitatorCertificatesTable {
  id: Generated<string>;
  number: Generated<number>;
  facilitator_id: string;
  name: string;
  completed_on: ColumnType<string, string, string>;
  issued_at: CreatedAt;
}

/** A staff-led Facilitator Training course bought by one organisation (decision 063). */
export interface TrainingCoursesTable {
  id: Generated<string>;
  organisation_id: string;
  format: 'in_person' | 'webinar';
  session_dates: ColumnType<string[], string, string>;
  starts_on: ColumnType<string, string, string>;
  ends_on: ColumnType<string, string, string>;
  venue: string | null;
  trainer_name: string;
  places: number;
  cut_off_on: ColumnType<string, string, string>;
  fee_pence: number;
  fee_schedule_id: string;
  invoice_id: ColumnType<string | null, string | null | undefined, string | null>;
  flagged_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface TrainingCourseBookingsTable {
  id: Generated<string>;
  course_id: string;
  name: string;
  email: string;
  booked_by: string | null;
  created_at: CreatedAt;
  cancelled_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  cancelled_by: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A request for bespoke or refresher training, priced by hand by Central Office (decision 064). */
export interface TrainingRequestsTable {
  id: Generated<string>;
  organisation_id: string;
  kind: 'bespoke' | 'refresher';
  needs: string;
  people: number;
  preferred_dates: string;
  status: ColumnType<'received' | 'invoiced', 'received' | undefined, 'received' | 'invoiced'>;
  requested_by: string | null;
  created_at: CreatedAt;
  invoice_id: ColumnType<string | null, string | null | undefined, string | null>;
  priced_by: ColumnType<string | null, string | null | undefined, string | null>;
  priced_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface VolunteerOnboardingStagesTable {
  facilitator_id: string;
  stage: string;
  completed_on: ColumnType<string, string, string>;
  outcome: 'passed' | 'failed';
  note: string | null;
  recorded_by: string | null;
  recorded_at: ColumnType<Date, Date | undefined, Date>;
}

/** The sites where a facilitator facilitates, within the organisations they facilitate for. */
export interface FacilitatorSitesTable {
  facilitator_id: string;
  site_id: string;
  added_by: string | null;
  created_at: CreatedAt;
}

/** A registered meeting (migration 2026-11-24T1600-meetings). */
export interface MeetingsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  programme_code: string;
  provider: 'partner' | 'uksr';
  organisation_id: string | null;
  site_id: string | null;
  venue_name: string | null;
  venue_address: string | null;
  venue_postcode: string | null;
  nation_code: string;
  region_code: string;
  attendance: 'in_person' | 'online' | 'hybrid';
  online_url: string | null;
  online_phone: string | null;
  online_notes: string | null;
  frequency: ColumnType<'weekly' | 'fortnightly' | 'monthly', 'weekly' | 'fortnightly' | 'monthly' | undefined, 'weekly' | 'fortnightly' | 'monthly'>;
  day: number;
  week_of_month: number | null;
  start_time: string;
  end_time: string;
  starts_on: ColumnType<string, string, string>;
  ends_on: ColumnType<string | null, string | null | undefined, string | null>;
  access: 'open' | 'closed';
  audiences: ColumnType<string[], string[] | undefined, string[]>;
  listed_publicly: boolean;
  status: ColumnType<'running' | 'closed_down', 'running' | 'closed_down' | undefined, 'running' | 'closed_down'>;
  description: string | null;
  latitude: number | null;
  longitude: number | null;
  location_approximate: ColumnType<boolean, boolean | undefined, boolean>;
  pin_set_by_hand: ColumnType<boolean, boolean | undefined, boolean>;
  publicly_visible: ColumnType<boolean, boolean | undefined, boolean>;
  listing_reasons: Json;
  listing_checked_on: ColumnType<string | null, string | null | undefined, string | null>;
  version: ColumnType<number, number | undefined, number>;
  registered_by: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** The legacy system's reference, for CSV imports (migration 2026-11-24T1695). */
  legacy_ref: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface MeetingFacilitatorsTable {
  meeting_id: string;
  facilitator_id: string;
  created_at: CreatedAt;
}

/** The survey about one meeting date (migration 2026-11-24T1640-meeting-surveys). */
export interface MeetingSurveysTable {
  id: Generated<string>;
  meeting_id: string;
  held_on: ColumnType<string, string, string>;
  asked_facilitator_id: string | null;
  asked_on: ColumnType<string, string, string>;
  status: ColumnType<'due' | 'completed' | 'not_held', 'due' | undefined, 'due' | 'completed' | 'not_held'>;
  attendance: number | null;
  new_attendees: number | null;
  tools_used: ColumnType<string[], string[] | undefined, string[]>;
  guidelines_shared: boolean | null;
  not_held_reason: string | null;
  completed_by_facilitator_id: string | null;
  completed_by_user_id: string | null;
  completed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: CreatedAt;
}

/** A survey reminder sent: once per survey and stage (days after the ask). */
export interface SurveyRemindersTable {
  survey_id: string;
  stage: number;
  sent_at: CreatedAt;
}

/** Who has been asked about which meeting, first and last date; kept by statement triggers on meeting_surveys (decision 163). */
export interface SurveyAskingsTable {
  facilitator_id: string;
  meeting_id: string;
  first_held_on: ColumnType<string, string, string>;
  last_held_on: ColumnType<string, string, string>;
}

/** The same per facilitator over every meeting (decision 163). */
export interface SurveyAskedFacilitatorsTable {
  facilitator_id: string;
  first_held_on: ColumnType<string, string, string>;
  last_held_on: ColumnType<string, string, string>;
}

/** Surveys by the day they were for and their status; kept by statement triggers on meeting_surveys (decision 161). */
export interface MeetingSurveyDaysTable {
  held_on: ColumnType<string, string, string>;
  status: string;
  surveys: number;
}

/** One row per transaction that wrote a recorded table: shared answers are checked against it (decision 171). */
export interface DataChangesTable {
  txid: ColumnType<string, never, never>;
  changed_at: ColumnType<Date, never, never>;
}

/** Section 9's "pass the hat": community peer-led meetings only (meeting_provider is always 'uksr'). */
export interface MeetingContributionsTable {
  id: Generated<string>;
  meeting_id: string;
  meeting_provider: ColumnType<'uksr', 'uksr' | undefined, never>;
  given_on: ColumnType<string, string, string>;
  amount_pence: number;
  purpose: 'room_hire' | 'refreshments' | 'room_hire_and_refreshments';
  recorded_by: string;
  created_at: CreatedAt;
}

/** Section 9: a Central Office exception to deliver a programme at a site, agreed in advance. */
export interface SiteExceptionsTable {
  id: Generated<string>;
  site_id: string;
  programme_code: string;
  from_date: ColumnType<string, string, string>;
  to_date: ColumnType<string, string, string>;
  agreed_on: ColumnType<string, string, string>;
  reason: string;
  recorded_by: string | null;
  created_at: CreatedAt;
}

/** A Coordinator's site or quality-assurance visit (migration 2026-11-24T1670). */
export interface VisitsTable {
  id: Generated<string>;
  kind: 'site' | 'quality_assurance';
  organisation_id: string;
  site_id: string;
  meeting_id: string | null;
  scheduled_on: ColumnType<string, string, string>;
  scheduled_time: string | null;
  purpose: string | null;
  visitor_user_id: string;
  status: ColumnType<'scheduled' | 'recorded', 'scheduled' | 'recorded' | undefined, 'scheduled' | 'recorded'>;
  visited_on: ColumnType<string | null, string | null | undefined, string | null>;
  structure: ColumnType<unknown, string | null | undefined, string | null>;
  observations: string | null;
  feedback: string | null;
  recorded_by: string | null;
  recorded_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  report_sent_to: string | null;
  created_by: string | null;
  created_at: CreatedAt;
}

/** An action agreed at a visit, open until done. */
export interface VisitActionsTable {
  id: Generated<string>;
  visit_id: string;
  position: number;
  description: string;
  owner: string | null;
  due_on: ColumnType<string | null, string | null | undefined, string | null>;
  status: ColumnType<'open' | 'done', 'open' | 'done' | undefined, 'open' | 'done'>;
  done_on: ColumnType<string | null, string | null | undefined, string | null>;
  done_by: string | null;
  created_at: CreatedAt;
}

/** A Facilitator Community Group or Tool Time session (Section 6, ongoing support). */
export interface CommunitySessionsTable {
  id: Generated<string>;
  kind: 'community_group' | 'tool_time';
  title: string;
  starts_at: Date;
  duration_minutes: number;
  joining_url: string;
  region_code: string | null;
  description: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  invitations_sent_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface CommunitySessionInvitationsTable {
  session_id: string;
  facilitator_id: string;
  email: string;
  sent_at: CreatedAt;
}

export interface CommunitySessionAttendanceTable {
  session_id: string;
  facilitator_id: string;
  recorded_by: string | null;
  recorded_at: CreatedAt;
}

/** A Coordinator's dated note of contact with a partner organisation (migration 2026-11-24T1680). */
export interface ContactNotesTable {
  id: Generated<string>;
  organisation_id: string;
  contact_on: ColumnType<string, string, string>;
  kind: 'call' | 'email' | 'visit' | 'meeting' | 'other';
  summary: string;
  recorded_by: string | null;
  created_at: CreatedAt;
}

/** Postcode coordinates from the ONS Postcode Directory: the geocoder's offline fallback. */
export interface PostcodesTable {
  postcode: string;
  latitude: number;
  longitude: number;
  town: string | null;
  imported_at: CreatedAt;
}

/** The public listing's revision, raised by triggers on meetings and sites (migration 2026-11-24T1630). */
export interface MeetingListingRevisionTable {
  id: ColumnType<boolean, boolean | undefined, never>;
  revision: ColumnType<number, never, never>;
  changed_at: ColumnType<Date, never, never>;
  transaction_id: ColumnType<number | null, never, never>;
}

/** Central Office extras (migration 2026-11-24T1690, decisions 130–134). */
export interface PublicationLogosTable {
  id: Generated<string>;
  organisation_id: string;
  content: Uint8Array;
  content_type: 'image/png' | 'image/jpeg';
  byte_size: number;
  uploaded_by: string | null;
  created_at: CreatedAt;
}

export interface PublicationOrdersTable {
  id: Generated<string>;
  organisation_id: string;
  logo_id: string;
  invoice_id: string | null;
  po_number: string | null;
  ordered_by: string | null;
  created_at: CreatedAt;
}

export interface PublicationOrderLinesTable {
  order_id: string;
  position: number;
  publication_code: string;
  title: string;
  quantity: number;
  rrp_pence: number;
  unit_pence: number;
  amount_pence: number;
}

export interface CorporatePartnershipsTable {
  id: Generated<string>;
  organisation_id: string;
  terms: string;
  prices: Json;
  starts_on: ColumnType<string, string, string>;
  ends_on: ColumnType<string | null, string | null | undefined, string | null>;
  account_manager_user_id: string;
  recorded_by: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** Raised by each change, for If-Match (migration 2026-11-24T1710). */
  version: ColumnType<number, number | undefined, number>;
}

export interface ContactMessagesTable {
  id: Generated<string>;
  topic: string;
  name: string;
  email: string;
  postcode: string | null;
  region_code: string | null;
  message: string;
  routed_to: string;
  routed_user_id: string | null;
  sender_ip: string;
  created_at: CreatedAt;
}

/** A check or import of one CSV file (decision 172): its progress while it runs, its report once done. */
export interface RecordImportRunsTable {
  id: string;
  kind: string;
  dry_run: boolean;
  status: 'running' | 'finished' | 'refused' | 'failed';
  phase: 'checking' | 'importing' | 'done';
  done: ColumnType<number, number | undefined, number>;
  total: number;
  message: ColumnType<string | null, string | null | undefined, string | null>;
  report: Json | null;
  started_by: string | null;
  started_at: ColumnType<Date, Date, never>;
  heartbeat_at: Date;
  finished_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface Database {
  nations: NationsTable;
  regions: RegionsTable;
  coordinator_posts: CoordinatorPostsTable;
  team_inboxes: TeamInboxesTable;
  programmes: ProgrammesTable;
  licence_types: LicenceTypesTable;
  sectors: SectorsTable;
  organisations: OrganisationsTable;
  sites: SitesTable;
  users: UsersTable;
  user_scopes: UserScopesTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  one_time_tokens: OneTimeTokensTable;
  audit_events: AuditEventsTable;
  outbox_messages: OutboxMessagesTable;
  volunteer_onboarding_stages: VolunteerOnboardingStagesTable;
  fee_schedules: FeeSchedulesTable;
  tasks: TasksTable;
  document_sequences: DocumentSequencesTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  credit_notes: CreditNotesTable;
  payments: PaymentsTable;
  licences: LicencesTable;
  licence_reminders: LicenceRemindersTable;
  renewal_runs: RenewalRunsTable;
  quotes: QuotesTable;
  start_up_forms: StartUpFormsTable;
  training_ledgers: TrainingLedgersTable;
  training_place_movements: TrainingPlaceMovementsTable;
  nominations: NominationsTable;
  nomination_requests: NominationRequestsTable;
  facilitators: FacilitatorsTable;
  facilitator_organisations: FacilitatorOrganisationsTable;
  facilitator_sites: FacilitatorSitesTable;
  meetings: MeetingsTable;
  meeting_facilitators: MeetingFacilitatorsTable;
  meeting_surveys: MeetingSurveysTable;
  survey_reminders: SurveyRemindersTable;
  survey_askings: SurveyAskingsTable;
  meeting_survey_days: MeetingSurveyDaysTable;
  data_changes: DataChangesTable;
  survey_asked_facilitators: SurveyAskedFacilitatorsTable;
  meeting_contributions: MeetingContributionsTable;
  site_exceptions: SiteExceptionsTable;
  postcodes: PostcodesTable;
  meeting_listing_revision: MeetingListingRevisionTable;
  facilitator_qualifications: FacilitatorQualificationsTable;
  safeguarding_checks: SafeguardingChecksTable;
  retention_departures: RetentionDeparturesTable;
  safeguarding_policies: SafeguardingPoliciesTable;
  code_of_conduct_versions: CodeOfConductVersionsTable;
  code_of_conduct_acceptances: CodeOfConductAcceptancesTable;
  safeguarding_reminders: SafeguardingRemindersTable;
  training_progress: TrainingProgressTable;
  facilitator_certificates: FacilitatorCertificatesTable;
  training_courses: TrainingCoursesTable;
  training_course_bookings: TrainingCourseBookingsTable;
  training_requests: TrainingRequestsTable;
  visits: VisitsTable;
  visit_actions: VisitActionsTable;
  community_sessions: CommunitySessionsTable;
  community_session_invitations: CommunitySessionInvitationsTable;
  community_session_attendance: CommunitySessionAttendanceTable;
  contact_notes: ContactNotesTable;
  publication_logos: PublicationLogosTable;
  publication_orders: PublicationOrdersTable;
  publication_order_lines: PublicationOrderLinesTable;
  corporate_partnerships: CorporatePartnershipsTable;
  contact_messages: ContactMessagesTable;
  record_import_runs: RecordImportRunsTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Organisation = Selectable<OrganisationsTable>;
export type OutboxMessage = Selectable<OutboxMessagesTable>;
export type AuditEvent = Selectable<AuditEventsTable>;
