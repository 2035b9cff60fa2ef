/**
 * Which businesses' data changed, as seen by this process: what lets a cache keep an answer while
 * nothing it was computed from has changed. Changes are counted per key: a business id (any of
 * its data), its catalog's key (`catalogKey`: its settings and catalog only), and the
 * credentials' key (`CREDENTIALS_KEY`).
 *
 * Writes that a cache depends on mark their keys (`Database.touch`). The mark takes effect when
 * the transaction commits (at once outside one): the keys' generations move, here before the
 * caller gets its answer, and on PostgreSQL other processes learn it through
 * `NOTIFY creneau_changes` (sent after the commit, batched per turn of the event loop), which
 * every process LISTENs to, passing over its own. When the listening connection is
 * (re)established every generation moves, since notifications may have been missed meanwhile;
 * when it cannot listen at all, the changes are untracked and caches must not keep anything.
 */

/** The channel of the notifications, their payload a {@link notification}. */
export const CHANNEL = "creneau_changes"

/**
 * A notification's payload: the origin of the change (the pool that made it, which passes over
 * its own), a space, and the key: a business id, a {@link catalogKey}, or {@link CREDENTIALS_KEY}.
 */
export const notification = (origin: string, key: string): string => `${origin} ${key}`

/** A notification's origin and key; a payload without a space is a key of unknown origin. */
export const parseNotification = (
  payload: string
): { readonly origin: string | undefined; readonly key: string } => {
  const space = payload.indexOf(" ")
  return space < 0
    ? { origin: undefined, key: payload }
    : { origin: payload.slice(0, space), key: payload.slice(space + 1) }
}

/**
 * The key of a business's catalog (its settings, staff, services and resources), which moves
 * only when they change, unlike the business's own key, which also moves with its appointments.
 * A catalog write marks both.
 */
export const catalogKey = (businessId: string): string => `catalog:${businessId}`

/**
 * The key of the credentials of every business (API keys and sessions), which moves when a key is
 * revoked or a session ends: rare events, so one key serves them all.
 */
export const CREDENTIALS_KEY = "credentials"

export class Changes {
  private clock = 0
  private everything = 0
  private readonly last = new Map<string, number>()
  private tracked: boolean

  constructor(tracked = true) {
    this.tracked = tracked
  }

  /**
   * The generation of a key (a business id, its catalog's key, or the credentials' key): it moves
   * whenever what the key stands for may have changed. An answer computed from data read after
   * seeing generation g is still true while the generation is g. NaN when changes are not tracked
   * (never equal to anything).
   */
  generation(key: string): number {
    if (!this.tracked) return Number.NaN
    return Math.max(this.everything, this.last.get(key) ?? 0)
  }

  /** What these keys stand for changed. */
  changed(keys: Iterable<string>): void {
    for (const key of keys) this.last.set(key, ++this.clock)
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
