/**
 * Spool ids: `[0-9a-z]`, fixed width, so that sorting ids as strings sorts messages by reception
 * (queue listings and recovery order need no extra field).
 *
 *   tttttttttt cccc rrrrrr
 *   time (ms, base 36, 10 chars: good until the year 5188)
 *             counter (base 36, 4 chars, restarts each millisecond)
 *                  random (base 36, 6 chars, ~2.2e9 values)
 *
 * Within a process, (time, counter) never repeats: time never goes backwards (a clock step back is
 * absorbed by keeping the last time) and the counter is bumped within a millisecond. Across restarts
 * the random part separates two processes that see the same time, e.g. after a clock step back.
 */

import type { Clock } from "../ports";

const TIME_WIDTH = 10;
const COUNTER_WIDTH = 4;
const RANDOM_WIDTH = 6;
const COUNTER_LIMIT = 36 ** COUNTER_WIDTH;
const RANDOM_LIMIT = 36 ** RANDOM_WIDTH;

export const SPOOL_ID_LENGTH = TIME_WIDTH + COUNTER_WIDTH + RANDOM_WIDTH;

/** Ids accepted from callers (explicit DSN ids) must be safe as a single file name. */
export const SPOOL_ID_PATTERN = /^[0-9a-z]{1,64}$/;

export type SpoolIdGenerator = () => string;

/**
 * Returns a generator of strictly increasing ids for this process. `random` is injectable so tests
 * can force collisions across "restarts"; it must return an integer in [0, 36^6).
 */
export function createSpoolIdGenerator(
  clock: Clock,
  random: () => number = defaultRandom,
): SpoolIdGenerator {
  let lastTime = 0;
  let counter = 0;
  return () => {
    let now = Math.max(Math.floor(clock.now()), lastTime);
    if (now === lastTime) {
      counter++;
      if (counter >= COUNTER_LIMIT) {
        // More than 1.6 million ids in one millisecond: borrow the next millisecond.
        now++;
        counter = 0;
      }
    } else {
      counter = 0;
    }
    lastTime = now;
    return (
      pad(now.toString(36), TIME_WIDTH) +
      pad(counter.toString(36), COUNTER_WIDTH) +
      pad((random() % RANDOM_LIMIT).toString(36), RANDOM_WIDTH)
    );
  };
}

/** Epoch ms encoded in an id made by this module (for diagnostics and tests). */
export function spoolIdTime(id: string): number {
  return parseInt(id.slice(0, TIME_WIDTH), 36);
}

function pad(s: string, width: number): string {
  return s.length >= width ? s.slice(-width) : "0".repeat(width - s.length) + s;
}

/**
 * Not a secret, only a separator between processes: Math.random (seeded per isolate from the OS)
 * is enough, and unlike randomBytes it costs no system call on the per-message path.
 */
function defaultRandom(): number {
  return Math.floor(Math.random() * RANDOM_LIMIT);
}
