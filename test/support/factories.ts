import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  Category,
  Inventory,
  InventoryItem,
  InventoryItemPart,
  TelegramProfile,
  Ticket,
  TicketPartSpec,
  User,
  UserRole,
  WorkSession,
} from '../../src/db/entities';
import type { Orm } from '../../src/db/orm';
import type {
  InventoryItemStatus,
  RoleSlug,
  TicketColor,
  TicketStatus,
  WorkSessionStatus,
} from '../../src/domain/enums';

/**
 * Test data factories. Each call persists and flushes what it builds and returns the entities.
 *
 * `db` is either the test's ORM (each call then works in its own fork) or an EntityManager (the call
 * works in it, so the result stays managed there). Related entities passed in may come from any
 * fork: they are attached by id. Every name, serial and Telegram id is unique per process, so
 * tests never collide even when they share a database.
 */
export type FactoryDb = Orm | EntityManager;

function emOf(db: FactoryDb): EntityManager {
  return 'getMigrator' in db ? db.em.fork() : db;
}

let counter = 0;

/** A short string unique within this process (and very likely across processes). */
export function uniqueSuffix(): string {
  counter += 1;
  return `${counter.toString(36)}${randomBytes(3).toString('hex')}`;
}

/** A Telegram-sized id (positive, above 32 bits, below 2^53) unique within this process. */
export function uniqueTelegramId(): number {
  counter += 1;
  return 5_000_000_000 + counter * 1_000 + (randomBytes(2).readUInt16BE(0) % 1_000);
}

/** A serial that passes intake validation: `RM-` + upper-case alphanumerics, at most 32 characters. */
export function uniqueSerial(prefix = 'RM-T'): string {
  return `${prefix}${uniqueSuffix()}`.toUpperCase().slice(0, 32);
}

// ---------------------------------------------------------------- users

export interface CreateUserOptions {
  roles?: RoleSlug[];
  username?: string;
  firstName?: string;
  lastName?: string;
  phone?: string | null;
  level?: number;
  isActive?: boolean;
  /** Also create a TelegramProfile with this id (or a fresh one when `true`), linked to the user. */
  telegramId?: number | true;
}

export interface CreatedUser {
  user: User;
  profile: TelegramProfile | null;
}

/** A user with the given roles (loaded), and optionally a linked TelegramProfile. */
export async function createUserWithProfile(db: FactoryDb, options: CreateUserOptions = {}): Promise<CreatedUser> {
  const em = emOf(db);
  const suffix = uniqueSuffix();
  const user = em.create(User, {
    username: options.username ?? `user_${suffix}`,
    firstName: options.firstName ?? 'Test',
    lastName: options.lastName ?? `User ${suffix}`,
    phone: options.phone ?? null,
    level: options.level ?? 1,
    isActive: options.isActive ?? true,
  });
  for (const role of options.roles ?? []) user.roles.add(em.create(UserRole, { user, role }));
  const profile =
    options.telegramId === undefined
      ? null
      : em.create(TelegramProfile, {
          telegramId: options.telegramId === true ? uniqueTelegramId() : options.telegramId,
          user,
          username: user.username,
          firstName: user.firstName,
          lastName: user.lastName,
          languageCode: 'en',
        });
  await em.flush();
  return { user, profile };
}

/** A user with the given roles (loaded). */
export async function createUser(db: FactoryDb, options: CreateUserOptions = {}): Promise<User> {
  return (await createUserWithProfile(db, options)).user;
}

// ---------------------------------------------------------------- inventory

export interface CreateItemOptions {
  /** Part names; default two parts. */
  partNames?: string[];
  serialNumber?: string;
  name?: string;
  status?: InventoryItemStatus;
  isActive?: boolean;
  archivedAt?: Date | null;
  /** Existing inventory / category to use; by default fresh ones with unique names. */
  inventory?: Inventory;
  category?: Category;
}

export interface CreatedItem {
  item: InventoryItem;
  parts: InventoryItemPart[];
  inventory: Inventory;
  category: Category;
}

/** An inventory item with parts (all in the item's category). */
export async function createItemWithParts(db: FactoryDb, options: CreateItemOptions = {}): Promise<CreatedItem> {
  const em = emOf(db);
  const suffix = uniqueSuffix();
  const inventory = options.inventory
    ? em.getReference(Inventory, options.inventory.id)
    : em.create(Inventory, { name: `Inventory ${suffix}` });
  const category = options.category
    ? em.getReference(Category, options.category.id)
    : em.create(Category, { name: `Category ${suffix}` });
  const item = em.create(InventoryItem, {
    inventory,
    category,
    serialNumber: options.serialNumber ?? uniqueSerial(),
    name: options.name ?? `Item ${suffix}`,
    status: options.status ?? 'ready',
    isActive: options.isActive ?? true,
    archivedAt: options.archivedAt ?? null,
  });
  const parts = (options.partNames ?? ['Frame', 'Wheel']).map((name) =>
    em.create(InventoryItemPart, { item, category, name }),
  );
  await em.flush();
  return { item, parts, inventory, category };
}

