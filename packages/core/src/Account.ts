/**
 * The account the token belongs to.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type { DoConfig } from "./DoConfig.js"
import type { DOAPIError } from "./DoError.js"
import * as E from "./generated/internal/endpoints.js"
import * as Http from "./internal/http.js"
import * as Op from "./internal/operation.js"
import { Class, openEnum } from "./internal/schema.js"

/**
 * The status of an account that is active and warning-free.
 *
 * @since 0.1.0
 * @category constants
 */
export const STATUS_ACTIVE = "active"

/**
 * The status of an account in a "warning" state, e.g. from having reached the droplet limit.
 *
 * @since 0.1.0
 * @category constants
 */
export const STATUS_WARNING = "warning"

/**
 * The status of a locked account.
 *
 * @since 0.1.0
 * @category constants
 */
export const STATUS_LOCKED = "locked"

/**
 * The team the token acts for (present in a team context only).
 *
 * @since 0.1.0
 * @category models
 */
export class Team extends Class<Team>("@doapi/core/Account/Team")({
  uuid: Schema.String,
  name: Schema.String
}) {}

/**
 * The user's account.
 *
 * @since 0.1.0
 * @category models
 */
export class Account extends Class<Account>("@doapi/core/Account")({
  /** The most droplets the account may have at once. */
  droplet_limit: Schema.Int,
  /** The most floating (reserved) IPs the account may have at once. */
  floating_ip_limit: Schema.Int,
  /** The e-mail address the account registered with. */
  email: Schema.String,
  /** The account holder's name. */
  name: Schema.optional(Schema.String),
  /** The user's UUID. */
  uuid: Schema.String,
  /** Whether the e-mail address has been verified. */
  email_verified: Schema.Boolean,
  /** `active`, `warning` or `locked` (see the `STATUS_*` constants). */
  status: openEnum(STATUS_ACTIVE, STATUS_WARNING, STATUS_LOCKED),
  /** A human-readable description of the status. */
  status_message: Schema.String,
  team: Schema.optional(Team)
}) {
  /** `status` is `active`. */
  get active(): boolean {
    return this.status === STATUS_ACTIVE
  }
  /** `status` is `locked`. */
  get locked(): boolean {
    return this.status === STATUS_LOCKED
  }
}

/**
 * `GET /v2/account`: the account's current state.
 *
 * @example
 * ```ts
 * import { Account, DoConfig } from "@doapi/core"
 * import { FetchHttpClient } from "@effect/platform"
 * import { Console, Effect, Layer } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const account = yield* Account.fetch
 *   yield* Console.log(`${account.email}: ${account.status}, up to ${account.droplet_limit} droplets`)
 *   return account.active
 * })
 *
 * // Against the real API: fetch as the HttpClient, the token from DIGITALOCEAN_TOKEN (or DO_API_TOKEN)
 * const main = program.pipe(Effect.provide(Layer.merge(FetchHttpClient.layer, DoConfig.layerConfig())))
 * // Effect.runPromise(main)
 * ```
 *
 * @since 0.1.0
 * @category operations
 */
export const fetch: Effect.Effect<Account, DOAPIError, HttpClient.HttpClient | DoConfig> = Http.execute(
  Op.request(E.AccountGet, { operation: "Account.fetch" }),
  Http.envelope("account", Account)
)
