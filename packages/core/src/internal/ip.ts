/**
 * What reserved IPs and floating IPs (their old name, still a live path family) share.
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import { Droplet } from "../Droplet.js"
import { Region } from "../Region.js"
import { orNull } from "./schema.js"

/**
 * The fields of the spec's `reserved_ip` / `floating_ip` object.
 *
 * @internal
 */
export const fields = {
  /** The IPv4 address. */
  ip: Schema.String,
  region: Region,
  /** The droplet the IP is assigned to, or `null`. */
  droplet: orNull(Droplet),
  /** Whether the IP is locked against actions (one is in progress). */
  locked: Schema.optional(Schema.Boolean),
  project_id: Schema.optional(Schema.String)
}
