/**
 * Serializes async update handlers of one workflow: each waits for the previous to finish, so
 * transitions never interleave between their activity calls. Deterministic (plain promises).
 */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  run<T>(critical: () => Promise<T>): Promise<T> {
    const result = this.tail.then(critical);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
