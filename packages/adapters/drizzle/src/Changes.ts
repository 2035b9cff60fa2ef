/**
 * Which businesses' data changed, as seen by this process: what lets a cache keep an answer while
 * nothing it was computed from has changed.
 *
 * Writes that a cache depends on mark their business (`Database.touch`). The mark takes effect
 * when the transaction commits (at once outside one): the business's generation moves, here
 * before the caller gets its answer, and on PostgreSQL other processes learn it through
 * `NOTIFY creneau_changes` (sent after the commit, batched per turn of the event loop), which
 * every process LISTENs to. When the listening connection is (re)established every generation
 * moves, since notifications may have been missed meanwhile; when it cannot listen at all, the
 * changes are untracked and caches must not keep anything.
 */

/** The channel of the notifications, their payload a business id. */
export const CHANNEL = "creneau_changes"

export class Changes {
  private clock = 0
  private everything = 0
  private readonly last = new Map<string, number>()
  private tracked: boolean

  constructor(tracked = true) {
    this.tracked = tracked
  }

  /**
   * The business's generation: it moves whenever its data may have changed. An answer computed
   * from data read after seeing generation g is still true while the generation is g. NaN when
   * changes are not tracked (never equal to anything).
   */
  generation(businessId: string): number {
    if (!this.tracked) return Number.NaN
    return Math.max(this.everything, this.last.get(businessId) ?? 0)
  }

  /** These businesses' data changed. */
  changed(businessIds: Iterable<string>): void {
    for (const id of businessIds) this.last.set(id, ++this.clock)
  }

  /** Anything may have changed (changes may have been missed). */
  changedAll(): void {
    this.everything = ++this.clock
  }

  /** Changes made elsewhere cannot be learnt: generations are never equal from now on. */
  untrack(): void {
    this.tracked = false
  }
}
