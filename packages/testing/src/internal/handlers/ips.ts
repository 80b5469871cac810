/**
 * Reserved IPs, served on both path families: `/v2/reserved_ips` (keys `reserved_ip(s)`) and the old
 * `/v2/floating_ips` (keys `floating_ip(s)`) show the same IPs from `state.ips`; the routes are written once, for a
 * family.
 *
 * Creating an IP reserves it at once (a `reserve_ip` action, completed as it starts, as the spec's examples show);
 * created for a droplet, it also starts an `assign_ip` action and is `locked`, with `droplet: null`, until that
 * completes (the spec's "assigning" example). `assign` and `unassign` actions move it when they complete; an IP with
 * an action in progress is `locked` and refuses another (422).
 *
 * An IP is stored as `{ ip, region, droplet, project_id }` where `droplet` is the stored JSON of the droplet it is
 * assigned to, or `null` (droplets.ts `destroy` sets it to `null`); it is shown with the droplet as it is now (by
 * id, from `state.droplets`, through droplets.ts `show`) and `locked` computed from the IP's actions.
 *
 * @internal
 */
import type { Context, Route } from "../router.js"
import {
  actionRoutes,
  busy,
  found,
  int,
  json,
  noContent,
  optional,
  page,
  Reject,
  require,
  route,
  settle,
  startAction,
  str,
  unprocessable,
  UUID
} from "../router.js"
import type { Json, State } from "../store.js"
import { ipToInt } from "../store.js"
import { show as showDroplet } from "./droplets.js"
import { address, regionOf } from "./shared.js"

/** A path family: where it lives and the key of its envelopes (and of its actions' `resource_type`). */
interface Family {
  readonly collection: string
  readonly key: "reserved_ip" | "floating_ip"
}

const FAMILIES: ReadonlyArray<Family> = [
  { collection: "/v2/reserved_ips", key: "reserved_ip" },
  { collection: "/v2/floating_ips", key: "floating_ip" }
]

/** The project an IP goes to when the create names none (the fake has no projects: any UUID is taken). */
const DEFAULT_PROJECT = "4de7ac8b-495b-4884-9a69-1050c6793cd6"

/** The actions' target, whichever family started them. */
const key = (ip: string) => `reserved_ip:${ip}`

/** An IP as the API shows it: the droplet as it is now, `locked` while an action is in progress. */
const show = (state: State, ip: Json): Json => {
  const droplet = ip.droplet === null ? undefined : state.droplets.get(ip.droplet.id)
  return {
    ip: ip.ip,
    region: ip.region,
    droplet: droplet === undefined ? null : showDroplet(state, droplet),
    locked: busy(state, key(ip.ip)),
    project_id: ip.project_id
  }
}

/** An action as the family shows it (`resource_type` is the family's, whichever family started it). */
const asFamily = (family: Family, action: Json): Json => ({ ...action, resource_type: family.key })

const ipParam = (context: Context, family: Family): Json => found(context.state.ips.get(context.params[family.key]))

/** An address not in use yet. */
const freshAddress = (state: State): string => {
  for (;;) {
    const ip = address(state, "45.55")
    if (!state.ips.has(ip)) return ip
  }
}

/** The droplet of a body's `droplet_id`, in the IP's region and holding no other IP; a 422 otherwise. */
const dropletFor = (state: State, body: Json, region?: Json): Json => {
  const id = int(body, "droplet_id")
  const droplet = state.droplets.get(id)
  require(droplet !== undefined, `droplet ${id} does not exist`)
  require(
    region === undefined || droplet!.region.slug === region.slug,
    `droplet ${id} is not in region ${region?.slug}`
  )
  for (const ip of state.ips.values()) {
    require(ip.droplet?.id !== id, `droplet ${id} already has the reserved IP ${ip.ip}`)
  }
  return droplet!
}

/** Starts an action on an IP (with the IP's region and project, as the spec's examples show). */
const startIpAction = (
  context: Context,
  family: Family,
  ip: Json,
  type: string,
  effects: { onComplete?: (state: State) => void; onError?: (state: State) => void }
): Json =>
  startAction(context, {
    type,
    target: key(ip.ip),
    resource_id: ipToInt(ip.ip),
    resource_type: family.key,
    region: ip.region,
    extra: { project_id: ip.project_id },
    onComplete: effects.onComplete,
    onError: effects.onError
  })

