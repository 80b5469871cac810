/**
 * The fake's state: every resource in its wire form (the JSON DigitalOcean sends), plus what the fake needs to
 * model time (pending actions), tokens, rate limits and deterministic randomness.
 *
 * @internal
 */

/** A JSON object as the API sends it. */
export type Json = { [key: string]: any }

/** An action and what happens when it finishes. */
export interface PendingAction {
  readonly json: Json
  /** Clock time (ms) at which it finishes. */
  readonly completesAt: number
  /** How it ends. */
  readonly outcome: "completed" | "errored"
  /** The resource it acts on, e.g. `droplet:5`, `reserved_ip:45.55.96.47`, `volume:<uuid>`, `image:7`. */
  readonly target: string
  /** Applied to the state when the action completes (not when it errors). */
  readonly onComplete?: ((state: State, now: number) => void) | undefined
  /** Applied when it errors. */
  readonly onError?: ((state: State, now: number) => void) | undefined
}

/**
 * The request times of one token in the last hour, oldest first: `times` from index `hour` are within the hour,
 * from index `minute` within the minute (indexes move forward as time passes, so each request costs O(1)).
 */
export interface Budget {
  readonly times: Array<number>
  hour: number
  minute: number
}

/** A domain with its records. */
export interface DomainEntry {
  readonly domain: Json
  readonly records: Map<number, Json>
}

/** The whole state. Handlers mutate it; `settle` applies finished actions before each request. */
export interface State {
  account: Json
  readonly tokens: Set<string>
  readonly regions: Array<Json>
  readonly sizes: Array<Json>
  readonly images: Map<number, Json>
  readonly droplets: Map<number, Json>
  readonly actions: Map<number, PendingAction>
  /** Reserved IPs; the floating_ips paths show the same objects. */
  readonly ips: Map<string, Json>
  readonly sshKeys: Map<number, Json>
  readonly domains: Map<string, DomainEntry>
  /** Tag name → the resources tagged: `droplet:5`, `image:7`, `volume:<id>`, `volume_snapshot:<id>`. */
  readonly tags: Map<string, { readonly json: Json; readonly resources: Map<string, number> }>
  readonly volumes: Map<string, Json>
  /** Volume snapshots and droplet snapshots, by their string id. */
  readonly snapshots: Map<string, Json>
  /** Load balancers. By id (families: each handler module owns its map and the shape of its entries). */
  readonly loadBalancers: Map<string, Json>
  /** Cloud firewalls. By id (families: each handler module owns its map and the shape of its entries). */
  readonly firewalls: Map<string, Json>
  /** VPCs. By id (families: each handler module owns its map and the shape of its entries). */
  readonly vpcs: Map<string, Json>
  /** Projects and their resources. By id (families: each handler module owns its map and the shape of its entries). */
  readonly projects: Map<string, Json>
  /** Kubernetes clusters and node pools. By id (families: each handler module owns its map and the shape of its entries). */
  readonly kubernetes: Map<string, Json>
  /** Managed database clusters. By id (families: each handler module owns its map and the shape of its entries). */
  readonly databases: Map<string, Json>
  /** App Platform apps and deployments. By id (families: each handler module owns its map and the shape of its entries). */
  readonly apps: Map<string, Json>
  /** Request times per token, for the rate limits. */
  readonly requests: Map<string, Budget>
  /** How many requests the fake has answered (any outcome but a dropped connection). */
  served: number
  /** Next ids. */
  readonly counters: { droplet: number; action: number; image: number; sshKey: number; record: number; ip: number }
  /** A seeded PRNG in [0, 1). */
  readonly random: () => number
}

/** mulberry32: a small, fast, seeded PRNG, so faults and generated values are deterministic given a seed. */
export const prng = (seed: number): () => number => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A UUID-looking string from the PRNG. */
export const uuid = (random: () => number): string => {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join("")
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[Math.floor(random() * 4)]}${hex(3)}-${hex(12)}`
}

/** Under TestClock, time starts at the epoch: shift it so timestamps look like today's (as the real API's do). */
const BASE = Date.UTC(2026, 0, 1)
const YEAR_2000 = Date.UTC(2000, 0, 1)

/** The wall-clock time the fake shows for a Clock reading. */
export const wallTime = (clockMillis: number): number => clockMillis < YEAR_2000 ? BASE + clockMillis : clockMillis

/** An ISO 8601 timestamp as DigitalOcean writes them (seconds, `Z`). */
export const timestamp = (clockMillis: number): string =>
  new Date(wallTime(clockMillis)).toISOString().replace(/\.\d{3}Z$/, "Z")

/** A 32-bit integer from an IPv4 address (how actions report an IP's resource_id). */
export const ipToInt = (ip: string): number => ip.split(".").reduce((n, part) => n * 256 + Number(part), 0)

/** The first item matching, for tidy lookups. */
export const find = <A>(items: Iterable<A>, predicate: (a: A) => boolean): A | undefined => {
  for (const item of items) if (predicate(item)) return item
  return undefined
}
