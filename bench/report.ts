// The bench's results and how they are printed. Pure: the tables are built from the numbers.
import { OPS, type Op, type PathName } from './lifecycle';
import { PRESSES, PRESS_LABELS, type Press, type PressResults } from './press';
import type { QueryResults } from './queries';
import { formatMs, formatRatio, formatTable, ratio, summarize, type Summary } from './stats';

export interface HistoryStats {
  /** Events in the workflow's history once it has closed. */
  events: number;
  /** Event counts by kind (workflow tasks, activities, updates, …). */
  byKind: Record<string, number>;
}

export interface BenchResults {
  options: {
    iterations: number;
    lifecycles: number;
    warmup: number;
    dynamicConfig: string[];
    pressTickets: number;
    concurrency: number;
    concurrentRounds: number;
    queryTickets: number;
  };
  environment: {
    node: string;
    platform: string;
    cpus: number;
    /** 1-minute load average of the machine: other work on it skews every number. */
    loadAverage: string;
    postgres: string;
    temporal: string;
  };
  /** The press through the running system (webhook → card edited), with CPU per press (null when skipped). */
  press: PressResults | null;
  /** The staff queues over a loaded database (null when skipped). */
  queries: QueryResults | null;
  /** Per-action latency in ms, per path. */
  latency: Record<PathName, Record<Op, Summary>>;
  lifecycle: {
    temporal: {
      /** create called → QC pass returned, ms. */
      wallMs: Summary;
      /** create called → ticket workflow closed (its notifications sent), ms. */
      closedMs: Summary;
      ticketHistory: HistoryStats[];
      sessionHistory: HistoryStats[];
    };
    plain: { wallMs: Summary };
  };
  durationSeconds: number;
}

const OP_LABELS: Record<Op, string> = {
  create: 'create',
  approve: 'approve review',
  assign: 'assign',
  start: 'start',
  pause: 'pause',
  resume: 'resume',
  stop: 'stop',
  send_to_qc: 'send to QC',
  qc_pass: 'QC pass',
};

/** Where each op's Temporal round-trip lands: the ticket workflow or its work-session workflow. */
const OP_WORKFLOW: Record<Op, string> = {
  create: 'start',
  approve: 'ticket',
  assign: 'ticket',
  start: 'ticket',
  pause: 'session',
  resume: 'session',
  stop: 'session',
  send_to_qc: 'ticket',
  qc_pass: 'ticket',
};

/** Per-op samples → summaries, in lifecycle order. */
export function summarizeOps(samples: Record<Op, number[]>): Record<Op, Summary> {
  return Object.fromEntries(OPS.map((op) => [op, summarize(samples[op])])) as Record<Op, Summary>;
}

export function emptySamples(): Record<Op, number[]> {
  return Object.fromEntries(OPS.map((op) => [op, []])) as unknown as Record<Op, number[]>;
}

/** The kind an event of a fetched history belongs to, from its `…EventAttributes` field. */
export function eventKind(event: object): string {
  const key = Object.entries(event).find(([k, v]) => k.endsWith('EventAttributes') && v != null)?.[0];
  const type = key ? key.slice(0, -'EventAttributes'.length) : 'unknown';
  if (type.startsWith('workflowTask')) return 'workflow task';
  if (type.startsWith('activityTask')) return 'activity';
  if (type.startsWith('workflowExecutionUpdate')) return 'update';
  if (type.startsWith('timer')) return 'timer';
  if (/^(startChildWorkflowExecution|childWorkflowExecution)/.test(type)) return 'child workflow';
  if (/^(signalExternalWorkflowExecution|externalWorkflowExecutionSignaled|workflowExecutionSignaled)/.test(type)) {
    return 'signal';
  }
  if (/^(upsertWorkflowSearchAttributes|workflowPropertiesModified)/.test(type)) return 'search attributes';
  if (/^workflowExecution(Started|Completed|Failed|TimedOut|Terminated|ContinuedAsNew|Canceled)$/.test(type)) {
    return 'start/close';
  }
  return type;
}

export function historyStats(events: readonly object[]): HistoryStats {
  const byKind: Record<string, number> = {};
  for (const event of events) {
    const kind = eventKind(event);
    byKind[kind] = (byKind[kind] ?? 0) + 1;
  }
  return { events: events.length, byKind };
}

/** "27" when every run had the same count, else "27–29". */
function range(values: readonly number[]): string {
  if (values.length === 0) return '–';
  const min = Math.min(...values);
  const max = Math.max(...values);
  return min === max ? String(min) : `${min}–${max}`;
}

function breakdown(histories: readonly HistoryStats[]): string {
  const kinds = [...new Set(histories.flatMap((h) => Object.keys(h.byKind)))];
  const total = (kind: string) => histories.map((h) => h.byKind[kind] ?? 0);
  return kinds
    .map((kind) => ({ kind, counts: total(kind) }))
    .sort((a, b) => Math.max(...b.counts) - Math.max(...a.counts))
    .map(({ kind, counts }) => `${kind} ${range(counts)}`)
    .join(', ');
}

