/**
 * Waiting, as every command that starts actions does it with `--wait`: each object is printed as soon as it is done,
 * a progress line is shown on stderr when it is a terminal, an errored action is reported on stderr (exit code 1)
 * without stopping the wait on the others, and a wait that runs out of time prints what is unfinished (exit 3, by
 * `Common.run`).
 *
 * @internal
 */
import { Action } from "@doapi/core"
import type { DoConfig, DoError } from "@doapi/core"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { EXIT } from "./errors.js"
import * as Output from "./output.js"

type R = HttpClient.HttpClient | DoConfig.DoConfig

/** Prints a wait's results as they come, with a progress line over `total` objects. @internal */
export const track = <A, E, R2>(
  label: string,
  total: number,
  results: Stream.Stream<A, E, R2>,
  each: (a: A) => Effect.Effect<void, never, Output.Output> = () => Effect.void,
  print = true
): Effect.Effect<void, E, R2 | Output.Output> =>
  total === 0 ? Effect.void : Effect.scoped(Effect.gen(function*() {
    const output = yield* Output.Output
    const progress = yield* output.progress(label, total)
    yield* Stream.runForEach(
      results,
      (a) => Effect.all([progress.advance(), print ? output.emit(a) : Effect.void, each(a)], { discard: true })
    )
  }))

/** An errored action: its `ActionError` on stderr, and exit code 1. @internal */
export const reportErrored = (action: Action.Action): Effect.Effect<void, never, Output.Output> =>
  action.errored
    ? Effect.flatMap(Output.Output, (output) =>
      Effect.zipRight(output.error(new Action.ActionError({ action }).message), output.setExitCode(EXIT.actionErrored)))
    : Effect.void

/** The actions not yet done, waited on. @internal */
export const pending = (actions: ReadonlyArray<Action.Action>) => Action.waitAll(actions.filter((a) => !a.done))

/** Waits for the actions, printing each as it finishes. @internal */
export const actions = (
  started: ReadonlyArray<Action.Action>,
  label = "waiting for actions"
): Effect.Effect<void, DoError.DOAPIError | DoError.WaitTimeoutError, R | Output.Output> =>
  Effect.gen(function*() {
    // Already finished ones are printed at once; the others waited on.
    const done = started.filter((action) => action.done)
    for (const action of done) yield* Effect.zipRight(Output.emit(action), reportErrored(action))
    const pending = started.filter((action) => !action.done)
    yield* track(label, pending.length, Action.waitAll(pending), reportErrored)
  })

/** Prints the actions a command started, or with `wait`, waits for them. @internal */
export const started = (
  actions: ReadonlyArray<Action.Action>,
  wait: boolean
): Effect.Effect<void, DoError.DOAPIError | DoError.WaitTimeoutError, R | Output.Output> =>
  wait ? waitActions(actions) : Effect.forEach(actions, Output.emit, { discard: true })

const waitActions = actions