// ---------------------------------------------------------------- tickets

export interface PartSpecInput {
  part: InventoryItemPart;
  minutes?: number;
  color?: TicketColor;
  comment?: string;
}

export interface CreateTicketOptions {
  /** The item and the parts to spec; by default a fresh item with two parts. */
  item?: InventoryItem;
  /** Part specs; by default one 10-minute green spec per part of a fresh item. Required with `item`. */
  specs?: PartSpecInput[];
  master?: User;
  /**
   * Technician; created (with the technician role) when the status needs one (assigned and later)
   * and none is given.
   */
  technician?: User | null;
  status?: TicketStatus;
  title?: string | null;
  /** Metrics; by default derived from the specs (total = Σ minutes, 30/60 flag thresholds, xp = ceil(total/20)). */
  flagColor?: TicketColor;
  xpAmount?: number;
  isManual?: boolean;
  deletedAt?: Date | null;
}

const STATUSES_WITH_TECHNICIAN: readonly TicketStatus[] = ['assigned', 'in_progress', 'waiting_qc', 'rework', 'done'];
const STATUSES_STARTED: readonly TicketStatus[] = ['in_progress', 'waiting_qc', 'rework', 'done'];

/**
 * A ticket with part specs (loaded in `partSpecs`) in the given status, with the timestamps that
 * status implies (approved, assigned, started, finished). Writes no transitions or sessions.
 */
export async function createTicket(db: FactoryDb, options: CreateTicketOptions = {}): Promise<Ticket> {
  const em = emOf(db);
  let item: InventoryItem;
  let specs: PartSpecInput[];
  if (options.item) {
    if (!options.specs?.length) throw new Error('createTicket: pass specs together with item');
    item = em.getReference(InventoryItem, options.item.id);
    specs = options.specs;
  } else {
    const created = await createItemWithParts(em);
    item = created.item;
    specs = options.specs ?? created.parts.map((part) => ({ part }));
  }
  const master = options.master
    ? em.getReference(User, options.master.id)
    : await createUser(em, { roles: ['master'] });
  const status = options.status ?? 'under_review';
  let technician: User | null = null;
  if (options.technician) technician = em.getReference(User, options.technician.id);
  else if (options.technician === undefined && STATUSES_WITH_TECHNICIAN.includes(status)) {
    technician = await createUser(em, { roles: ['technician'] });
  }

  const total = specs.reduce((sum, s) => sum + (s.minutes ?? 10), 0);
  const now = new Date();
  const reviewed = status !== 'under_review';
  const ticket = em.create(Ticket, {
    inventoryItem: item,
    master,
    technician,
    title: options.title ?? null,
    totalDuration: total,
    flagMinutes: total,
    flagColor: options.flagColor ?? (total <= 30 ? 'green' : total <= 60 ? 'yellow' : 'red'),
    xpAmount: options.xpAmount ?? Math.ceil(total / 20),
    isManual: options.isManual ?? false,
    approvedBy: reviewed ? master : null,
    approvedAt: reviewed ? now : null,
    status,
    assignedAt: technician ? now : null,
    startedAt: STATUSES_STARTED.includes(status) ? now : null,
    finishedAt: status === 'done' ? now : null,
    deletedAt: options.deletedAt ?? null,
  });
  for (const spec of specs) {
    ticket.partSpecs.add(
      em.create(TicketPartSpec, {
        ticket,
        part: em.getReference(InventoryItemPart, spec.part.id),
        color: spec.color ?? 'green',
        comment: spec.comment ?? '',
        minutes: spec.minutes ?? 10,
      }),
    );
  }
  await em.flush();
  return ticket;
}

// ---------------------------------------------------------------- work sessions

export interface CreateWorkSessionOptions {
  ticket: Ticket;
  /** Defaults to the ticket's technician. */
  technician?: User;
  status?: WorkSessionStatus;
  startedAt?: Date;
  activeSeconds?: number;
}

/** A work session row (no transitions). Open sessions are subject to the one-open-session indexes. */
export async function createWorkSession(db: FactoryDb, options: CreateWorkSessionOptions): Promise<WorkSession> {
  const em = emOf(db);
  const technicianId = options.technician?.id ?? options.ticket.technician?.id;
  if (technicianId === undefined) throw new Error('createWorkSession: the ticket has no technician; pass one');
  const status = options.status ?? 'running';
  const startedAt = options.startedAt ?? new Date();
  const session = em.create(WorkSession, {
    ticket: em.getReference(Ticket, options.ticket.id),
    technician: em.getReference(User, technicianId),
    status,
    startedAt,
    lastStartedAt: status === 'running' ? startedAt : null,
    endedAt: status === 'stopped' ? new Date() : null,
    activeSeconds: options.activeSeconds ?? 0,
  });
  await em.flush();
  return session;
}
