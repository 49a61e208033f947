import type { RecordedCall } from './types';

type CallPredicate = (call: RecordedCall) => boolean;

interface Waiter {
  method: string | undefined;
  predicate: CallPredicate | undefined;
  resolve: (call: RecordedCall) => void;
}

/** Keeps every Bot API call and lets tests wait for the ones they expect. */
export class CallRecorder {
  private list: RecordedCall[] = [];
  private waiters = new Set<Waiter>();
  private seq = 0;

  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  record(call: RecordedCall): void {
    this.list.push(call);
    for (const w of [...this.waiters]) {
      if (matches(call, w.method, w.predicate)) {
        this.waiters.delete(w);
        w.resolve(call);
      }
    }
  }

  /** All calls (of one method, case-insensitive) in order. */
  calls(method?: string): RecordedCall[] {
    return method === undefined ? [...this.list] : this.list.filter((c) => sameMethod(c.method, method));
  }

  lastCall(method?: string): RecordedCall | undefined {
    return this.calls(method).at(-1);
  }

  clear(): void {
    this.list = [];
  }

  /**
   * The first recorded call (since the last clear) matching method and predicate, or the next one
   * to arrive. Rejects after `timeoutMs` with the calls seen so far in the message.
   */
  waitForCall(method: string | undefined, predicate?: CallPredicate, timeoutMs = 5000): Promise<RecordedCall> {
    const existing = this.list.find((c) => matches(c, method, predicate));
    if (existing) return Promise.resolve(existing);
    return new Promise<RecordedCall>((resolve, reject) => {
      const waiter: Waiter = {
        method,
        predicate,
        resolve: (call) => {
          clearTimeout(timer);
          resolve(call);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seen = this.list.map((c) => c.method).join(', ') || 'none';
        reject(new Error(`waitForCall(${method ?? '*'}) timed out after ${timeoutMs} ms; calls so far: ${seen}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }
}

function sameMethod(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function matches(call: RecordedCall, method: string | undefined, predicate: CallPredicate | undefined): boolean {
  if (method !== undefined && method !== '*' && !sameMethod(call.method, method)) return false;
  return predicate ? predicate(call) : true;
}
