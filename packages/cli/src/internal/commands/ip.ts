/**
 * `doapi reserved-ip ...` and `doapi floating-ip ...` (doapi-floating-ip's subcommands; DigitalOcean renamed
 * floating IPs to reserved IPs, and serves both).
 *
 * @internal
 */
import type { Action, DoConfig, DoError } from "@doapi/core"
import { FloatingIP, ReservedIP } from "@doapi/core"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Stream from "effect/Stream"
import * as Common from "../common.js"
import { usage } from "../errors.js"
import * as Output from "../output.js"
import * as Resolve from "../resolve.js"
import * as Waits from "../waits.js"
import * as Actionable from "./actionable.js"

type R = HttpClient.HttpClient | DoConfig.DoConfig

interface Family<T extends { readonly ip: string }> {
  readonly command: string
  readonly noun: string
  readonly fetch: (ip: string) => Effect.Effect<T, DoError.DOAPIError, R>
  readonly stream: Stream.Stream<T, DoError.DOAPIError, R>
  readonly create: (options: ReservedIP.CreateOptions) => Effect.Effect<T, DoError.DOAPIError, R>
  readonly remove: (ip: string) => Effect.Effect<void, DoError.DOAPIError, R>
  readonly assign: (ip: string, droplet: number) => Effect.Effect<Action.Action, DoError.DOAPIError, R>
  readonly unassign: (ip: string) => Effect.Effect<Action.Action, DoError.DOAPIError, R>
  readonly act: (
    ip: string,
    body: { readonly type: string; readonly [key: string]: unknown }
  ) => Effect.Effect<Action.Action, DoError.DOAPIError, R>
  readonly streamActions: (ip: string) => Stream.Stream<Action.Action, DoError.DOAPIError, R>
  readonly fetchAllActions: (ip: string) => Effect.Effect<ReadonlyArray<Action.Action>, DoError.DOAPIError, R>
  readonly fetchLastAction: (ip: string) => Effect.Effect<Option.Option<Action.Action>, DoError.DOAPIError, R>
  readonly fetchCurrentAction: (ip: string) => Effect.Effect<Option.Option<Action.Action>, DoError.DOAPIError, R>
}

