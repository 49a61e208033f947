// Inventories, categories, items and their parts as the REST API manages them. Reads are open to
// every role; writes are staff work (master, ops manager, super admin). Serials are normalized and
// validated as at intake (workshop-domain.md §5).
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import {
  type Actor,
  DomainError,
  type InventoryItemStatus,
  isStaff,
  normalizeSerial,
  requireCapability,
  SERIAL_PATTERN,
} from '../domain';
import { Category, Inventory, InventoryItem, InventoryItemPart, Ticket } from '../db/entities';
import type { Orm } from '../db/orm';
import { NotFoundError } from './errors';
import { ConflictError, type FieldProblem, InvalidInputError } from './input-errors';

/** Where items go when no inventory is named (the intake flow uses the same one). */
export const DEFAULT_INVENTORY_NAME = 'Default';

export interface NamedView {
  id: number;
  name: string;
}

/** An inventory or a category; archived ones are left out of pickers and intake. */
export interface CatalogEntryView extends NamedView {
  archivedAt: Date | null;
}

export type CatalogKind = 'inventory' | 'category';

export interface PartView {
  id: number;
  itemId: number;
  categoryId: number;
  name: string;
  archivedAt: Date | null;
}

export interface ItemView {
  id: number;
  serialNumber: string;
  name: string;
  status: InventoryItemStatus;
  isActive: boolean;
  archivedAt: Date | null;
  inventory: NamedView;
  category: NamedView;
  /** The item's ticket that is not done yet, if any. */
  activeTicketId: number | null;
}

export interface ItemDetailView extends ItemView {
  parts: PartView[];
}

export interface ItemFilter {
  serial?: string;
  q?: string;
  categoryId?: number;
  inventoryId?: number;
  status?: InventoryItemStatus;
  includeArchived?: boolean;
  limit: number;
  offset: number;
}

export interface CreateItemRequest {
  serialNumber: string;
  name?: string;
  categoryId: number;
  inventoryId?: number;
  status?: InventoryItemStatus;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function cleanName(raw: string, field: string): string {
  const name = raw.trim();
  if (name === '') {
    throw new InvalidInputError({ [field]: `${field} must not be blank.` }, undefined, undefined, {
      [field]: { code: 'blank' },
    });
  }
  return name;
}

export function isUniqueViolation(err: unknown): boolean {
  return err instanceof UniqueConstraintViolationException;
}

/** 409 for a name another inventory, category or part of the item already has. */
export function nameTaken(label: string, name: string): ConflictError {
  return new ConflictError('name_taken', `${label} '${name}' already exists.`, { name });
}

export function partNameTaken(itemId: number, name: string): ConflictError {
  return new ConflictError('name_taken', `Item ${itemId} already has a part named '${name}'.`, { name });
}

export function partView(part: InventoryItemPart): PartView {
  return {
    id: part.id,
    itemId: part.item.id,
    categoryId: part.category.id,
    name: part.name,
    archivedAt: part.archivedAt ?? null,
  };
}

export function catalogEntryView(row: Inventory | Category): CatalogEntryView {
  return { id: row.id, name: row.name, archivedAt: row.archivedAt ?? null };
}

/** The entity of a catalog kind, and how its refusals name it. */
export const CATALOG = {
  inventory: { entity: Inventory, label: 'Inventory' },
  category: { entity: Category, label: 'Category' },
} as const;

export class InventoryService {
  constructor(private readonly deps: { orm: Orm }) {}

  private em(): EntityManager {
    return this.deps.orm.em.fork() as EntityManager;
  }

  // ------------------------------------------------------------------------------------------
  // Inventories and categories

  /** Inventories or categories by name; archived ones only when asked for. */
  async listCatalog(kind: CatalogKind, includeArchived = false): Promise<CatalogEntryView[]> {
    const rows = await this.em().find<Inventory | Category>(
      CATALOG[kind].entity,
      includeArchived ? {} : { archivedAt: null },
      { orderBy: { name: 'asc' } },
    );
    return rows.map(catalogEntryView);
  }

  async createCatalogEntry(actor: Actor, kind: CatalogKind, rawName: string): Promise<CatalogEntryView> {
    requireCapability(actor, isStaff, 'role.forbidden');
    const name = cleanName(rawName, 'name');
    const em = this.em();
    try {
      const row = em.create<Inventory | Category>(CATALOG[kind].entity, { name });
      await em.flush();
      return catalogEntryView(row);
    } catch (err) {
      if (isUniqueViolation(err)) throw nameTaken(CATALOG[kind].label, name);
      throw err;
    }
  }

  // ------------------------------------------------------------------------------------------
  // Items

  private async activeTickets(em: EntityManager, itemIds: number[]): Promise<Map<number, number>> {
    if (itemIds.length === 0) return new Map();
    const tickets = await em.find(
      Ticket,
      { inventoryItem: { $in: itemIds }, status: { $ne: 'done' }, deletedAt: null },
      { fields: ['id', 'inventoryItem'] },
    );
    return new Map(tickets.map((t) => [t.inventoryItem.id, t.id]));
  }

  private itemView(item: InventoryItem, activeTicketId: number | null): ItemView {
    return {
      id: item.id,
      serialNumber: item.serialNumber,
      name: item.name,
      status: item.status,
      isActive: item.isActive,
      archivedAt: item.archivedAt ?? null,
      inventory: { id: item.inventory.id, name: item.inventory.name },
      category: { id: item.category.id, name: item.category.name },
      activeTicketId,
    };
  }

