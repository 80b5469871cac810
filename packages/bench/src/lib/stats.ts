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

/**
 * A full garbage collection (V8's `gc`, exposed at run time), so that a contender starts on a clean heap and does not
 * pay for the garbage the one before it left.
 */
export const collectGarbage: () => void = (() => {
  v8.setFlagsFromString("--expose-gc")
  const gc = vm.runInNewContext("gc") as () => void
  return () => gc()
})()
