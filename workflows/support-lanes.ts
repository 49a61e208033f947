// The support conversation's delivery lanes: one per destination (the main topic, the client's chat, a
// technician's topic), each running its jobs one after another so each chat gets them in order. An album's
// items are collected here (durably) for a moment and copied together; a slow or failing destination never
// holds up the others, and nothing is dropped (deliveries retry until Telegram takes them).
import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { DeliveryResult, SupportRoute } from '../activities/support';
import type { BridgeMessage, SupportOrigin, SupportTechnician } from '../src/contracts/support';
import { DELIVERY_OPTIONS } from './activity-options';

/** Album items arrive as separate updates: the album is copied once none came for this long. */
export const ALBUM_WINDOW_MS = 1_000;

const telegram = wf.proxyActivities<Activities>(DELIVERY_OPTIONS);

export type Job =
  | { kind: 'open' }
  | {
      kind: 'copy';
      origin: SupportOrigin;
      message: BridgeMessage;
      ids: number[];
      /** media_group_id of an album still collecting items until `deadline`. */
      album: string | null;
      deadline: number;
      taken: boolean;
    }
  | { kind: 'edit'; origin: SupportOrigin; message: BridgeMessage }
  | { kind: 'notice'; key: string; args?: Record<string, string | number> }
  | { kind: 'retitle' }
  | { kind: 'close' }
  | { kind: 'card' }
  | { kind: 'tech'; technician: SupportTechnician; assignedBy: string };

interface Lane {
  route: SupportRoute;
  jobs: Job[];
}

export const mainRoute: SupportRoute = { kind: 'main' };
export const techRoute = (technicianId: number): SupportRoute => ({ kind: 'tech', technicianId });
const routeName = (route: SupportRoute) => (route.kind === 'tech' ? `tech:${route.technicianId}` : route.kind);
export const handle = (username: string) => `@${username.replace(/^@+/, '')}`;

/** What the lanes need from the conversation they deliver for. */
export interface LaneOwner {
  readonly ticketId: number;
  /** The client blocked the bot: nothing more goes to their chat. */
  readonly clientBlocked: boolean;
  /** A delivery's outcome: the topic it landed in, or the client having blocked the bot. */
  delivered(route: SupportRoute, result: DeliveryResult): void;
}

export class DeliveryLanes {
  private readonly lanes = new Map<string, Lane>();

  /** @param openQueued the main topic exists already (a continued run), so no `open` job leads its lane. */
  constructor(
    private readonly owner: LaneOwner,
    private openQueued: boolean,
  ) {}

  idle(): boolean {
    return [...this.lanes.values()].every((lane) => lane.jobs.length === 0);
  }

  laneOf(route: SupportRoute): Lane {
    const key = routeName(route);
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { route, jobs: [] };
      this.lanes.set(key, lane);
      void this.runLane(lane);
    }
    // The main topic (with the card and the picker) exists before anything is posted in it.
    if (route.kind === 'main' && !this.openQueued) {
      this.openQueued = true;
      lane.jobs.push({ kind: 'open' });
    }
    return lane;
  }

  enqueue(route: SupportRoute, job: Job): void {
    this.laneOf(route).jobs.push(job);
  }

  /** Queues a message (or an edit) for each destination; album items join their album's job. */
  bridge(origin: SupportOrigin, message: BridgeMessage, routes: SupportRoute[]): void {
    for (const route of routes) {
      if (message.editDate !== null) {
        this.enqueue(route, { kind: 'edit', origin, message });
        continue;
      }
      const album = message.mediaGroupId;
      const open =
        album === null
          ? undefined
          : this.lanes
              .get(routeName(route))
              ?.jobs.find(
                (j): j is Extract<Job, { kind: 'copy' }> => j.kind === 'copy' && j.album === album && !j.taken,
              );
      if (open) {
        open.ids.push(message.messageId);
        open.deadline = Date.now() + ALBUM_WINDOW_MS;
        continue;
      }
      this.enqueue(route, {
        kind: 'copy',
        origin,
        message,
        ids: [message.messageId],
        album,
        deadline: Date.now() + ALBUM_WINDOW_MS,
        taken: false,
      });
    }
  }

  private async runLane(lane: Lane): Promise<void> {
    for (;;) {
      await wf.condition(() => lane.jobs.length > 0);
      const job = lane.jobs[0]!;
      try {
        await this.runJob(lane.route, job);
      } catch (err) {
        // Only a non-retryable failure gets here; the activity has recorded it as an event.
        wf.log.warn('support delivery failed', {
          ticketId: this.owner.ticketId,
          route: routeName(lane.route),
          job: job.kind,
          error: String(err),
        });
      }
      lane.jobs.shift();
    }
  }

  private async runJob(route: SupportRoute, job: Job): Promise<void> {
    const { ticketId } = this.owner;
    const delivered = (result: DeliveryResult) => this.owner.delivered(route, result);
    switch (job.kind) {
      case 'open':
        delivered(
          await telegram.openSupportMainTopic.executeWithOptions({ summary: 'open main topic' }, [{ ticketId }]),
        );
        return;
      case 'copy': {
        // An album waits until no new item came for ALBUM_WINDOW_MS, then goes as one.
        while (job.album !== null && Date.now() < job.deadline) {
          await wf.sleep(job.deadline - Date.now(), { summary: 'collect album items' });
        }
        job.taken = true;
        if (route.kind === 'client' && this.owner.clientBlocked) return;
        const ids = [...job.ids].sort((a, b) => a - b);
        delivered(
          await telegram.deliverSupportCopy.executeWithOptions(
            { summary: `${job.origin.toLowerCase()} message ${ids.join(',')} → ${routeName(route)}` },
            [{ ticketId, origin: job.origin, route, message: job.message, messageIds: ids }],
          ),
        );
        return;
      }
      case 'edit':
        if (route.kind === 'client' && this.owner.clientBlocked) return;
        delivered(
          await telegram.deliverSupportEdit.executeWithOptions(
            { summary: `edit of ${job.message.messageId} → ${routeName(route)}` },
            [{ ticketId, origin: job.origin, route, message: job.message }],
          ),
        );
        return;
      case 'notice':
        if (route.kind === 'client' && this.owner.clientBlocked) return;
        delivered(
          await telegram.postSupportNotice.executeWithOptions({ summary: `${job.key} → ${routeName(route)}` }, [
            { ticketId, route, key: job.key, ...(job.args ? { args: job.args } : {}) },
          ]),
        );
        return;
      case 'retitle':
        delivered(
          await telegram.retitleSupportTopic.executeWithOptions({ summary: `retitle ${routeName(route)}` }, [
            { ticketId, route },
          ]),
        );
        return;
      case 'close':
        await telegram.closeSupportTopic.executeWithOptions({ summary: `close ${routeName(route)} topic` }, [
          { ticketId, route },
        ]);
        return;
      case 'card':
        await telegram.finalizeSupportCard.executeWithOptions({ summary: 'update the card' }, [{ ticketId }]);
        return;
      case 'tech':
        delivered(
          await telegram.ensureSupportTechTopic.executeWithOptions(
            { summary: `open ${handle(job.technician.username)}'s topic` },
            [{ ticketId, technician: job.technician, assignedBy: job.assignedBy }],
          ),
        );
        return;
    }
  }
}
