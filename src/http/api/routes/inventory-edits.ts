// PATCH /api/items/:id: rename, change the status, archive or restore an item (staff).
import { updateItem } from '../../../services/inventory-edits';
import { actorOf } from '../auth';
import type { RouteModule } from '../context';
import { apiSchema, idParams, itemDetail, itemStatus, object, text } from '../schemas';
import { itemDetailOut } from './inventory';

export const inventoryEditRoutes: RouteModule = (app, ctx) => {
  app.patch(
    '/items/:id',
    {
      schema: apiSchema(
        {
          tags: ['inventory'],
          summary: 'Edit an inventory item (staff): name, status, archived',
          description:
            'Fields left out stay as they are; a blank name becomes the serial. archived=true leaves the item ' +
            'out of lists (unless include_archived) and is refused (409) while it has a ticket that is not done; ' +
            'archived=false restores it.',
          params: idParams,
          body: object({ name: text({ maxLength: 200 }), status: itemStatus, archived: { type: 'boolean' } }, []),
          response: { 200: itemDetail },
        },
        [400, 403, 404, 409],
      ),
    },
    async (request) =>
      itemDetailOut(
        await updateItem({ em: ctx.em(), inventory: ctx.inventory }, actorOf(request), request.params.id, request.body),
      ),
  );
};
