/**
 * VPCs: create, list, fetch, update (PUT and PATCH), delete, and members. Each region has one default VPC: the first
 * VPC created there, or `default-<region>` made when a droplet or load balancer is created there without a VPC (with
 * the id droplets have always shown for the fake's first region). A default VPC cannot stop being default nor be
 * deleted, and a VPC with members cannot be deleted (403, as the spec says). Members are the droplets and load
 * balancers (and any family entry with a top-level `vpc_uuid`) whose `vpc_uuid` is the VPC.
 *
 * @internal
 */
import type { Context, Route } from "../router.js"
import { error, found, json, noContent, optional, page, Reject, require, route, str } from "../router.js"
import type { Json, State } from "../store.js"
import { timestamp, uuid } from "../store.js"
import { regionOf } from "./shared.js"

const NAME = /^[a-zA-Z0-9\-.]+$/

/** The id of a region's default VPC, made on demand: fixed per region (no randomness, so seeds are unchanged). */
const defaultId = (state: State, region: string): string => {
  const index = Math.max(0, state.regions.findIndex((r) => r.slug === region))
  return `760e09ef-dc84-11e8-981e-3cfdfeaa${(0xe000 + index).toString(16)}`
}

/** The region's default VPC, if it has one. */
const defaultOf = (state: State, region: string): Json | undefined =>
  [...state.vpcs.values()].find((vpc) => vpc.region === region && vpc.default)

/** The region's default VPC, made when the region has none yet. */
export const ensureDefault = (state: State, region: string, now: number): Json => {
  const existing = defaultOf(state, region)
  if (existing !== undefined) return existing
  const id = defaultId(state, region)
  const index = Math.max(0, state.regions.findIndex((r) => r.slug === region))
  const vpc: Json = {
    id,
    urn: `do:vpc:${id}`,
    name: `default-${region}`,
    description: "",
    region,
    ip_range: `10.${100 + index}.0.0/20`,
    default: true,
    created_at: timestamp(now)
  }
  state.vpcs.set(id, vpc)
  return vpc
}

/**
 * The VPC a new droplet or load balancer joins: the one given (which must exist and be in the region: 422), or the
 * region's default.
 */
export const vpcFor = (state: State, region: string, given: unknown, now: number): string => {
  if (given === undefined || given === null || given === "") return ensureDefault(state, region, now).id
  require(typeof given === "string", "vpc_uuid must be a string")
  const vpc = state.vpcs.get(given as string)
  require(vpc !== undefined, `vpc ${String(given)} does not exist`)
  require(vpc!.region === region, `vpc ${String(given)} is in ${vpc!.region}, not ${region}`)
  return vpc!.id
}

/** The members of a VPC, as `vpc_member` objects, with their resource type. */
const membersOf = (state: State, id: string): Array<{ readonly type: string; readonly member: Json }> => {
  const members: Array<{ readonly type: string; readonly member: Json }> = []
  for (const droplet of state.droplets.values()) {
    if (droplet.vpc_uuid === id) {
      members.push({
        type: "droplet",
        member: { urn: `do:droplet:${droplet.id}`, name: droplet.name, created_at: droplet.created_at }
      })
    }
  }
  for (const entry of state.loadBalancers.values()) {
    const lb = entry.json ?? entry
    if (lb.vpc_uuid === id) {
      members.push({
        type: "load_balancer",
        member: { urn: `do:loadbalancer:${lb.id}`, name: lb.name, created_at: lb.created_at }
      })
    }
  }
  for (
    const [kind, type, map] of [["kubernetes", "kubernetes", state.kubernetes], [
      "dbaas",
      "database",
      state.databases
    ]] as const
  ) {
    for (const [key, entry] of map) {
      if (entry?.vpc_uuid === id) {
        members.push({
          type,
          member: {
            urn: `do:${kind}:${entry.id ?? key}`,
            name: String(entry.name ?? key),
            created_at: String(entry.created_at ?? "")
          }
        })
      }
    }
  }
  return members
}

const IP_RANGE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/

/** An IPv4 CIDR range as [first address as a number, size], or a 422. */
const parseRange = (range: string): readonly [number, number] => {
  const match = IP_RANGE.exec(range)
  require(match !== null, `ip_range ${range} is not a CIDR range`)
  const octets = match!.slice(1, 5).map(Number)
  const bits = Number(match![5])
  require(octets.every((o) => o <= 255), `ip_range ${range} is not a CIDR range`)
  require(bits >= 16 && bits <= 28, "ip_range must be from /16 to /28")
  const start = octets.reduce((n, o) => n * 256 + o, 0)
  const size = 2 ** (32 - bits)
  require(start % size === 0, `ip_range ${range} is not aligned on its prefix`)
  const [a, b] = octets
  require(
    a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168),
    `ip_range ${range} is not a private (RFC 1918) range`
  )
  return [start, size]
}

