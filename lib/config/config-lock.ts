/**
 * Config changes run one at a time per process: the console's actions (loaded by the Next bundle) and
 * `hermod reload` (SIGHUP, handled in server.ts) share the file and the engine, and the two load this
 * module as separate copies, so the queue lives on globalThis.
 */

const KEY = Symbol.for("hermod.config-lock");
type Registry = { [KEY]?: Promise<unknown> };

/** Runs `task` after every task queued before it has settled. */
export function withConfigLock<T>(task: () => Promise<T>): Promise<T> {
  const registry = globalThis as Registry;
  const previous = registry[KEY] ?? Promise.resolve();
  const run = previous.then(task, task);
  registry[KEY] = run.catch(() => undefined);
  return run;
}
