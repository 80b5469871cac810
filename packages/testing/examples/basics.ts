/**
 * The README's first example: fetch the account, list regions and sizes, wait on an action, and handle each error
 * by its tag.
 */
import { Account, Action, Region, Size } from "@doapi/core"
import type { DoConfig } from "@doapi/core"
import type { HttpClient } from "@effect/platform"
import { Console, Effect, Option } from "effect"

export const basics: Effect.Effect<void, never, HttpClient.HttpClient | DoConfig.DoConfig> = Effect.gen(function*() {
  const account = yield* Account.fetch
  yield* Console.log(`account ${account.email}: ${account.status}, up to ${account.droplet_limit} droplets`)

  const regions = yield* Region.fetchAll
  yield* Console.log(`regions: ${regions.filter((region) => region.available).join(", ")}`)

  const sizes = yield* Size.fetchAll
  const [cheapest] = [...sizes].sort((a, b) => a.price_monthly - b.price_monthly)
  if (cheapest !== undefined) {
    yield* Console.log(`${sizes.length} sizes, from ${cheapest.slug} at $${cheapest.price_monthly}/month`)
  }

  // The account's most recent action, waited on until it is done; an errored one becomes an ActionError.
  const last = yield* Action.fetchLast
  if (Option.isSome(last)) {
    const done = yield* Action.wait(last.value, { timeout: "5 minutes" }).pipe(Effect.flatMap(Action.raiseForError))
    yield* Console.log(`last action: ${done.type} on ${done.resource_type} ${done.resource_id}: ${done.status}`)
  } else {
    yield* Console.log("no actions yet")
  }
}).pipe(
  Effect.catchTags({
    DOAPIError: (error) => Console.error(`API error: ${error.message} [request ${error.request_id ?? "-"}]`),
    WaitTimeoutError: (error) => Console.error(`still waiting: ${error.message}`),
    ActionError: (error) => Console.error(`the action failed: ${error.message}`)
  })
)
