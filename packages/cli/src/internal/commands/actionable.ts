/**
 * The action subcommands shared by images, reserved and floating IPs and volumes: `act`, `actions` and `wait`
 * (doapi's `add_actioncmds`).
 *
 * @internal
 */
import type { Action, DoConfig, DoError } from "@doapi/core"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Stream from "effect/Stream"
import * as Common from "../common.js"
import { type CommandFailure, usage } from "../errors.js"
import * as Files from "../files.js"
import * as Output from "../output.js"
import * as Waits from "../waits.js"

type R = HttpClient.HttpClient | DoConfig.DoConfig

/** @internal */
export interface Spec<A> {
  /** The command's name: `image`, `reserved-ip`, ... */
  readonly command: string
  /** The argument's name and description. */
  readonly arg: string
  readonly argDescription: string
  /** An example argument. */
  readonly example: string
  /** Whether `--multiple` is offered. */
  readonly multiple: boolean
  readonly resolve: (
    labels: ReadonlyArray<string>,
    multiple: boolean
  ) => Effect.Effect<ReadonlyArray<A>, DoError.DOAPIError | CommandFailure, R | Output.Output>
  readonly act: (
    a: A,
    body: { readonly type: string; readonly [key: string]: unknown }
  ) => Effect.Effect<Action.Action, DoError.DOAPIError, R>
  readonly streamActions: (a: A) => Stream.Stream<Action.Action, DoError.DOAPIError, R>
  readonly fetchLastAction: (a: A) => Effect.Effect<Option.Option<Action.Action>, DoError.DOAPIError, R>
  readonly fetchCurrentAction: (a: A) => Effect.Effect<Option.Option<Action.Action>, DoError.DOAPIError, R>
}

/** `--params`: a JSON object (or @FILE). @internal */
export const params = Options.text("params").pipe(
  Options.withAlias("p"),
  Options.withPseudoName("JSON"),
  Options.withDescription("The action's parameters, a JSON object; @FILE reads it from FILE, @- from standard input."),
  Options.optional
)

/** The parameters of `act`, as a JSON object. @internal */
export const readParams = (value: Option.Option<string>) =>
  Option.isNone(value) ? Effect.succeed({}) : Effect.flatMap(Files.stringOrFile(value.value, "--params"), (text) => {
    try {
      const parsed: unknown = JSON.parse(text)
      if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
        return Effect.succeed(parsed as Record<string, unknown>)
      }
    } catch {
      // reported below
    }
    return Effect.fail(usage("--params must be a JSON object"))
  })

const multipleOption = (spec: Spec<unknown>) =>
  spec.multiple ? Common.multiple : Options.none.pipe(Options.map(() => false))

/** `act`, `actions` and `wait` for one kind of object. @internal */
export const commands = <A>(spec: Spec<A>) => {
  const objects = Common.some(spec.arg, spec.argDescription)
  const act = Command.make("act", {
    ...Common.common,
    ...Common.waitOptions,
    multiple: multipleOption(spec as Spec<unknown>),
    params,
    type: Common.one("type", "The action type."),
    objects
  }, (o) =>
    Common.run(
      o,
      o,
      Effect.gen(function*() {
        const body = { ...(yield* readParams(o.params)), type: o.type }
        const found = yield* spec.resolve(o.objects, o.multiple)
        yield* Waits.started(yield* Effect.forEach(found, (a) => spec.act(a, body)), o.wait)
      })
    )).pipe(Common.describe(
      `Starts any action on ${spec.arg}s, with parameters.`,
      [`doapi ${spec.command} act --wait TYPE ${spec.example}`, `starts a TYPE action and waits for it`]
    ))

  const actions = Command.make("actions", {
    ...Common.common,
    multiple: multipleOption(spec as Spec<unknown>),
    last: Options.boolean("last").pipe(Options.withDescription("Only the last action of each (null if none).")),
    inProgress: Options.boolean("in-progress").pipe(
      Options.withDescription("Only the action in progress of each (null if none).")
    ),
    objects
  }, (o) =>
    Common.run(
      o,
      undefined,
      Effect.gen(function*() {
        if (o.last && o.inProgress) return yield* usage("give --last or --in-progress, not both")
        const found = yield* spec.resolve(o.objects, o.multiple)
        yield* Effect.forEach(found, (a) =>
          o.last
            ? Effect.flatMap(spec.fetchLastAction(a), Output.emit)
            : o.inProgress
            ? Effect.flatMap(spec.fetchCurrentAction(a), Output.emit)
            : Common.emitAll(spec.streamActions(a)), { discard: true })
      })
    )).pipe(Common.describe(
      `Lists ${spec.arg}s' actions, newest first.`,
      [`doapi ${spec.command} actions --last ${spec.example}`, "the last action"]
    ))

  const wait = Command.make("wait", {
    ...Common.common,
    ...Common.waitLimits,
    multiple: multipleOption(spec as Spec<unknown>),
    objects
  }, (o) =>
    Common.run(
      o,
      o,
      Effect.gen(function*() {
        const found = yield* spec.resolve(o.objects, o.multiple)
        const current = yield* Effect.forEach(found, spec.fetchCurrentAction)
        yield* Waits.actions(current.flatMap(Option.toArray))
      })
    )).pipe(Common.describe(
      `Waits for the actions in progress on ${spec.arg}s (those with none are skipped), printing each as it ` +
        "finishes.",
      [`doapi ${spec.command} wait ${spec.example}`, "waits for its action in progress"]
    ))

  return [act, actions, wait] as const
}
