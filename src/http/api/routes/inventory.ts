// /api/inventories, /api/categories, /api/items (+ parts). Reads for every role, writes for staff.
import type { CatalogEntryView, ItemDetailView, ItemView, PartView } from '../../../services/inventory';
import { actorOf, requireSomeRole } from '../auth';
import type { RouteModule } from '../context';
import {
  apiSchema,
  catalogEntry,
  id,
  idParams,
  item,
  itemDetail,
  itemStatus,
  object,
  page,
  pageQuery,
  part,
  text,
} from '../schemas';

const TAGS = ['inventory'];
const nameBody = object({ name: text({ minLength: 1, maxLength: 200, notBlank: true }) });
const list = (schema: Record<string, unknown>) => object({ items: { type: 'array', items: schema } });
const includeArchived = (what: string) =>
  object({ include_archived: { type: 'boolean', default: false, description: `Archived ${what} too` } }, []);

function itemOut(i: ItemView) {
  return {
    id: i.id,
    serial_number: i.serialNumber,
    name: i.name,
    status: i.status,
    is_active: i.isActive,
    archived_at: i.archivedAt,
    inventory: i.inventory,
    category: i.category,
    active_ticket_id: i.activeTicketId,
  };
}

export function partOut(p: PartView) {
  return { id: p.id, item_id: p.itemId, category_id: p.categoryId, name: p.name, archived_at: p.archivedAt };
}

export function catalogEntryOut(entry: CatalogEntryView) {
  return { id: entry.id, name: entry.name, archived_at: entry.archivedAt };
}

export function itemDetailOut(i: ItemDetailView) {
  return { ...itemOut(i), parts: i.parts.map(partOut) };
}

export const inventoryRoutes: RouteModule = (app, ctx) => {
  for (const kind of ['inventories', 'categories'] as const) {
    const catalogKind = kind === 'inventories' ? 'inventory' : 'category';
    app.get(
      `/${kind}`,
      {
        schema: apiSchema(
          {
            tags: TAGS,
            summary: `List ${kind} (archived ones with include_archived=true)`,
            querystring: includeArchived(kind),
            response: { 200: list(catalogEntry) },
          },
          [400, 403],
        ),
      },
      async (request) => {
        requireSomeRole(actorOf(request));
        const items = await ctx.inventory.listCatalog(catalogKind, request.query.include_archived);
        return { items: items.map(catalogEntryOut) };
      },
    );
    app.post(
      `/${kind}`,
      {
        schema: apiSchema(
          {
            tags: TAGS,
            summary: `Create ${kind === 'inventories' ? 'an inventory' : 'a category'} (staff)`,
            body: nameBody,
            response: { 201: catalogEntry },
          },
          [400, 403, 409],
        ),
      },
      async (request, reply) => {
        const created = await ctx.inventory.createCatalogEntry(actorOf(request), catalogKind, request.body.name);
        return reply.code(201).send(catalogEntryOut(created));
      },
    );
  }

  app.get(
    '/items',
    {
      schema: apiSchema(
        {
          tags: TAGS,
          summary: 'List inventory items',
          description: 'Archived and inactive items are left out unless include_archived=true.',
          querystring: object(
            {
              serial: text({ minLength: 1, maxLength: 64 }, { description: 'Exact serial (normalized)' }),
              q: text({ minLength: 1, maxLength: 100 }, { description: 'Serial or name contains' }),
              category_id: id,
              inventory_id: id,
              status: itemStatus,
              include_archived: { type: 'boolean', default: false },
              ...pageQuery,
            },
            [],
          ),
          response: { 200: page(item) },
        },
        [400, 403],
      ),
    },
    async (request) => {
      requireSomeRole(actorOf(request));
      const q = request.query;
      const result = await ctx.inventory.listItems({
        serial: q.serial,
        q: q.q,
        categoryId: q.category_id,
        inventoryId: q.inventory_id,
        status: q.status,
        includeArchived: q.include_archived,
        limit: q.limit,
        offset: q.offset,
      });
      return { total: result.total, limit: q.limit, offset: q.offset, items: result.items.map(itemOut) };
    },
  );

  app.get(
    '/items/:id',
    {
      schema: apiSchema(
        {
          tags: TAGS,
          summary: 'An inventory item with its parts (archived parts with include_archived=true)',
          params: idParams,
          querystring: includeArchived('parts'),
          response: { 200: itemDetail },
        },
        [400, 403, 404],
      ),
    },
    async (request) => {
      requireSomeRole(actorOf(request));
      const item = await ctx.inventory.getItem(request.params.id, {
        includeArchivedParts: request.query.include_archived,
      });
      return itemDetailOut(item);
    },
  );

  app.post(
    '/items',
    {
      schema: apiSchema(
        {
          tags: TAGS,
          summary: 'Create an inventory item (staff)',
          description:
            'The serial is normalized (spaces removed, upper-cased) and must match RM-[A-Z0-9-]{4,29}. ' +
            'Without inventory_id the item goes into the default inventory.',
          body: object(
            {
              serial_number: text({ minLength: 1, maxLength: 64 }),
              name: text({ maxLength: 200 }),
              category_id: id,
              inventory_id: id,
              status: itemStatus,
            },
            ['serial_number', 'category_id'],
          ),
          response: { 201: itemDetail },
        },
        [400, 403, 409],
      ),
    },
    async (request, reply) => {
      const b = request.body;
      const created = await ctx.inventory.createItem(actorOf(request), {
        serialNumber: b.serial_number,
        name: b.name,
        categoryId: b.category_id,
        inventoryId: b.inventory_id,
        status: b.status,
      });
      return reply.code(201).send(itemDetailOut(created));
    },
  );

  app.get(
    '/items/:id/parts',
    {
      schema: apiSchema(
        {
          tags: TAGS,
          summary: 'The parts of an item (archived ones with include_archived=true)',
          params: idParams,
          querystring: includeArchived('parts'),
          response: { 200: list(part) },
        },
        [400, 403, 404],
      ),
    },
    async (request) => {
      requireSomeRole(actorOf(request));
      const parts = await ctx.inventory.listParts(request.params.id, request.query.include_archived);
      return { items: parts.map(partOut) };
    },
  );

  app.post(
    '/items/:id/parts',
    {
      schema: apiSchema(
        {
          tags: TAGS,
          summary: 'Add a part to an item (staff); it takes the item’s category',
          params: idParams,
          body: nameBody,
          response: { 201: part },
        },
        [400, 403, 404, 409],
      ),
    },
    async (request, reply) => {
      const created = await ctx.inventory.createPart(actorOf(request), request.params.id, request.body.name);
      return reply.code(201).send(partOut(created));
    },
  );
};