const right = (header: string) => ({ header, align: 'right' as const });

/** The plain-database transaction a press runs. */
const PRESS_OP: Record<Press, Op> = {
  start: 'start',
  pause: 'pause',
  resume: 'resume',
  stop: 'stop',
  to_waiting_qc: 'send_to_qc',
};

/** Events per full lifecycle: the ticket workflow's plus its work session's, per run. */
export function lifecycleEvents(ticket: readonly HistoryStats[], session: readonly HistoryStats[]): number[] {
  return ticket.map((h, i) => h.events + (session[i]?.events ?? 0));
}

function pressSection(results: BenchResults, press: PressResults): string[] {
  const { latency } = results;
  const out: string[] = [];
  out.push(
    '0. Press → card edited: callback_query POSTed by the fake Bot API to the webhook → its editMessageText,',
    '   app, worker and Temporal dev server as processes of their own, ms',
  );
  const rows: string[][] = [];
  const phases = [
    { label: '1 technician', phase: press.single },
    { label: '1, not cached', phase: press.singleUncached },
    { label: `${press.concurrent.concurrency} at once`, phase: press.concurrent },
  ];
  for (const { label, phase } of phases) {
    for (const key of [...PRESSES, 'all'] as const) {
      const s = phase.latency[key];
      const plain =
        key === 'all'
          ? PRESSES.reduce((sum, p) => sum + latency.plain[PRESS_OP[p]].p50, 0) / PRESSES.length
          : latency.plain[PRESS_OP[key]].p50;
      const pressP50 =
        key === 'all' ? PRESSES.reduce((sum, p) => sum + phase.latency[p].p50, 0) / PRESSES.length : s.p50;
      rows.push([
        label,
        key === 'all' ? 'all presses' : PRESS_LABELS[key],
        String(s.n),
        formatMs(s.p50),
        formatMs(s.p95),
        formatMs(s.p99),
        formatMs(s.max),
        formatMs(plain),
        formatRatio(ratio(pressP50, plain)),
      ]);
    }
  }
  out.push(
    formatTable(
      [
        'phase',
        'press',
        right('n'),
        right('p50'),
        right('p95'),
        right('p99'),
        right('max'),
        right('plain DB p50'),
        right('ratio p50'),
      ],
      rows,
    ),
  );
  out.push(
    'ratio = press p50 / the same transition as one plain database transaction (section 3), this run;',
    'for all presses, the mean of the five p50s over the mean of the five plain p50s.',
    '1, not cached = one technician, each press with the identity cache expired (as presses minutes apart meet it).',
    '',
  );
  const cpuRow = (label: string, cpu: Record<string, number>) => [
    label,
    formatMs(cpu.app),
    formatMs(cpu.worker),
    formatMs(cpu.temporal),
    formatMs(cpu.total),
  ];
  out.push(
    'CPU per press (process CPU time over the phase / presses), ms; after warm-up = ms of CPU per second with',
    'no presses right after the warm-up: their trailing work (chat lanes, notification activities waiting for delivery)',
  );
  out.push(
    formatTable(
      ['phase', right('app'), right('worker'), right('Temporal'), right('total')],
      [
        cpuRow('1 technician', press.single.cpuPerPressMs),
        cpuRow('1, not cached', press.singleUncached.cpuPerPressMs),
        cpuRow(`${press.concurrent.concurrency} at once`, press.concurrent.cpuPerPressMs),
        cpuRow('after warm-up, per s', press.idleCpuMsPerSecond),
      ],
    ),
  );
  const calls = Object.entries(press.single.botApiCallsPerPress)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([method, n]) => `${method} ${n.toFixed(1)}`)
    .join(', ');
  out.push(`Bot API calls per press (1 technician): ${calls}`);
  const t = results.lifecycle.temporal;
  out.push(
    `history events per full lifecycle (ticket + work session): ${range(lifecycleEvents(t.ticketHistory, t.sessionHistory))}` +
      ` (ticket ${range(t.ticketHistory.map((h) => h.events))}, session ${range(t.sessionHistory.map((h) => h.events))})`,
    '',
  );
  return out;
}

function querySection(queries: QueryResults): string[] {
  const mix = Object.entries(queries.statuses)
    .map(([status, n]) => `${status} ${n}`)
    .join(', ');
  return [
    `4. Staff queries over ${queries.tickets} tickets loaded by SQL in ${queries.loadSeconds.toFixed(0)} s (${mix}), ms`,
    formatTable(
      ['query', right('n'), right('p50'), right('p95'), right('p99'), right('max')],
      Object.entries(queries.latency).map(([name, s]) => [
        name,
        String(s.n),
        formatMs(s.p50),
        formatMs(s.p95),
        formatMs(s.p99),
        formatMs(s.max),
      ]),
    ),
    '',
  ];
}

