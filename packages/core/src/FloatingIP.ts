/**
 * Floating IPs: the former name of reserved IPs; the `/v2/floating_ips` paths are still live.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type { DoConfig } from "./DoConfig.js"
import type { DOAPIError } from "./DoError.js"
import * as Http from "./internal/http.js"
import * as Ip from "./internal/ip.js"
import * as Ipv4 from "./internal/ipv4.js"

/**
 * A floating IP (the old name of a reserved IP). `toString()` gives the address.
 *
 * @since 0.1.0
 * @category models
 */
export class FloatingIP extends Schema.Class<FloatingIP>("@doapi/core/FloatingIP")(Ip.fields) {
  override toString(): string {
    return this.ip
  }
}

/**
 * `GET /v2/floating_ips/{floating_ip}`: an IP's current state, by address (or by the 32-bit integer an action reports).
 *
 * @since 0.1.0
 * @category operations
 */
export const fetch = (
  ip: FloatingIP | string | number
): Effect.Effect<FloatingIP, DOAPIError, HttpClient.HttpClient | DoConfig> =>
  Http.execute({
    operation: "FloatingIP.fetch",
    method: "GET",
    route: Http.route`/v2/floating_ips/${typeof ip === "number" ? Ipv4.fromInt(ip) : String(ip)}`
  }, decodeFloatingIP)

const decodeFloatingIP = Http.envelope("floating_ip", FloatingIP)
