/**
 * Parameters, checked at run time: the one place where an id or name a caller passed (perhaps from plain JavaScript,
 * perhaps `undefined`) becomes a path segment, a query parameter or a field of a body that references another
 * resource. A value of the wrong kind is refused before any request is built.
 *
 * @internal
 */
import * as Either from "effect/Either"
import * as Describe from "./describe.js"
import * as Ipv4 from "./ipv4.js"

/**
 * One path parameter: its name (as the spec names it, e.g. `droplet_id`) and its value as it goes in the path, or
 * why it cannot (`droplet_id must be a positive integer, got "7"`).
 *
 * @internal
 */
export interface Segment {
  readonly [TypeId]: TypeId
  readonly name: string
  readonly value: Either.Either<string | number, string>
}

const TypeId: unique symbol = Symbol.for("@doapi/core/internal/Segment")

type TypeId = typeof TypeId

/**
 * Whether a value (a query parameter, a field of a body) is a checked parameter.
 *
 * @internal
 */
export const isSegment = (u: unknown): u is Segment => typeof u === "object" && u !== null && TypeId in u

/**
 * The fields of a record (query parameters, a body) with each checked parameter replaced by its value; or why one
 * cannot be used. Any other value is returned as it is.
 *
 * @internal
 */
export const resolveFields = <A>(record: A): Either.Either<A, string> => {
  if (record === null || typeof record !== "object" || Array.isArray(record)) return Either.right(record)
  const entries = Object.entries(record)
  if (!entries.some(([, value]) => isSegment(value))) return Either.right(record)
  const invalid: Array<string> = []
  const resolved = entries.map(([key, value]) => {
    if (!isSegment(value)) return [key, value] as const
    if (Either.isLeft(value.value)) invalid.push(value.value.left)
    return [key, Either.getOrUndefined(value.value)] as const
  })
  return invalid.length > 0 ? Either.left(invalid.join("; ")) : Either.right(Object.fromEntries(resolved) as A)
}

/**
 * What a kind of parameter accepts: its value, or (from an object, when the kind has a `field`) that field.
 *
 * @internal
 */
export interface Kind {
  /** What the value must be, for the message: `a positive integer`. */
  readonly expected: string
  /** The field holding the value when an object is given (`id` of a `Droplet`); none: an object is refused. */
  readonly field?: string | undefined
  /** The value as it goes in the path, or `undefined` when it is not of this kind. */
  readonly accept: (value: unknown) => string | number | undefined
}

const positiveInt = (u: unknown): number | undefined =>
  typeof u === "number" && Number.isSafeInteger(u) && u > 0 ? u : undefined

const nonEmpty = (u: unknown): string | undefined => typeof u === "string" && u !== "" ? u : undefined

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/

const ipv4OrInt = (u: unknown): string | undefined =>
  typeof u === "string" && IPV4.test(u)
    ? u
    : typeof u === "number" && Number.isInteger(u) && u >= 0 && u <= 0xffffffff
    ? Ipv4.fromInt(u)
    : undefined

/**
 * The checker of one kind of parameter: `make(kind)("droplet_id", value)` is the parameter's segment.
 *
 * @internal
 */
export const make = (kind: Kind) => (name: string, given: unknown): Segment => {
  let value = given
  let from = ""
  if (kind.field !== undefined && given !== null && typeof given === "object" && !Array.isArray(given)) {
    try {
      value = (given as Record<string, unknown>)[kind.field]
    } catch {
      value = undefined
    }
    from = ` (the ${kind.field} of the object given)`
  }
  const accepted = kind.accept(value)
  if (accepted === undefined) {
    return {
      [TypeId]: TypeId,
      name,
      value: Either.left(`${name} must be ${kind.expected}, got ${Describe.show(value)}${from}`)
    }
  }
  // `.` and `..` would not stay a segment: a URL resolves them, into another path.
  if (accepted === "." || accepted === "..") {
    return { [TypeId]: TypeId, name, value: Either.left(`${name} cannot be ${JSON.stringify(accepted)}${from}`) }
  }
  return { [TypeId]: TypeId, name, value: Either.right(accepted) }
}

/**
 * A numeric id: a positive integer, or the `id` of an object (droplets, actions, images, domain records).
 *
 * @internal
 */
