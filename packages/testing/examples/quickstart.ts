/**
 * How many droplets the account has, of how many it may have (the example of packages/core/README.md).
 */
import { Account, Droplet } from "@doapi/core"
import { Console, Effect } from "effect"

export const quickstart = Effect.gen(function*() {
  const account = yield* Account.fetch
  const droplets = yield* Droplet.fetchAll()
  yield* Console.log(`${account.email}: ${droplets.length} of ${account.droplet_limit} droplets`)
})
