// Editing the inventory after creation, staff only: an item's name and status, an inventory's or a
// category's name, a part's name, and archiving or restoring any of them. Archived means left out
// of lists, pickers and intake, and kept for the tickets and items that name it. An item with a
// ticket that is not done stays in service: archiving it is refused. The default inventory (where
// intake puts new items, found by its name) cannot be renamed or archived.
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type Actor, type InventoryItemStatus, isStaff, requireCapability } from '../domain';
import { InventoryItem, InventoryItemPart, Ticket } from '../db/entities';
import { NotFoundError } from './errors';
import { ConflictError } from './input-errors';
import {
  CATALOG,
  type CatalogEntryView,
  catalogEntryView,
  type CatalogKind,
  cleanName,
  DEFAULT_INVENTORY_NAME,
  type InventoryService,
  isUniqueViolation,
  type ItemDetailView,
  nameTaken,
  partNameTaken,
  partView,
  type PartView,
} from './inventory';

export interface ItemChanges {
  /** Blank: the serial, as at creation. */
  name?: string;
  status?: InventoryItemStatus;
  archived?: boolean;
}

export async function updateItem(
  /** A fresh EntityManager (the transaction runs on it), and the service that reads the item back. */
  deps: { em: EntityManager; inventory: InventoryService },
  actor: Actor,
  itemId: number,
  changes: ItemChanges,
): Promise<ItemDetailView> {
  requireCapability(actor, isStaff, 'role.forbidden');
  await deps.em.transactional(async (tx) => {
    const item = await tx.findOne(InventoryItem, { id: itemId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!item) throw new NotFoundError('Inventory item', itemId);
    if (changes.name !== undefined) item.name = changes.name.trim() || item.serialNumber;
    if (changes.status !== undefined) item.status = changes.status;
    if (changes.archived === true && !item.archivedAt) {
      const open = await tx.findOne(
        Ticket,
        { inventoryItem: itemId, status: { $ne: 'done' }, deletedAt: null },
        { fields: ['id'] },
      );
      if (open) {
        throw new ConflictError(
          'item_in_service',
          `Inventory item ${itemId} has ticket ${open.id}, which is not done: it cannot be archived.`,
          { ticket: open.id },
        );
      }
      item.archivedAt = new Date();
      item.isActive = false;
    } else if (changes.archived === false) {
      item.archivedAt = null;
      item.isActive = true;
    }
  });
  return deps.inventory.getItem(itemId);
}

/** A name and an archived flag: fields left out stay as they are. */
export interface NamedChanges {
  name?: string;
  archived?: boolean;
}

/** `archivedAt` after the change: set once when archived (the first time is kept), null when restored. */
function archivedAtAfter(current: Date | null | undefined, archived: boolean | undefined): Date | null {
  if (archived === undefined) return current ?? null;
  return archived ? (current ?? new Date()) : null;
}

export async function updateCatalogEntry(
  em: EntityManager,
  actor: Actor,
  kind: CatalogKind,
  id: number,
  changes: NamedChanges,
): Promise<CatalogEntryView> {
  requireCapability(actor, isStaff, 'role.forbidden');
  const { entity, label } = CATALOG[kind];
  const name = changes.name === undefined ? undefined : cleanName(changes.name, 'name');
  return em
    .transactional(async (tx) => {
      const row = await tx.findOne(entity, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!row) throw new NotFoundError(label, id);
      const renamed = name !== undefined && name !== row.name;
      if (kind === 'inventory' && row.name === DEFAULT_INVENTORY_NAME && (renamed || changes.archived === true)) {
        throw new ConflictError(
          'default_inventory',
          `The inventory '${DEFAULT_INVENTORY_NAME}' takes the items intake creates: it cannot be renamed or archived.`,
          { name: DEFAULT_INVENTORY_NAME },
        );
      }
      if (name !== undefined) row.name = name;
      row.archivedAt = archivedAtAfter(row.archivedAt, changes.archived);
      await tx.flush();
      return catalogEntryView(row);
    })
    .catch((err: unknown) => {
      if (isUniqueViolation(err) && name !== undefined) throw nameTaken(label, name);
      throw err;
    });
}

export async function updatePart(
  em: EntityManager,
  actor: Actor,
  itemId: number,
  partId: number,
  changes: NamedChanges,
): Promise<PartView> {
  requireCapability(actor, isStaff, 'role.forbidden');
  const name = changes.name === undefined ? undefined : cleanName(changes.name, 'name');
  return em
    .transactional(async (tx) => {
      const part = await tx.findOne(
        InventoryItemPart,
        { id: partId, item: itemId },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!part) throw new NotFoundError(`Part of item ${itemId}`, partId);
      if (name !== undefined) part.name = name;
      part.archivedAt = archivedAtAfter(part.archivedAt, changes.archived);
      await tx.flush();
      return partView(part);
    })
    .catch((err: unknown) => {
      if (isUniqueViolation(err) && name !== undefined) throw partNameTaken(itemId, name);
      throw err;
    });
}