/** A dotted quad, or doapi's 32-bit integer form. */
const address = (label: string) => {
  if (/^\d+$/.test(label) && Number(label) < 2 ** 32) {
    const n = Number(label)
    return Effect.succeed([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join("."))
  }
  return /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(label)
    ? Effect.succeed(label)
    : Effect.fail(usage(`'${label}' is not an IPv4 address`))
}

const addresses = (labels: ReadonlyArray<string>) => Effect.forEach(labels, address)

const make = <T extends { readonly ip: string }>(family: Family<T>) => {
  const ips = Common.some("ip", "IP addresses.")
  const oneIp = Common.one("ip", "An IP address.")
  const show = Command.make("show", { ...Common.common, ips: Common.many("ip", "IP addresses.") }, (o) =>
    Common.run(
      o,
      undefined,
      o.ips.length === 0
        ? Common.emitAll(family.stream)
        : Effect.flatMap(addresses(o.ips), (found) =>
          Effect.forEach(found, (ip) => Effect.flatMap(family.fetch(ip), Output.emit), { discard: true }))
    )).pipe(Common.describe(
      `Prints ${family.noun}s: those given, or all of them.`,
      [`doapi ${family.command} show | jq -r .ip`, "every address"]
    ))

  const create = Command.make("new", {
    ...Common.common,
    ...Common.waitOptions,
    droplet: Options.text("droplet").pipe(
      Options.withAlias("D"),
      Options.withPseudoName("DROPLET"),
      Options.withDescription("Assigns the new IP to this droplet (ID or name)."),
      Options.optional
    ),
    region: Options.text("region").pipe(
      Options.withAlias("R"),
      Options.withPseudoName("SLUG"),
      Options.withDescription("Reserves the new IP in this region, unassigned."),
      Options.optional
    )
  }, (o) =>
    Common.run(
      o,
      o,
      Effect.gen(function*() {
        if (Option.isSome(o.droplet) === Option.isSome(o.region)) {
          return yield* usage("give one of --droplet and --region")
        }
        const options: ReservedIP.CreateOptions = Option.isSome(o.droplet)
          ? {
            droplet_id: (yield* Effect.flatMap(Resolve.make(Resolve.droplets), (r) =>
              r.one(o.droplet.pipe(Option.getOrThrow)))).id
          }
          : { region: Option.getOrThrow(o.region) }
        const created = yield* family.create(options)
        if (!o.wait) {
          return yield* Output.emit(created)
        }
        const actions = yield* family.fetchAllActions(created.ip)
        yield* Waits.track(
          "waiting for actions",
          actions.filter((a) =>
            !a.done
          ).length,
          Waits.pending(actions),
          Waits.reportErrored,
          false
        )
        yield* Output.emit(yield* family.fetch(created.ip))
      })
    )).pipe(Common.describe(
      `Creates a ${family.noun}, assigned to a droplet or reserved in a region.`,
      [`doapi ${family.command} new --droplet web-1 --wait`, "an IP for web-1, printed once it is assigned"],
      [`doapi ${family.command} new --region nyc3`, "an IP reserved in nyc3"]
    ))

  const assign = Command.make("assign", {
    ...Common.common,
    ...Common.waitOptions,
    ip: oneIp,
    droplet: Common.one("droplet", "The droplet, by ID or name.")
  }, (o) =>
    Common.run(
      o,
      o,
      Effect.gen(function*() {
        const ip = yield* address(o.ip)
        const droplet = yield* Effect.flatMap(Resolve.make(Resolve.droplets), (r) => r.one(o.droplet))
        yield* Waits.started([yield* family.assign(ip, droplet.id)], o.wait)
      })
    )).pipe(Common.describe(
      `Assigns a ${family.noun} to a droplet.`,
      [`doapi ${family.command} assign --wait 203.0.113.5 web-1`, "points the IP at web-1, and waits"]
    ))

  const unassign = Command.make("unassign", { ...Common.common, ...Common.waitOptions, ips }, (o) =>
    Common.run(
      o,
      o,
      Effect.gen(function*() {
        const found = yield* addresses(o.ips)
        yield* Waits.started(yield* Effect.forEach(found, family.unassign), o.wait)
      })
    )).pipe(Common.describe(
      `Unassigns ${family.noun}s from their droplets.`,
      [`doapi ${family.command} unassign --wait 203.0.113.5`, "and waits"]
    ))

  const remove = Command.make("delete", { ...Common.common, ips }, (o) =>
    Common.run(
      o,
      undefined,
      Effect.flatMap(addresses(o.ips), (found) => Effect.forEach(found, family.remove, { discard: true }))
    )).pipe(Common.describe(
      `Releases ${family.noun}s. Prints nothing.`,
      [`doapi ${family.command} delete 203.0.113.5`, "gives the address back"]
    ))

  return Command.make(family.command).pipe(
    Command.withDescription(
      `${family.noun[0]!.toUpperCase()}${family.noun.slice(1)}s: addresses you keep and move between droplets.`
    ),
    Command.withSubcommands([
      show,
      create,
      assign,
      unassign,
      remove,
      ...Actionable.commands<string>({
        command: family.command,
        arg: "ip",
        argDescription: "IP addresses.",
        example: "203.0.113.5",
        multiple: false,
        resolve: (labels) => addresses(labels),
        act: family.act,
        streamActions: family.streamActions,
        fetchLastAction: family.fetchLastAction,
        fetchCurrentAction: family.fetchCurrentAction
      })
    ])
  )
}

/** @internal */
export const reservedIp = make<ReservedIP.ReservedIP>({
  command: "reserved-ip",
  noun: "reserved IP",
  fetch: ReservedIP.fetch,
  stream: ReservedIP.stream,
  create: ReservedIP.create,
  remove: ReservedIP.delete,
  assign: ReservedIP.assign,
  unassign: ReservedIP.unassign,
  act: ReservedIP.act,
  streamActions: ReservedIP.streamActions,
  fetchAllActions: ReservedIP.fetchAllActions,
  fetchLastAction: ReservedIP.fetchLastAction,
  fetchCurrentAction: ReservedIP.fetchCurrentAction
})

/** @internal */
export const floatingIp = make<FloatingIP.FloatingIP>({
  command: "floating-ip",
  noun: "floating IP",
  fetch: FloatingIP.fetch,
  stream: FloatingIP.stream,
  create: FloatingIP.create,
  remove: FloatingIP.delete,
  assign: FloatingIP.assign,
  unassign: FloatingIP.unassign,
  act: FloatingIP.act,
  streamActions: FloatingIP.streamActions,
  fetchAllActions: FloatingIP.fetchAllActions,
  fetchLastAction: FloatingIP.fetchLastAction,
  fetchCurrentAction: FloatingIP.fetchCurrentAction
})