  async listItems(filter: ItemFilter): Promise<{ total: number; items: ItemView[] }> {
    const em = this.em();
    const where: FilterQuery<InventoryItem> = {};
    if (!filter.includeArchived) Object.assign(where, { isActive: true, archivedAt: null });
    if (filter.serial) where.serialNumber = normalizeSerial(filter.serial);
    if (filter.categoryId !== undefined) where.category = filter.categoryId;
    if (filter.inventoryId !== undefined) where.inventory = filter.inventoryId;
    if (filter.status) where.status = filter.status;
    if (filter.q?.trim()) {
      const like = `%${escapeLike(filter.q.trim())}%`;
      where.$or = [{ serialNumber: { $ilike: like } }, { name: { $ilike: like } }];
    }
    const [rows, total] = await em.findAndCount(InventoryItem, where, {
      populate: ['inventory', 'category'],
      orderBy: { id: 'asc' },
      limit: filter.limit,
      offset: filter.offset,
    });
    const active = await this.activeTickets(
      em,
      rows.map((r) => r.id),
    );
    return { total, items: rows.map((row) => this.itemView(row, active.get(row.id) ?? null)) };
  }

  /** The item with its live parts, and its archived ones too when asked for. */
  async getItem(itemId: number, options: { includeArchivedParts?: boolean } = {}): Promise<ItemDetailView> {
    const em = this.em();
    const item = await em.findOne(InventoryItem, { id: itemId }, { populate: ['inventory', 'category'] });
    if (!item) throw new NotFoundError('Inventory item', itemId);
    const parts = await this.partsOf(em, itemId, options.includeArchivedParts === true);
    const active = await this.activeTickets(em, [itemId]);
    return { ...this.itemView(item, active.get(itemId) ?? null), parts: parts.map(partView) };
  }

  async createItem(actor: Actor, request: CreateItemRequest): Promise<ItemDetailView> {
    requireCapability(actor, isStaff, 'role.forbidden');
    const serial = normalizeSerial(request.serialNumber);
    if (!SERIAL_PATTERN.test(serial)) throw new DomainError('intake.serial_invalid', {}, 'serial_number');
    const em = this.em();
    const id = await em
      .transactional(async (tx) => {
        const category = await tx.findOne(Category, { id: request.categoryId });
        const fields: Record<string, string> = {};
        const problems: Record<string, FieldProblem> = {};
        const refuse = (field: string, code: 'unknown_id' | 'archived', message: string, refused: number) => {
          fields[field] = message;
          problems[field] = { code, params: { id: refused } };
        };
        if (!category)
          refuse('category_id', 'unknown_id', `Category ${request.categoryId} does not exist.`, request.categoryId);
        else if (category.archivedAt)
          refuse('category_id', 'archived', `Category ${request.categoryId} is archived.`, request.categoryId);
        let inventory: Inventory | null;
        if (request.inventoryId === undefined) {
          await tx.upsert(
            Inventory,
            { name: DEFAULT_INVENTORY_NAME },
            { onConflictFields: ['name'], onConflictAction: 'ignore' },
          );
          inventory = await tx.findOneOrFail(Inventory, { name: DEFAULT_INVENTORY_NAME });
        } else {
          inventory = await tx.findOne(Inventory, { id: request.inventoryId });
          const wanted = request.inventoryId;
          if (!inventory) refuse('inventory_id', 'unknown_id', `Inventory ${wanted} does not exist.`, wanted);
          else if (inventory.archivedAt) refuse('inventory_id', 'archived', `Inventory ${wanted} is archived.`, wanted);
        }
        if (Object.keys(fields).length > 0 || !category || !inventory) {
          throw new InvalidInputError(fields, undefined, undefined, problems);
        }
        const item = tx.create(InventoryItem, {
          inventory,
          category,
          serialNumber: serial,
          name: request.name?.trim() || serial,
          status: request.status ?? 'ready',
        });
        await tx.flush();
        return item.id;
      })
      .catch((err: unknown) => {
        if (isUniqueViolation(err)) {
          throw new ConflictError('serial_taken', `An inventory item with serial '${serial}' already exists.`, {
            serial,
          });
        }
        throw err;
      });
    return this.getItem(id);
  }

  // ------------------------------------------------------------------------------------------
  // Parts: each belongs to one item and inherits its category; names are unique per item.

  private partsOf(em: EntityManager, itemId: number, includeArchived: boolean): Promise<InventoryItemPart[]> {
    return em.find(InventoryItemPart, includeArchived ? { item: itemId } : { item: itemId, archivedAt: null }, {
      orderBy: { id: 'asc' },
    });
  }

  async listParts(itemId: number, includeArchived = false): Promise<PartView[]> {
    const em = this.em();
    if (!(await em.count(InventoryItem, { id: itemId }))) throw new NotFoundError('Inventory item', itemId);
    return (await this.partsOf(em, itemId, includeArchived)).map(partView);
  }

  async createPart(actor: Actor, itemId: number, rawName: string): Promise<PartView> {
    requireCapability(actor, isStaff, 'role.forbidden');
    const name = cleanName(rawName, 'name');
    const em = this.em();
    const item = await em.findOne(InventoryItem, { id: itemId });
    if (!item) throw new NotFoundError('Inventory item', itemId);
    try {
      const part = em.create(InventoryItemPart, { item, category: item.category, name });
      await em.flush();
      return partView(part);
    } catch (err) {
      if (isUniqueViolation(err)) throw partNameTaken(itemId, name);
      throw err;
    }
  }
}
