/**
 * Reserved IPs: static IPv4 addresses that can be moved between droplets.
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
 * A reserved IP (formerly floating IPs). `toString()` gives the address.
 *
 * @since 0.1.0
 * @category models
 */
export class ReservedIP extends Schema.Class<ReservedIP>("@doapi/core/ReservedIP")(Ip.fields) {
  override toString(): string {
    return this.ip
  }
}

/**
 * `GET /v2/reserved_ips/{reserved_ip}`: an IP's current state, by address (or by the 32-bit integer an action reports).
 *
 * @since 0.1.0
 * @category operations
 */
export const fetch = (
  ip: ReservedIP | string | number
): Effect.Effect<ReservedIP, DOAPIError, HttpClient.HttpClient | DoConfig> =>
  Http.execute({
    operation: "ReservedIP.fetch",
    method: "GET",
    route: Http.route`/v2/reserved_ips/${typeof ip === "number" ? Ipv4.fromInt(ip) : String(ip)}`
  }, decodeReservedIP)

const decodeReservedIP = Http.envelope("reserved_ip", ReservedIP)
