/**
 * SSH keys: the public keys of the account (`/v2/account/keys`), to embed into droplets at creation.
 *
 * DigitalOcean allows only 10 `GET /v2/account/keys` per minute: a listing here costs one request per 200 keys
 * (the default `perPage`) and nothing else.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import type { DoConfig } from "./DoConfig.js"
import type { DOAPIError } from "./DoError.js"
import * as E from "./generated/internal/endpoints.js"
import * as Http from "./internal/http.js"
import * as Op from "./internal/operation.js"
import * as Pagination from "./internal/pagination.js"
import { Class } from "./internal/schema.js"
import * as Segment from "./internal/segment.js"

/**
 * An SSH key. `toString()` gives its fingerprint.
 *
 * @since 0.1.0
 * @category models
 */
export class SSHKey extends Class<SSHKey>("@doapi/core/SSHKey")({
  id: Schema.Int,
  /** The key's MD5 fingerprint, colon-separated hex (`3b:16:bf:e4:...`): an identifier, like `id`. */
  fingerprint: Schema.String,
  /** The whole public key, as uploaded (`ssh-rsa AAAA... comment`). */
  public_key: Schema.String,
  name: Schema.String
}) {
  /**
   * The fingerprint.
   *
   * @since 0.1.0
   */
  override toString(): string {
    return this.fingerprint
  }
}

/**
 * The options of `create`: its encoded form is the API's body.
 *
 * @since 0.1.0
 * @category models
 */
export const CreateOptions = Schema.Struct({
  /** The whole public key, e.g. the contents of `~/.ssh/id_ed25519.pub`. */
  public_key: Schema.String,
  name: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export type CreateOptions = typeof CreateOptions.Type

/**
 * The options of `update`: its encoded form is the API's body.
 *
 * @since 0.1.0
 * @category models
 */
export const UpdateOptions = Schema.Struct({ name: Schema.String })

/**
 * @since 0.1.0
 * @category models
 */
export type UpdateOptions = typeof UpdateOptions.Type

type R = HttpClient.HttpClient | DoConfig
/** A key's identifier in paths: the id of an object, else the id or fingerprint given. */
const path = (key: SSHKey | number | string) => ({
  ssh_key_identifier: Segment.idOrString("ssh_key_identifier", key)
})
const decodeKey = Http.envelope("ssh_key", SSHKey)
const decodeKeys = Pagination.page("ssh_keys", SSHKey)

/**
 * `GET /v2/account/keys/{ssh_key_identifier}`: a key by id or by fingerprint.
 *
 * @since 0.1.0
 * @category operations
 */
export const fetch = (key: SSHKey | number | string): Effect.Effect<SSHKey, DOAPIError, R> =>
  Http.execute(Op.request(E.SSHKeysGet, { operation: "SSHKey.fetch", path: path(key) }), decodeKey)

/**
 * `GET /v2/account/keys`: every key of the account. DigitalOcean allows only 10 of these GETs per minute, so the
 * listing asks for as few pages as it can: one request per 200 keys (the default `perPage`; lowering it costs more
 * requests) and no other request.
 *
 * @since 0.1.0
 * @category listings
 */
export const stream: Stream.Stream<SSHKey, DOAPIError, R> = Op.listing(E.SSHKeysList, {
  operation: "SSHKey.stream",
  decode: decodeKeys
})

/**
 * `GET /v2/account/keys`, collected: one request per 200 keys (see `stream` on the limit of 10 per minute).
 *
 * @since 0.1.0
 * @category listings
 */
export const fetchAll: Effect.Effect<ReadonlyArray<SSHKey>, DOAPIError, R> = Pagination.collect(stream)

/**
 * `POST /v2/account/keys`: adds a public key to the account.
 *
 * @since 0.1.0
 * @category operations
 */
export const create = (options: CreateOptions): Effect.Effect<SSHKey, DOAPIError, R> =>
  Http.execute(
    Op.request(E.SSHKeysCreate, { operation: "SSHKey.create", body: options, bodySchema: CreateOptions }),
    decodeKey
  )

/**
 * `PUT /v2/account/keys/{ssh_key_identifier}`: renames a key (by id or fingerprint).
 *
 * @since 0.1.0
 * @category operations
 */
export const update = (key: SSHKey | number | string, options: UpdateOptions): Effect.Effect<SSHKey, DOAPIError, R> =>
  Http.execute(
    Op.request(E.SSHKeysUpdate, {
      operation: "SSHKey.update",
      path: path(key),
      body: options,
      bodySchema: UpdateOptions
    }),
    decodeKey
  )

/**
 * `DELETE /v2/account/keys/{ssh_key_identifier}`.
 *
 * @since 0.1.0
 * @category operations
 */
export const remove = (key: SSHKey | number | string): Effect.Effect<void, DOAPIError, R> =>
  Http.execute(Op.request(E.SSHKeysDelete, { operation: "SSHKey.delete", path: path(key) }), Http.noContent)

export {
  /**
   * `DELETE /v2/account/keys/{ssh_key_identifier}` (`delete` is a reserved word: `SSHKey.delete` works as a
   * property).
   *
   * @since 0.1.0
   * @category operations
   */
  remove as delete
}