/** Assigns the IP to the droplet (when an action completes), if both still exist. */
const assignTo = (address: string, dropletId: number) => (state: State) => {
  const ip = state.ips.get(address)
  const droplet = state.droplets.get(dropletId)
  if (ip !== undefined && droplet !== undefined) ip.droplet = droplet
}

/** POST: reserves an IP for a droplet (and starts assigning it) or in a region. */
const create = (context: Context, family: Family): Json => {
  const { body, request, state } = context
  const forDroplet = body.droplet_id !== undefined && body.droplet_id !== null
  const inRegion = body.region !== undefined && body.region !== null
  require(forDroplet || inRegion, "droplet_id or region is required")
  require(!(forDroplet && inRegion), "give either droplet_id or region, not both")
  const projectId = optional<string>(body, "project_id", "string") ?? DEFAULT_PROJECT
  require(UUID.test(projectId), "project_id must be a UUID")
  const droplet = forDroplet ? dropletFor(state, body) : undefined
  const region = droplet?.region ?? regionOf(state, str(body, "region"))
  require(
    state.ips.size < state.account.floating_ip_limit,
    `creating this reserved IP would exceed your limit of ${state.account.floating_ip_limit}`
  )
  const ip: Json = { ip: freshAddress(state), region, droplet: null, project_id: projectId }
  state.ips.set(ip.ip, ip)
  // Reserving is instant: the action completes as it starts (it still ends errored under fault injection, which
  // releases the IP).
  const reserve = startIpAction(context, family, ip, "reserve_ip", { onError: (s) => s.ips.delete(ip.ip) })
  state.actions.set(reserve.id, { ...state.actions.get(reserve.id)!, completesAt: context.now })
  settle(state, context.now)
  if (!state.ips.has(ip.ip)) throw new Reject(unprocessable("the IP could not be reserved"))
  if (droplet === undefined) return { [family.key]: show(state, ip), links: {} }
  const assign = startIpAction(context, family, ip, "assign_ip", { onComplete: assignTo(ip.ip, droplet.id) })
  return {
    [family.key]: show(state, ip),
    links: {
      droplets: [{ id: droplet.id, rel: "droplet", href: `${request.origin}/v2/droplets/${droplet.id}` }],
      actions: [{ id: assign.id, rel: "assign_ip", href: `${request.origin}/v2/actions/${assign.id}` }]
    }
  }
}

/** POST .../actions: `assign` (to a droplet in the IP's region) or `unassign`; 422 while the IP is locked. */
const act = (context: Context, family: Family, ip: Json): Json => {
  const { body, state } = context
  const type = str(body, "type")
  require(!busy(state, key(ip.ip)), "The reserved IP is locked: it has a pending event.")
  switch (type) {
    case "assign": {
      const droplet = dropletFor(state, body, ip.region)
      return startIpAction(context, family, ip, "assign_ip", { onComplete: assignTo(ip.ip, droplet.id) })
    }
    case "unassign": {
      require(ip.droplet !== null, "the reserved IP is not assigned to a droplet")
      return startIpAction(context, family, ip, "unassign_ip", {
        onComplete: (s) => {
          const current = s.ips.get(ip.ip)
          if (current !== undefined) current.droplet = null
        }
      })
    }
    default:
      throw new Reject(unprocessable(`${type} is not a valid reserved IP action type`))
  }
}

/** The routes of one family. */
const familyRoutes = (family: Family): ReadonlyArray<Route> => {
  const { collection, key: name } = family
  const one = `${collection}/:${name}`
  return [
    route(
      "GET",
      collection,
      (context) => page(context, `${name}s`, [...context.state.ips.values()].map((ip) => show(context.state, ip)))
    ),
    route("POST", collection, (context) => json(202, create(context, family))),
    route("GET", one, (context) => json(200, { [name]: show(context.state, ipParam(context, family)) })),
    route("DELETE", one, (context) => {
      // Releasing an IP unassigns it: it is simply gone (its actions' effects check that it still exists).
      context.state.ips.delete(ipParam(context, family).ip)
      return noContent
    }),
    ...actionRoutes({
      path: one,
      target: (context) => key(ipParam(context, family).ip),
      act: (context) => act(context, family, ipParam(context, family)),
      status: 201,
      show: (action) => asFamily(family, action)
    })
  ]
}

export const routes: ReadonlyArray<Route> = FAMILIES.flatMap(familyRoutes)
