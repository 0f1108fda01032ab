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
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  role: Role;
  organisation_id: string | null;
  password_hash: string | null;
  totp_secret: string | null;
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
  fee_schedules: FeeSchedulesTable;
  tasks: TasksTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Organisation = Selectable<OrganisationsTable>;
export type OutboxMessage = Selectable<OutboxMessagesTable>;
export type AuditEvent = Selectable<AuditEventsTable>;
