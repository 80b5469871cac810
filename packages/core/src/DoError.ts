/**
 * The failures of doapi: `DOAPIError` for anything that went wrong talking to the API, `WaitTimeoutError` when a
 * wait runs out of time. (`ActionError`, for an errored action, lives in `Action`.)
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import { RateLimit } from "./RateLimit.js"

/**
 * What went wrong:
 * - `ErrorResponse`: the API (or a proxy in front of it) answered with a status of 400 or more;
 * - `Transport`: no response came (connection refused or reset, DNS, timed out);
 * - `Decode`: a successful response whose body is not what the API promises (invalid JSON, an HTML page, a wrong
 *   shape);
 * - `Encode`: the request could not be built (invalid options, a body that is not JSON, an endpoint that is not a URL,
 *   a URL outside the endpoint); nothing was sent.
 *
 * @since 0.1.0
 * @category models
 */
export const DOAPIErrorReason = Schema.Literal("ErrorResponse", "Transport", "Decode", "Encode")

/**
 * @since 0.1.0
 * @category models
 */
export type DOAPIErrorReason = typeof DOAPIErrorReason.Type

/**
 * Every failed API call. Its `message` is one line, e.g.
 * `GET /v2/droplets/5: 404 not_found: The resource you requested could not be found.`; the API's own message is in
 * `api_message`. It never holds the token or the request headers.
 *
 * @since 0.1.0
 * @category errors
 */
export class DOAPIError extends Schema.TaggedError<DOAPIError>("@doapi/core/DOAPIError")("DOAPIError", {
  reason: DOAPIErrorReason,
  /** The HTTP method of the request. */
  method: Schema.String,
  /** The request's path (no origin, no query), e.g. `/v2/droplets/5`. */
  path: Schema.String,
  /** The HTTP status; absent when no response came. */
  status: Schema.optional(Schema.Int),
  /** The API's error id, e.g. `not_found`, `unauthorized`, `too_many_requests`. */
  id: Schema.optional(Schema.String),
  /** The API's own error message. */
  api_message: Schema.optional(Schema.String),
  /** The request id, from the error body or else the `x-request-id` header: quote it to DigitalOcean's support. */
  request_id: Schema.optional(Schema.String),
  /** The rate-limit snapshot of the response (or of the latest response, when none came). */
  rate_limit: Schema.optional(RateLimit),
  /** Seconds to wait before retrying, from a 429's `retry-after` header. */
  retry_after: Schema.optional(Schema.Number),
  /** What the transport or the decoder said, for `Transport`, `Decode` and `Encode` (and for odd error bodies). */
  description: Schema.optional(Schema.String)
}) {
  /**
   * One line a person can act on.
   */
  override get message(): string {
    const where = `${this.method} ${this.path}`
    switch (this.reason) {
      case "ErrorResponse": {
        const detail = this.api_message ?? this.description ?? "no error message"
        return `${where}: ${this.status} ${this.id ?? "error"}: ${detail}`
      }
      case "Transport":
        return `${where}: no response: ${this.description ?? "transport failure"}`
      case "Decode":
        return `${where}: ${this.status} undecodable response: ${this.description ?? "unexpected body"}`
      case "Encode":
        return `${where}: request not sent: ${this.description ?? "could not build the request"}`
    }
  }
}

/**
 * @since 0.1.0
 * @category guards
 */
export const isDOAPIError = (u: unknown): u is DOAPIError => Predicate.isTagged(u, "DOAPIError")

/**
 * A wait ran out of time (doapi's `WaitTimeoutError`): `in_progress` holds the latest fetched states of everything
 * that had not finished, `attr` and `value` the condition waited for.
 *
 * @since 0.1.0
 * @category errors
 */
export class WaitTimeoutError extends Schema.TaggedError<WaitTimeoutError>("@doapi/core/WaitTimeoutError")(
  "WaitTimeoutError",
  {
    /** The latest fetched states of the objects that had not finished (Actions, Droplets, ...). */
    in_progress: Schema.Array(Schema.Unknown),
    /** The attribute waited on: `done`, `status` or `locked`. */
    attr: Schema.String,
    /** The value waited for. */
    value: Schema.Unknown,
    wait_interval: Schema.DurationFromSelf,
    wait_time: Schema.DurationFromSelf
  }
) {
  override get message(): string {
    return `wait time limit exceeded: ${this.in_progress.length} not yet ${this.attr} = ${String(this.value)} after ${
      Duration.format(this.wait_time)
    }`
  }
}