const overlaps = (x: readonly [number, number], y: readonly [number, number]) =>
  x[0] < y[0] + y[1] && y[0] < x[0] + x[1]

/** A free /20 in 10.0.0.0/8 for a VPC created without an `ip_range`. */
const freeRange = (state: State): string => {
  const taken = [...state.vpcs.values()].map((vpc) => parseRange(vpc.ip_range))
  for (let second = 0; second < 256; second++) {
    for (let third = 0; third < 256; third += 16) {
      const range = `10.${second}.${third}.0/20`
      if (!taken.some((t) => overlaps(t, parseRange(range)))) return range
    }
  }
  throw new Reject(error(422, "unprocessable_entity", "no free ip_range left"))
}

const checkName = (state: State, name: string, self?: string) => {
  require(NAME.test(name), `${name} is not a valid VPC name: letters, digits, "-" and "."`)
  require(
    ![...state.vpcs.values()].some((vpc) => vpc.name === name && vpc.id !== self),
    `a VPC named ${name} already exists`
  )
}

const checkDescription = (body: Json): string | undefined => {
  const description = optional<string>(body, "description", "string")
  require(description === undefined || description.length <= 255, "description must be at most 255 characters")
  return description
}

const create = (context: Context): Json => {
  const { body, now, state } = context
  const name = str(body, "name")
  checkName(state, name)
  const region = regionOf(state, str(body, "region")).slug
  const description = checkDescription(body) ?? ""
  const given = optional<string>(body, "ip_range", "string")
  let ipRange: string
  if (given !== undefined) {
    const range = parseRange(given)
    const clash = [...state.vpcs.values()].find((vpc) => overlaps(parseRange(vpc.ip_range), range))
    require(clash === undefined, `ip_range ${given} overlaps the range of VPC ${clash?.name}`)
    ipRange = given
  } else ipRange = freeRange(state)
  const id = uuid(state.random)
  const vpc: Json = {
    id,
    urn: `do:vpc:${id}`,
    name,
    description,
    region,
    ip_range: ipRange,
    // The first VPC of a region is its default.
    default: defaultOf(state, region) === undefined,
    created_at: timestamp(now)
  }
  state.vpcs.set(id, vpc)
  return vpc
}

/** PUT (`name` required) and PATCH (any subset) of name, description and default. */
const update = (context: Context, put: boolean): Json => {
  const { body, state } = context
  const vpc = found(state.vpcs.get(context.params.vpc_id))
  const name = put ? str(body, "name") : optional<string>(body, "name", "string")
  if (name !== undefined) checkName(state, name, vpc.id)
  const description = checkDescription(body)
  const makeDefault = optional<boolean>(body, "default", "boolean")
  require(!(makeDefault === false && vpc.default), "the default VPC of a region cannot be made not default")
  if (name !== undefined) vpc.name = name
  if (description !== undefined) vpc.description = description
  else if (put) vpc.description = ""
  if (makeDefault === true && !vpc.default) {
    const previous = defaultOf(state, vpc.region)
    if (previous !== undefined) previous.default = false
    vpc.default = true
  }
  return vpc
}

const forbidden = (message: string) => new Reject(error(403, "forbidden", message))

export const routes: ReadonlyArray<Route> = [
  route("GET", "/v2/vpcs", (context) => page(context, "vpcs", [...context.state.vpcs.values()])),
  route("POST", "/v2/vpcs", (context) => json(201, { vpc: create(context) })),
  route(
    "GET",
    "/v2/vpcs/:vpc_id",
    (context) => json(200, { vpc: found(context.state.vpcs.get(context.params.vpc_id)) })
  ),
  route("PUT", "/v2/vpcs/:vpc_id", (context) => json(200, { vpc: update(context, true) })),
  route("PATCH", "/v2/vpcs/:vpc_id", (context) => json(200, { vpc: update(context, false) })),
  route("DELETE", "/v2/vpcs/:vpc_id", (context) => {
    const { state } = context
    const vpc = found(state.vpcs.get(context.params.vpc_id))
    if (vpc.default) throw forbidden("the default VPC of a region cannot be deleted")
    if (membersOf(state, vpc.id).length > 0) throw forbidden("a VPC with members cannot be deleted")
    state.vpcs.delete(vpc.id)
    return noContent
  }),
  route("GET", "/v2/vpcs/:vpc_id/members", (context) => {
    const vpc = found(context.state.vpcs.get(context.params.vpc_id))
    const type = context.request.query.get("resource_type")
    const members = membersOf(context.state, vpc.id).filter((m) =>
      type === null || m.type === type || m.member.urn.split(":")[1] === type
    )
    return page(context, "members", members.map((m) => m.member))
  })
]
