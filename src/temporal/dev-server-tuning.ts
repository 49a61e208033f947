// Dynamic config of the Temporal CLI dev server, for `npm run dev` and `npm run bench` (which
// measured it: bench/README.md, "Tuning"). The dev server runs one history shard, so its stock
// limits queue every workflow task behind a reader capped at 20 polls a second, and spreads each
// task queue over 4 partitions that one worker's pollers must all find.
export const DEV_SERVER_DYNAMIC_CONFIG: readonly string[] = [
  // Each hop through the history transfer queue (a workflow task after a signal, an activity or a
  // workflow start) waited up to 50 ms for the next poll.
  'history.transferProcessorMaxPollRPS=1000',
  // One partition per task queue: a task never lands where no poller waits and is forwarded.
  'matching.numTaskqueueReadPartitions=1',
  'matching.numTaskqueueWritePartitions=1',
  // An activity scheduled by a workflow task (a notification, a chat lane's delivery) is handed to
  // the worker that completed the task, in its reply, instead of through a task queue poll.
  'system.enableActivityEagerExecution=true',
];

/** The values as the CLI's repeated `--dynamic-config-value KEY=VALUE` arguments. */
export function dynamicConfigArgs(values: readonly string[]): string[] {
  return values.flatMap((kv) => ['--dynamic-config-value', kv]);
}
