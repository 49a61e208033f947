// PATCH /api/inventories/:id, /api/categories/:id and /api/items/:id/parts/:partId: rename, archive
// or restore an inventory, a category or one part of an item (staff). Archived ones are left out of
// lists, pickers and intake and kept for the items and tickets that name them.
import { updateCatalogEntry, updatePart } from '../../../services/inventory-edits';
import { actorOf } from '../auth';
import type { RouteModule } from '../context';
import { apiSchema, catalogEntry, id, idParams, object, part, text } from '../schemas';
import { catalogEntryOut, partOut } from './inventory';

const namedPatch = object(
  {
    name: text({ minLength: 1, maxLength: 200, notBlank: true }),
    archived: { type: 'boolean', description: 'true archives, false restores' },
  },
  [],
);

export const inventoryArchiveRoutes: RouteModule = (app, ctx) => {
  for (const kind of ['inventories', 'categories'] as const) {
    const catalogKind = kind === 'inventories' ? 'inventory' : 'category';
    app.patch(
      `/${kind}/:id`,
      {
        schema: apiSchema(
          {
            tags: ['inventory'],
            summary: `Rename, archive or restore ${kind === 'inventories' ? 'an inventory' : 'a category'} (staff)`,
            description:
              'Fields left out stay as they are. An archived one is left out of the list (unless ' +
              'include_archived) and refused for new items; its items keep it. ' +
              (kind === 'inventories'
                ? 'The default inventory, where intake puts new items, cannot be renamed or archived (409).'
                : ''),
            params: idParams,
            body: namedPatch,
            response: { 200: catalogEntry },
          },
          [400, 403, 404, 409],
        ),
      },
      async (request) =>
        catalogEntryOut(
          await updateCatalogEntry(ctx.em(), actorOf(request), catalogKind, request.params.id, request.body),
        ),
    );
  }

  app.patch(
    '/items/:id/parts/:partId',
    {
      schema: apiSchema(
        {
          tags: ['inventory'],
          summary: 'Rename, archive or restore one part of an item (staff)',
          description:
            'Fields left out stay as they are; names are unique per item (409). An archived part is left ' +
            'out of the item’s parts (unless include_archived) and of intake; tickets that name it keep it.',
          params: object({ id, partId: id }),
          body: namedPatch,
          response: { 200: part },
        },
        [400, 403, 404, 409],
      ),
    },
    async (request) =>
      partOut(await updatePart(ctx.em(), actorOf(request), request.params.id, request.params.partId, request.body)),
  );
};
