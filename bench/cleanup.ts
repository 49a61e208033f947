/**
 * Undo steps of whatever the bench started, run once in reverse order (worker before server,
 * ORM before dropping its database). A step added after the run began (something that finished
 * starting while an interrupt was already cleaning up) runs right away, after the others.
 */
export class Cleanup {
  private readonly steps: { name: string; fn: () => Promise<unknown> }[] = [];
  private readonly errors: string[] = [];
  private running: Promise<void> | undefined;

  add(name: string, fn: () => Promise<unknown>): void {
    if (this.running) this.running = this.running.then(() => this.step(name, fn));
    else this.steps.push({ name, fn });
  }

  /** Runs every step (a failing step does not stop the others); rejects listing the failures. */
  run(): Promise<void> {
    this.running ??= (async () => {
      for (const { name, fn } of [...this.steps].reverse()) await this.step(name, fn);
    })();
    return this.running.then(() => {
      if (this.errors.length) throw new Error(`cleanup failed:\n  ${this.errors.join('\n  ')}`);
    });
  }

  /** A step that hangs (a worker waiting on a server that is gone) is abandoned after `stepTimeoutMs`. */
  constructor(private readonly stepTimeoutMs = 15_000) {}

  private async step(name: string, fn: () => Promise<unknown>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`gave up after ${this.stepTimeoutMs / 1000} s`)), this.stepTimeoutMs);
    });
    try {
      await Promise.race([fn(), timeout]);
    } catch (err) {
      this.errors.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      clearTimeout(timer);
    }
  }
}
