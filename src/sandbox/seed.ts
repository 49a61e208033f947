// `npm run dev -- --seed demo`: a small demo workshop so the sandbox's dashboards are not empty.
// Tickets go through the real service (and so their workflows), not straight into the database.
import type { EntityManager } from '@mikro-orm/postgresql';
import { Category, Inventory, InventoryItem, InventoryItemPart } from '../db/entities';
import type { Orm } from '../db/orm';
import type { Actor } from '../domain';
import type { TicketService } from '../services/tickets';
import type { Persona, PersonaKind, Sandbox } from './sandbox';

const PEOPLE: { name: string; kind: PersonaKind; languageCode: string }[] = [
  { name: 'Alice Admin', kind: 'super_admin', languageCode: 'en' },
  { name: 'Marat Master', kind: 'master', languageCode: 'ru' },
  { name: 'Tom Technician', kind: 'technician', languageCode: 'en' },
  { name: 'Tina Technician', kind: 'technician', languageCode: 'en' },
  { name: 'Quinn Inspector', kind: 'qc_inspector', languageCode: 'en' },
  { name: 'Chris Client', kind: 'client', languageCode: 'en' },
];

const ITEMS = [
  { serial: 'RM-BIKE-0001', name: 'City bike #1', parts: ['Brakes', 'Chain', 'Wheels'] },
  { serial: 'RM-BIKE-0002', name: 'City bike #2', parts: ['Brakes', 'Chain', 'Wheels'] },
  { serial: 'RM-BIKE-0003', name: 'Mountain bike #3', parts: ['Suspension', 'Gears'] },
  { serial: 'RM-BIKE-0004', name: 'Mountain bike #4', parts: ['Suspension', 'Gears'] },
  { serial: 'RM-BIKE-0005', name: 'Kids bike #5', parts: ['Seat', 'Pedals'] },
];

async function seedInventory(em: EntityManager) {
  const inventory =
    (await em.findOne(Inventory, { name: 'Demo fleet' })) ?? em.create(Inventory, { name: 'Demo fleet' });
  const category = (await em.findOne(Category, { name: 'Bicycles' })) ?? em.create(Category, { name: 'Bicycles' });
  const items: { item: InventoryItem; parts: InventoryItemPart[] }[] = [];
  for (const spec of ITEMS) {
    const existing = await em.findOne(InventoryItem, { serialNumber: spec.serial }, { populate: ['parts'] });
    if (existing) {
      items.push({ item: existing, parts: existing.parts.getItems() });
      continue;
    }
    const item = em.create(InventoryItem, { inventory, category, serialNumber: spec.serial, name: spec.name });
    const parts = spec.parts.map((name) => em.create(InventoryItemPart, { item, category, name }));
    items.push({ item, parts });
  }
  await em.flush();
  return items;
}

/**
 * Seeds once: a database that already has the demo fleet is left as it is. Meanwhile the sandbox
 * page shows that the demo is loading (personas without their tickets would look broken).
 */
export async function seedDemo(sandbox: Sandbox, orm: Orm, tickets: TicketService): Promise<Persona[]> {
  sandbox.setDemo('loading');
  try {
    const people = await seedWorkshop(sandbox, orm, tickets);
    sandbox.setDemo('ready');
    return people;
  } catch (err) {
    sandbox.setDemo('failed');
    throw err;
  }
}

async function seedWorkshop(sandbox: Sandbox, orm: Orm, tickets: TicketService): Promise<Persona[]> {
  const em = orm.em.fork() as EntityManager;
  if (await em.findOne(Inventory, { name: 'Demo fleet' })) return sandbox.personas();
  const people: Persona[] = [];
  for (const person of PEOPLE) people.push(await sandbox.createPersona(em, person));
  const actor = (kind: PersonaKind, index = 0): Actor => {
    const persona = people.filter((p) => p.kind === kind)[index];
    return { id: persona.userId!, roles: [kind as Exclude<PersonaKind, 'client'>] };
  };
  const admin = actor('super_admin');
  const master = actor('master');
  const tom = actor('technician', 0);
  const tina = actor('technician', 1);
  const qc = actor('qc_inspector');

  const items = await seedInventory(em);
  const open = async (index: number, minutes: number[]) => {
    const { item, parts } = items[index];
    const view = await tickets.createTicket(master, {
      serial: item.serialNumber,
      partSpecs: parts
        .slice(0, minutes.length)
        .map((part, i) => ({ partId: part.id, color: 'green', minutes: minutes[i] })),
    });
    return view.ticket.id;
  };
  const assigned = async (index: number, minutes: number[], technician: Actor) => {
    const id = await open(index, minutes);
    await tickets.approveReview(admin, id);
    await tickets.assign(master, id, technician.id);
    return id;
  };

  // One open session per technician: finish Tina's done ticket before her in-progress one.
  const done = await assigned(3, [40], tina); // done, with XP
  await tickets.start(tina, done);
  await tickets.stop(tina, done);
  await tickets.sendToQc(tina, done);
  await tickets.qcPass(qc, done);
  const inProgress = await assigned(1, [30], tina); // in progress for Tina
  await tickets.start(tina, inProgress);
  const waiting = await assigned(2, [25, 20], tom); // waiting for QC
  await tickets.start(tom, waiting);
  await tickets.stop(tom, waiting);
  await tickets.sendToQc(tom, waiting);
  await assigned(0, [20, 15], tom); // assigned: Tom can start it
  await open(4, [10]); // waiting for review
  return people;
}
