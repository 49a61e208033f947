// What a ticket's card (the technician's) and panel (QC's) show, in one JSON-safe shape: the read
// model builds it from Postgres, and the transaction that changes a ticket returns it with the
// update's view, so a press draws its card from what it committed instead of reading it again.
import type { EpochMs } from './types';
import type { TicketColor, TicketStatus, WorkSessionStatus } from './enums';

export interface TicketCardSession {
  id: number;
  status: WorkSessionStatus;
  /** Closed intervals only; a running session adds the time since `lastStartedAt`. */
  activeSeconds: number;
  startedAt: EpochMs;
  lastStartedAt: EpochMs | null;
}

export interface TicketCardPartSpec {
  part: string;
  color: TicketColor;
  minutes: number;
  comment: string;
}

export interface TicketCardFacts {
  id: number;
  serial: string;
  itemName: string;
  status: TicketStatus;
  technicianId: number | null;
  /** The technician's display name (personName); null when none is assigned. */
  technicianName: string | null;
  title: string | null;
  totalDuration: number;
  flagColor: TicketColor;
  xpAmount: number;
  isManual: boolean;
  partSpecs: TicketCardPartSpec[];
  /** The technician's open session of the ticket, else their latest (the one that drives the buttons). */
  session: TicketCardSession | null;
  /** Whether the technician has an open session on any ticket (no Start then). */
  technicianHasOpenSession: boolean;
  /** Σ XP the technician earned on this ticket. */
  acquiredXp: number;
}
