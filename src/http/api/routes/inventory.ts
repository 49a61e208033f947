// /api/inventories, /api/categories, /api/items (+ parts). Reads for every role, writes for staff.
import type { ItemDetailView, ItemView, PartView } from '../../../services/inventory';
import { actorOf, requireSomeRole } from '../auth';
import type { RouteModule } from '../context';
import {
  apiSchema,
  id,
  idParams,
  item,
  itemDetail,
  itemStatus,
  named,
  object,
  page,
  pageQuery,
  part,
  text,
} from '../schemas';

const TAGS = ['inventory'];
const nameBody = object({ name: text({ minLength: 1, maxLength: 200, notBlank: true }) });
const list = (schema: Record<string, unknown>) => object({ items: { type: 'array', items: schema } });

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

function partOut(p: PartView) {
  return { id: p.id, item_id: p.itemId, category_id: p.categoryId, name: p.name };
}

export function itemDetailOut(i: ItemDetailView) {
  return { ...itemOut(i), parts: i.parts.map(partOut) };
}

export const inventoryRoutes: RouteModule = (app, ctx) => {
  for (const kind of ['inventories', 'categories'] as const) {
    const label = kind === 'inventories' ? 'inventories' : 'categories';
    app.get(
      `/${kind}`,
      {
        schema: apiSchema({ tags: TAGS, summary: `List ${label}`, response: { 200: list(named) } }, [403]),
      },
      async (request) => {
        requireSomeRole(actorOf(request));
        const items =
          kind === 'inventories' ? await ctx.inventory.listInventories() : await ctx.inventory.listCategories();
        return { items };
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
            response: { 201: named },
          },
          [400, 403, 409],
        ),
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const created =
          kind === 'inventories'
            ? await ctx.inventory.createInventory(actor, request.body.name)
            : await ctx.inventory.createCategory(actor, request.body.name);
        return reply.code(201).send(created);
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
        { tags: TAGS, summary: 'An inventory item with its parts', params: idParams, response: { 200: itemDetail } },
        [400, 403, 404],
      ),
    },
    async (request) => {
      requireSomeRole(actorOf(request));
      return itemDetailOut(await ctx.inventory.getItem(request.params.id));
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
        { tags: TAGS, summary: 'The parts of an item', params: idParams, response: { 200: list(part) } },
        [400, 403, 404],
      ),
    },
    async (request) => {
      requireSomeRole(actorOf(request));
      return { items: (await ctx.inventory.listParts(request.params.id)).map(partOut) };
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
