// Editing an inventory item after intake: its name and status, and archiving (an archived item is
// left out of lists and cannot be taken in) or restoring it. Staff only. An item with a ticket that
// is not done stays in service: archiving it is refused.
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type Actor, type InventoryItemStatus, isStaff, requireCapability } from '../domain';
import { InventoryItem, Ticket } from '../db/entities';
import { NotFoundError } from './errors';
import { ConflictError } from './input-errors';
import type { InventoryService, ItemDetailView } from './inventory';

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
