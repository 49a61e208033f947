import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

export const historiesDir = path.resolve(__dirname, '../fixtures/histories');

/**
 * With RECORD_HISTORIES=1, saves a workflow's history as a replay fixture
 * (test/workflows/replay.test.ts replays every saved one on each run).
 */
export async function recordHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  mkdirSync(historiesDir, { recursive: true });
  // Binary protobuf: historyToJSON trips over jest's module registry (two protobufjs copies).
  writeFileSync(path.join(historiesDir, `${name}.bin`), temporal.api.history.v1.History.encode(history).finish());
}

export function loadHistory(file: string): temporal.api.history.v1.History {
  return temporal.api.history.v1.History.decode(readFileSync(path.join(historiesDir, file)));
}