export function renderReport(results: BenchResults): string {
  const { latency, lifecycle, options, environment: env } = results;
  const out: string[] = [];
  out.push(
    `ticketflow bench — ${options.iterations} tickets per path for latency, ${options.lifecycles} lifecycles, ` +
      `${options.warmup} warm-up tickets per path`,
    `node ${env.node} · ${env.platform} · ${env.cpus} CPUs (load ${env.loadAverage}) · ${env.postgres} · ` +
      `Temporal ${env.temporal}`,
    `dev server dynamic config: ${options.dynamicConfig.length ? options.dynamicConfig.join(' ') : 'defaults'}`,
    '',
  );
  if (results.press) out.push(...pressSection(results, results.press));

  out.push('1. Round-trip latency through TicketService (Temporal dev server + worker), ms');
  out.push(
    formatTable(
      ['action', 'workflow', right('n'), right('p50'), right('p95'), right('p99'), right('mean'), right('max')],
      OPS.map((op) => {
        const s = latency.temporal[op];
        return [
          OP_LABELS[op],
          OP_WORKFLOW[op],
          String(s.n),
          formatMs(s.p50),
          formatMs(s.p95),
          formatMs(s.p99),
          formatMs(s.mean),
          formatMs(s.max),
        ];
      }),
    ),
  );
  out.push(
    'create = intake transaction + workflow start; ticket/session = update-with-start on that workflow,',
    "after the facade's own reads (ticket snapshot, or the open session).",
    '',
  );

  const t = lifecycle.temporal;
  out.push('2. Whole lifecycle: create → approve → assign → start → pause → resume → stop → send to QC → QC pass, ms');
  out.push(
    formatTable(
      [
        'path',
        right('n'),
        right('p50'),
        right('mean'),
        right('min'),
        right('max'),
        right('until closed'),
        right('ticket wf events'),
        right('session wf events'),
      ],
      [
        [
          'temporal',
          String(t.wallMs.n),
          formatMs(t.wallMs.p50),
          formatMs(t.wallMs.mean),
          formatMs(t.wallMs.min),
          formatMs(t.wallMs.max),
          formatMs(t.closedMs.mean),
          range(t.ticketHistory.map((h) => h.events)),
          range(t.sessionHistory.map((h) => h.events)),
        ],
        [
          'plain DB',
          String(lifecycle.plain.wallMs.n),
          formatMs(lifecycle.plain.wallMs.p50),
          formatMs(lifecycle.plain.wallMs.mean),
          formatMs(lifecycle.plain.wallMs.min),
          formatMs(lifecycle.plain.wallMs.max),
          '–',
          '–',
          '–',
        ],
      ],
    ),
  );
  out.push(
    `until closed = mean time until the ticket workflow completed (notifications sent).`,
    `ticket workflow events:  ${breakdown(t.ticketHistory)}`,
    `session workflow events: ${breakdown(t.sessionHistory)}`,
    '',
  );

  out.push('3. Temporal vs the same transactions as plain database calls (activities called directly), ms');
  const rows = OPS.map((op) => {
    const a = latency.temporal[op];
    const b = latency.plain[op];
    return [
      OP_LABELS[op],
      formatMs(a.p50),
      formatMs(b.p50),
      formatRatio(ratio(a.p50, b.p50)),
      formatMs(a.p95),
      formatMs(b.p95),
      formatMs(a.mean),
      formatMs(b.mean),
      formatRatio(ratio(a.mean, b.mean)),
      formatMs(a.mean - b.mean),
    ];
  });
  rows.push([
    'whole lifecycle',
    formatMs(t.wallMs.p50),
    formatMs(lifecycle.plain.wallMs.p50),
    formatRatio(ratio(t.wallMs.p50, lifecycle.plain.wallMs.p50)),
    formatMs(t.wallMs.p95),
    formatMs(lifecycle.plain.wallMs.p95),
    formatMs(t.wallMs.mean),
    formatMs(lifecycle.plain.wallMs.mean),
    formatRatio(ratio(t.wallMs.mean, lifecycle.plain.wallMs.mean)),
    formatMs(t.wallMs.mean - lifecycle.plain.wallMs.mean),
  ]);
  out.push(
    formatTable(
      [
        'action',
        right('temporal p50'),
        right('plain p50'),
        right('ratio p50'),
        right('temporal p95'),
        right('plain p95'),
        right('temporal mean'),
        right('plain mean'),
        right('ratio mean'),
        right('overhead mean'),
      ],
      rows,
    ),
  );
  out.push(
    'ratio = temporal / plain; overhead = temporal − plain. The plain create is the same intake transaction',
    'without the workflow start; the other plain actions are applyTicketAction / applyWorkSessionAction with',
    "the workflows' parameters (the Temporal column also includes the facade's pre-reads).",
    '',
  );
  if (results.queries) out.push(...querySection(results.queries));
  out.push(`total bench time ${results.durationSeconds.toFixed(1)} s`);
  return out.join('\n');
}