export const id: (name: string, value: unknown) => Segment = make({
  expected: "a positive integer",
  field: "id",
  accept: positiveInt
})

/**
 * A string id: a non-empty string, or the `id` of an object (volumes' and volume snapshots' UUIDs).
 *
 * @internal
 */
export const stringId: (name: string, value: unknown) => Segment = make({
  expected: "a non-empty string",
  field: "id",
  accept: nonEmpty
})

/**
 * A numeric or string id: a positive integer, a non-empty string, or the `id` of an object (an image's id or slug, a
 * snapshot's id, an SSH key's id or fingerprint).
 *
 * @internal
 */
export const idOrString: (name: string, value: unknown) => Segment = make({
  expected: "a positive integer or a non-empty string",
  field: "id",
  accept: (u) => positiveInt(u) ?? nonEmpty(u)
})

/**
 * A name: a non-empty string, or the `name` of an object (domains, tags).
 *
 * @internal
 */
export const name: (name: string, value: unknown) => Segment = make({
  expected: "a non-empty string",
  field: "name",
  accept: nonEmpty
})

/**
 * A slug: a non-empty string, or the `slug` of an object (regions, sizes).
 *
 * @internal
 */
export const slug: (name: string, value: unknown) => Segment = make({
  expected: "a non-empty string",
  field: "slug",
  accept: nonEmpty
})

/**
 * An IPv4 address: a dotted quad, the 32-bit integer an action's `resource_id` gives, or the `ip` of an object
 * (reserved and floating IPs).
 *
 * @internal
 */
export const ip: (name: string, value: unknown) => Segment = make({
  expected: "an IPv4 address (a dotted quad, or its 32-bit integer)",
  field: "ip",
  accept: ipv4OrInt
})

/**
 * What a path parameter of a generated operation must be, from its schema in the spec: `int` (an integer), `id` (a
 * positive integer), `idOrString` (a positive integer or a non-empty string: an image's id or slug), `string` (a
 * non-empty string), `uuid`, `ipv4`, `ipv6`, `date` (`YYYY-MM-DD`), or a string matching a pattern. These kinds take
 * the value itself (an object is refused), and `.` and `..` are refused as values of the wrong kind.
 *
 * @internal
 */
export type PathKind = "int" | "id" | "idOrString" | "string" | "uuid" | "ipv4" | "ipv6" | "date" | RegExp

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const IPV6 = /^(?=.*:)[0-9a-f:.]{2,45}$/i
const DATE = /^\d{4}-\d{2}-\d{2}$/

/** A string that can be a segment (not empty, `.` or `..`) and matches `pattern` (if any). */
const text = (pattern?: RegExp) => (u: unknown): string | undefined =>
  typeof u === "string" && u !== "" && u !== "." && u !== ".." && (pattern === undefined || pattern.test(u))
    ? u
    : undefined

const pathKinds: { readonly [K in Exclude<PathKind, RegExp>]: (name: string, value: unknown) => Segment } = {
  int: make({
    expected: "an integer",
    accept: (u) => typeof u === "number" && Number.isSafeInteger(u) ? u : undefined
  }),
  id: make({ expected: "a positive integer", accept: positiveInt }),
  idOrString: make({
    expected: "a positive integer or a non-empty string",
    accept: (u) => typeof u === "number" ? positiveInt(u) : text()(u)
  }),
  string: make({ expected: "a non-empty string", accept: text() }),
  uuid: make({ expected: "a UUID", accept: text(UUID) }),
  ipv4: make({ expected: "an IPv4 address", accept: text(IPV4) }),
  ipv6: make({ expected: "an IPv6 address", accept: text(IPV6) }),
  date: make({ expected: "a date (YYYY-MM-DD)", accept: text(DATE) })
}

/**
 * The checker of a generated operation's path parameter of kind `kind`.
 *
 * @internal
 */
export const ofKind = (kind: PathKind): (name: string, value: unknown) => Segment =>
  typeof kind === "string"
    ? pathKinds[kind]
    : make({ expected: `a string matching ${kind.source}`, accept: text(kind) })

/**
 * A UUID: a string in UUID form, or the `id` of an object (firewalls, VPCs, projects and the other resources whose id
 * is a UUID).
 *
 * @internal
 */
export const uuid: (name: string, value: unknown) => Segment = make({
  expected: "a UUID",
  field: "id",
  accept: text(UUID)
})
