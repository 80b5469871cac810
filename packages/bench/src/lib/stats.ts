/**
 * Small statistics and formatting helpers.
 */
import * as v8 from "node:v8"
import * as vm from "node:vm"

export const median = (values: ReadonlyArray<number>): number => {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

export const min = (values: ReadonlyArray<number>): number => Math.min(...values)
export const max = (values: ReadonlyArray<number>): number => Math.max(...values)

/** Milliseconds, with a precision that suits the size. */
export const ms = (value: number): string =>
  !Number.isFinite(value) ? "n/a" : value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(1)} ms`

export const us = (value: number): string => (!Number.isFinite(value) ? "n/a" : `${value.toFixed(2)} µs`)

export const ratio = (value: number): string => (!Number.isFinite(value) ? "n/a" : `${value.toFixed(2)}×`)

export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`

export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} kB`

export const int = (value: number): string => Math.round(value).toLocaleString("en-US")

/**
 * The items in an order of round `n`'s own (a seeded shuffle): over the rounds no contender always follows the same
 * one, so what a contender leaves behind (sockets, garbage, a cold cache) does not always fall on the same next one.
 */
export const shuffled = <A>(items: ReadonlyArray<A>, n: number): Array<A> => {
  const out = [...items]
  // mulberry32
  let seed = (n + 1) * 0x9e3779b9
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

/** Rotates an array by `n` (interleaving: each round starts with a different contender). */
export const rotate = <A>(items: ReadonlyArray<A>, n: number): Array<A> => {
  const k = ((n % items.length) + items.length) % items.length
  return [...items.slice(k), ...items.slice(0, k)]
}

export const sleep = (millis: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, millis))

/** Times an async function, in milliseconds. */
export const time = async <A>(f: () => Promise<A>): Promise<{ readonly ms: number; readonly value: A }> => {
  const start = performance.now()
  const value = await f()
  return { ms: performance.now() - start, value }
}

const gc: () => void = (() => {
  v8.setFlagsFromString("--expose-gc")
  return vm.runInNewContext("gc") as () => void
})()

/**
 * A full garbage collection (V8's `gc`, exposed at run time), then a pause for the collector's helper threads to end
 * their sweeping, so that a contender starts on a clean heap and does not pay (in time or in CPU counted) for the
 * garbage the one before it left.
 */
export const collectGarbage = async (): Promise<void> => {
  gc()
  await sleep(150)
}
