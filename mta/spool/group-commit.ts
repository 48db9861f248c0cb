/**
 * Group commit: many callers share one expensive durability call (a directory fsync for the queue,
 * an fdatasync for the journal). The rule that makes it correct: a request is satisfied only by a
 * run that *starts after* the request, because a run already in progress may have missed the
 * caller's rename or append. While a run is in progress, every new request joins the single next
 * run, so N concurrent callers cost at most two runs, not N.
 */

export interface GroupCommit {
  /**
   * Resolves after a run that started after this call has finished; rejects with that run's error.
   * Never runs two at once.
   */
  request(): Promise<void>;
  /** Resolves once no run is in progress or queued (used by close). Never rejects. */
  idle(): Promise<void>;
  /** Runs started so far (tests and metrics: requests / runs is the batching factor). */
  readonly runs: number;
}

interface Batch {
  promise: Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

function newBatch(): Batch {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A batch may have no awaiting caller left (idle() only); never report that as unhandled.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/**
 * `run` performs the durability call. The first run after an idle period starts on the next
 * macrotask rather than synchronously, so completions delivered in the same event-loop turn (several
 * renames finishing together) share it, at the cost of one loop turn of latency.
 */
export function createGroupCommit(run: () => Promise<void>): GroupCommit {
  let waiting: Batch | null = null;
  let busy = false;
  let runs = 0;
  const idlers: (() => void)[] = [];

  const start = (): void => {
    const batch = waiting;
    waiting = null;
    if (!batch) {
      busy = false;
      for (const wake of idlers.splice(0)) wake();
      return;
    }
    runs++;
    let result: Promise<void>;
    try {
      result = run();
    } catch (err) {
      result = Promise.reject(err);
    }
    result.then(batch.resolve, batch.reject).finally(start);
  };

  return {
    request() {
      waiting ??= newBatch();
      const { promise } = waiting;
      if (!busy) {
        busy = true;
        setImmediate(start);
      }
      return promise;
    },
    idle() {
      return busy ? new Promise<void>((resolve) => idlers.push(resolve)) : Promise.resolve();
    },
    get runs() {
      return runs;
    },
  };
}
