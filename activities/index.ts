import type { CoreDeps } from '../src/deps';

/** Every activity the worker registers, bound to the process's dependencies. */
export function createActivities(_deps: CoreDeps) {
  return {};
}

export type Activities = ReturnType<typeof createActivities>;
