import { type Collection, EntitySchema, type Opt } from '@mikro-orm/core';
import { INVENTORY_ITEM_STATUSES, type InventoryItemStatus } from '../../domain/enums';
import { idProperty, nullableTimestampProperty, withDefault } from './common';

// ---------------------------------------------------------------- Inventory

export interface Inventory {
  id: number;
  name: string;
  /** Set: left out of pickers and intake, kept for the items that name it. */
  archivedAt?: Date | null;
}

export const Inventory = new EntitySchema<Inventory>({
  name: 'Inventory',
  tableName: 'inventory',
  properties: {
    id: { ...idProperty },
    name: { type: 'text', unique: 'inventory_name_unique' },
    archivedAt: { ...nullableTimestampProperty },
  },
});

// ---------------------------------------------------------------- Category

export interface Category {
  id: number;
  name: string;
  /** Set: left out of pickers and intake, kept for the items that name it. */
  archivedAt?: Date | null;
}

export const Category = new EntitySchema<Category>({
  name: 'Category',
  tableName: 'category',
  properties: {
    id: { ...idProperty },
    name: { type: 'text', unique: 'category_name_unique' },
    archivedAt: { ...nullableTimestampProperty },
  },
});

// ---------------------------------------------------------------- InventoryItem

/** A physical unit identified by its serial number (normalized upper-case, at most 32 characters). */
export interface InventoryItem {
  id: number;
  inventory: Inventory;
  category: Category;
  serialNumber: string;
  name: string;
  status: Opt<InventoryItemStatus>;
  isActive: Opt<boolean>;
  archivedAt?: Date | null;
  parts: Collection<InventoryItemPart>;
}

export const InventoryItem = new EntitySchema<InventoryItem>({
  name: 'InventoryItem',
  tableName: 'inventory_item',
  properties: {
    id: { ...idProperty },
    inventory: { kind: 'm:1', entity: () => 'Inventory', deleteRule: 'no action', updateRule: 'no action' },
    category: { kind: 'm:1', entity: () => 'Category', deleteRule: 'no action', updateRule: 'no action' },
    serialNumber: { type: 'text', unique: 'inventory_item_serial_number_unique' },
    name: { type: 'text' },
    status: { enum: true, items: [...INVENTORY_ITEM_STATUSES], ...withDefault('ready') },
    isActive: { type: 'boolean', ...withDefault(true) },
    archivedAt: { ...nullableTimestampProperty },
    parts: { kind: '1:m', entity: () => 'InventoryItemPart', mappedBy: 'item' },
  },
  checks: [
    {
      name: 'inventory_item_serial_number_check',
      expression: 'char_length(serial_number) >= 1 and char_length(serial_number) <= 32',
    },
  ],
  indexes: [
    { name: 'inventory_item_inventory_id_index', properties: ['inventory'] },
    { name: 'inventory_item_category_id_index', properties: ['category'] },
  ],
});

// ---------------------------------------------------------------- InventoryItemPart

/** A part of one item (same category as the item); names are unique per item. */
export interface InventoryItemPart {
  id: number;
  item: InventoryItem;
  category: Category;
  name: string;
  /** Set: left out of intake (and of the item's parts unless asked), kept for the tickets that name it. */
  archivedAt?: Date | null;
}

export const InventoryItemPart = new EntitySchema<InventoryItemPart>({
  name: 'InventoryItemPart',
  tableName: 'inventory_item_part',
  properties: {
    id: { ...idProperty },
    item: { kind: 'm:1', entity: () => 'InventoryItem', deleteRule: 'cascade', updateRule: 'no action' },
    category: { kind: 'm:1', entity: () => 'Category', deleteRule: 'no action', updateRule: 'no action' },
    name: { type: 'text' },
    archivedAt: { ...nullableTimestampProperty },
  },
  uniques: [{ name: 'inventory_item_part_item_id_name_unique', properties: ['item', 'name'] }],
  indexes: [{ name: 'inventory_item_part_category_id_index', properties: ['category'] }],
});
