// Node 20 lacks Map.groupBy / Object.groupBy (Node 21+), which Vitest 5's reporter uses when it
// prints failures. Loaded first by the root Vitest configuration.
type GroupBy = <K, T>(items: Iterable<T>, key: (item: T, index: number) => K) => Map<K, Array<T>>

const mapCtor = Map as unknown as { groupBy?: GroupBy }
if (typeof mapCtor.groupBy !== "function") {
  mapCtor.groupBy = (items, key) => {
    const groups = new Map()
    let index = 0
    for (const item of items) {
      const k = key(item, index++)
      const group = groups.get(k)
      if (group === undefined) groups.set(k, [item])
      else group.push(item)
    }
    return groups
  }
}

const objectCtor = Object as unknown as {
  groupBy?: <T>(
    items: Iterable<T>,
    key: (item: T, index: number) => PropertyKey
  ) => Record<PropertyKey, Array<T>>
}
if (typeof objectCtor.groupBy !== "function") {
  objectCtor.groupBy = (items, key) => {
    const groups: Record<PropertyKey, Array<unknown>> = Object.create(null)
    let index = 0
    for (const item of items) {
      const k = key(item, index++)
      const group = groups[k]
      if (group === undefined) groups[k] = [item]
      else group.push(item)
    }
    return groups as never
  }
}

export {}
