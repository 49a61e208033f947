import { type Collection, EntitySchema, type Opt } from '@mikro-orm/core';
import { ACCESS_REQUEST_STATUSES, type AccessRequestStatus, ROLE_SLUGS, type RoleSlug } from '../../domain/enums';
import {
  bigintAsNumber,
  createdAtProperty,
  idProperty,
  nullableTimestampProperty,
  textArrayProperty,
  updatedAtProperty,
  withDefault,
} from './common';

// ---------------------------------------------------------------- User

/**
 * A person known to the system: staff, technicians, QC inspectors. Table `app_user`
 * (`user` is a reserved word in Postgres).
 */
export interface User {
  id: number;
  username: string;
  firstName: Opt<string>;
  lastName: Opt<string>;
  phone?: string | null;
  /** Employee level 1..5. */
  level: Opt<number>;
  isActive: Opt<boolean>;
  roles: Collection<UserRole>;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
}

export const User = new EntitySchema<User>({
  name: 'User',
  tableName: 'app_user',
  properties: {
    id: { ...idProperty },
    username: { type: 'text', unique: 'app_user_username_unique' },
    firstName: { type: 'text', ...withDefault('') },
    lastName: { type: 'text', ...withDefault('') },
    phone: { type: 'text', nullable: true, unique: 'app_user_phone_unique' },
    level: { type: 'integer', ...withDefault(1) },
    isActive: { type: 'boolean', ...withDefault(true) },
    roles: { kind: '1:m', entity: () => 'UserRole', mappedBy: 'user', orphanRemoval: true },
    createdAt: { ...createdAtProperty },
    updatedAt: { ...updatedAtProperty },
  },
  checks: [{ name: 'app_user_level_check', expression: 'level >= 1 and level <= 5' }],
});

// ---------------------------------------------------------------- UserRole

/** One role held by a user; the slug is checked against ROLE_SLUGS in the database. */
export interface UserRole {
  id: number;
  user: User;
  role: RoleSlug;
}

export const UserRole = new EntitySchema<UserRole>({
  name: 'UserRole',
  tableName: 'user_role',
  properties: {
    id: { ...idProperty },
    user: { kind: 'm:1', entity: () => 'User', deleteRule: 'cascade', updateRule: 'no action' },
    role: { enum: true, items: [...ROLE_SLUGS] },
  },
  uniques: [{ name: 'user_role_user_id_role_unique', properties: ['user', 'role'] }],
  indexes: [{ name: 'user_role_role_index', properties: ['role'] }],
});

// ---------------------------------------------------------------- TelegramProfile

/** A Telegram account that talked to the bot, linked to a User once access is granted. */
export interface TelegramProfile {
  id: number;
  telegramId: number;
  user?: User | null;
  username?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  languageCode?: string | null;
  lastSeenAt: Opt<Date>;
  /** The Telegram user blocked the bot (403 on send). */
  isBlocked: Opt<boolean>;
  createdAt: Opt<Date>;
}

export const TelegramProfile = new EntitySchema<TelegramProfile>({
  name: 'TelegramProfile',
  tableName: 'telegram_profile',
  properties: {
    id: { ...idProperty },
    telegramId: { type: bigintAsNumber(), unique: 'telegram_profile_telegram_id_unique' },
    user: { kind: 'm:1', entity: () => 'User', nullable: true, deleteRule: 'set null', updateRule: 'no action' },
    username: { type: 'text', nullable: true },
    firstName: { type: 'text', nullable: true },
    lastName: { type: 'text', nullable: true },
    languageCode: { type: 'text', nullable: true },
    lastSeenAt: { ...createdAtProperty },
    isBlocked: { type: 'boolean', ...withDefault(false) },
    createdAt: { ...createdAtProperty },
  },
  indexes: [{ name: 'telegram_profile_user_id_index', properties: ['user'] }],
});

// ---------------------------------------------------------------- AccessRequest

/** `/start` onboarding request; at most one `pending` per telegram_id (partial unique index). */
export interface AccessRequest {
  id: number;
  telegramId: number;
  firstName: string;
  lastName: string;
  phone: string;
  status: Opt<AccessRequestStatus>;
  /** The (inactive until approved) user created for this request. */
  user?: User | null;
  /** Role slugs granted on approval. */
  rolesGranted: Opt<RoleSlug[]>;
  resolvedBy?: User | null;
  resolvedAt?: Date | null;
  createdAt: Opt<Date>;
}

export const AccessRequest = new EntitySchema<AccessRequest>({
  name: 'AccessRequest',
  tableName: 'access_request',
  properties: {
    id: { ...idProperty },
    telegramId: { type: bigintAsNumber() },
    firstName: { type: 'text' },
    lastName: { type: 'text' },
    phone: { type: 'text' },
    status: { enum: true, items: [...ACCESS_REQUEST_STATUSES], ...withDefault('pending') },
    user: { kind: 'm:1', entity: () => 'User', nullable: true, deleteRule: 'set null', updateRule: 'no action' },
    rolesGranted: { ...textArrayProperty },
    resolvedBy: { kind: 'm:1', entity: () => 'User', nullable: true, deleteRule: 'set null', updateRule: 'no action' },
    resolvedAt: { ...nullableTimestampProperty },
    createdAt: { ...createdAtProperty },
  },
  checks: [
    {
      name: 'access_request_roles_granted_check',
      expression: `roles_granted <@ array[${ROLE_SLUGS.map((r) => `'${r}'`).join(', ')}]`,
    },
  ],
  indexes: [
    {
      name: 'access_request_telegram_id_id_index',
      expression: 'create index "access_request_telegram_id_id_index" on "access_request" ("telegram_id", "id" desc)',
    },
    {
      name: 'access_request_user_id_id_index',
      expression: 'create index "access_request_user_id_id_index" on "access_request" ("user_id", "id" desc)',
    },
    { name: 'access_request_status_created_at_index', properties: ['status', 'createdAt'] },
    {
      name: 'access_request_resolved_at_id_index',
      expression:
        'create index "access_request_resolved_at_id_index" on "access_request" ("resolved_at", "id") where resolved_at is not null',
    },
    {
      name: 'access_request_one_pending_per_telegram_id',
      expression: `create unique index "access_request_one_pending_per_telegram_id" on "access_request" ("telegram_id") where status = 'pending'`,
    },
  ],
});

// ---------------------------------------------------------------- ApiToken

/** REST API bearer token; only its hash is stored. Refused once revoked or past expiresAt. */
export interface ApiToken {
  id: number;
  user: User;
  name: string;
  tokenHash: string;
  createdAt: Opt<Date>;
  /** Null: never expires. */
  expiresAt?: Date | null;
  lastUsedAt?: Date | null;
  revokedAt?: Date | null;
}

export const ApiToken = new EntitySchema<ApiToken>({
  name: 'ApiToken',
  tableName: 'api_token',
  properties: {
    id: { ...idProperty },
    user: { kind: 'm:1', entity: () => 'User', deleteRule: 'cascade', updateRule: 'no action' },
    name: { type: 'text' },
    tokenHash: { type: 'text', unique: 'api_token_token_hash_unique' },
    createdAt: { ...createdAtProperty },
    expiresAt: { ...nullableTimestampProperty },
    lastUsedAt: { ...nullableTimestampProperty },
    revokedAt: { ...nullableTimestampProperty },
  },
  checks: [{ name: 'api_token_expires_at_check', expression: 'expires_at is null or expires_at > created_at' }],
  indexes: [{ name: 'api_token_user_id_index', properties: ['user'] }],
});
