// The public status page (STATUS_PAGE=true): /status for a screen in the shop (refreshes itself
// every 30 s) and /status.json. Aggregates only; nothing that names a person, an item or a ticket.
import type { FastifyPluginAsync } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { CoreDeps } from '../../deps';
import { workshopStatus, type WorkshopStatus } from '../../services/workshop-status';

const statusSchema = {
  type: 'object',
  required: [
    'done_today',
    'done_this_week',
    'average_turnaround_minutes',
    'first_pass_rate',
    'in_progress',
    'waiting_qc',
  ],
  properties: {
    done_today: { type: 'integer' },
    done_this_week: { type: 'integer' },
    average_turnaround_minutes: { type: 'integer', nullable: true },
    first_pass_rate: { type: 'number', nullable: true },
    in_progress: { type: 'integer' },
    waiting_qc: { type: 'integer' },
  },
} as const;

function hours(minutes: number | null): string {
  if (minutes === null) return '–';
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function page(s: WorkshopStatus): string {
  const tile = (value: string, label: string, id: string) =>
    `<section><strong data-testid="${id}">${value}</strong><span>${label}</span></section>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="30"><title>Workshop status</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;padding:2rem;background:#111;color:#eee}
h1{font-weight:400;margin:0 0 1.5rem}
main{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:1rem}
section{background:#222;border-radius:.75rem;padding:1.5rem;display:flex;flex-direction:column;gap:.5rem}
strong{font-size:3rem;font-variant-numeric:tabular-nums}span{color:#aaa}
</style></head><body><h1>Workshop status</h1><main>
${tile(String(s.doneToday), 'tickets done today', 'done-today')}
${tile(String(s.doneThisWeek), 'done this week', 'done-week')}
${tile(hours(s.averageTurnaroundMinutes), 'average turnaround (7 days)', 'turnaround')}
${tile(s.firstPassRate === null ? '–' : `${Math.round(s.firstPassRate * 100)} %`, 'passed QC first time (7 days)', 'first-pass')}
${tile(String(s.inProgress), 'in progress now', 'in-progress')}
${tile(String(s.waitingQc), 'waiting for QC', 'waiting-qc')}
</main></body></html>`;
}

export const statusRoutes: FastifyPluginAsync<{ orm: CoreDeps['orm'] }> = async (app, { orm }) => {
  const read = () => workshopStatus(orm.em.fork() as EntityManager);

  app.get(
    '/status.json',
    {
      schema: {
        tags: ['web'],
        summary: 'Aggregate workshop numbers (public when STATUS_PAGE=true)',
        response: { 200: statusSchema },
      },
    },
    async () => {
      const s = await read();
      return {
        done_today: s.doneToday,
        done_this_week: s.doneThisWeek,
        average_turnaround_minutes: s.averageTurnaroundMinutes,
        first_pass_rate: s.firstPassRate,
        in_progress: s.inProgress,
        waiting_qc: s.waitingQc,
      };
    },
  );
  app.get('/status', { schema: { hide: true } as object }, async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(page(await read())),
  );
};
