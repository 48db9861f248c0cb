/**
 * Recipients attempted in the trailing minute, for the monitor's "rate now" against `max-msg-rate`:
 * a ring of 60 per-second counts, so recording and reading cost O(1) amortised and a queue's memory
 * is fixed (no per-message entries), whatever its traffic. Seconds are whole clock seconds, so the
 * window is 59-60 s wide.
 */

const SLOTS = 60;

export class AttemptWindow {
  private readonly counts = new Uint32Array(SLOTS);
  /** The clock second the newest slot belongs to. */
  private second = 0;
  private total = 0;

  /** Records `n` recipients attempted at `now` (epoch ms). */
  add(now: number, n: number): void {
    const s = Math.floor(now / 1000);
    this.advance(s);
    this.counts[s % SLOTS] += n;
    this.total += n;
  }

  /** Recipients attempted in the minute up to `now`. */
  lastMinute(now: number): number {
    this.advance(Math.floor(now / 1000));
    return this.total;
  }

  /** Forgets the seconds that fell out of the window by `s`. A clock going back changes nothing. */
  private advance(s: number): void {
    if (s <= this.second) return;
    if (s - this.second >= SLOTS) {
      this.counts.fill(0);
      this.total = 0;
    } else {
      for (let t = this.second + 1; t <= s; t++) {
        this.total -= this.counts[t % SLOTS];
        this.counts[t % SLOTS] = 0;
      }
    }
    this.second = s;
  }
}
