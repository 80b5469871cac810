/**
 * SSH keys (`/v2/account/keys`): list, add, fetch, rename and delete, by integer id or by fingerprint. A key must
 * look like an OpenSSH public key (`ssh-ed25519 AAAA... comment`) whose base64 blob names the same key type; its
 * fingerprint is the real one (the MD5 of the blob, colon-separated hex), and the same key cannot be added twice.
 *
 * @internal
 */
import { createHash } from "node:crypto"
import type { Context, Route } from "../router.js"
import { found, json, noContent, optional, page, require, route, str } from "../router.js"
import type { Json, State } from "../store.js"
import { find } from "../store.js"

/** The key types DigitalOcean accepts. */
const TYPES = new Set([
  "ssh-rsa",
  "ssh-dss",
  "ssh-ed25519",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521"
])

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/

/**
 * The key's blob, after checking that the text is `<type> <base64> [comment]` and that the blob (an SSH wire-format
 * key: a length-prefixed type name first) names the same type; undefined when it is not a public key.
 */
const blobOf = (publicKey: string): Buffer | undefined => {
  const [type, data] = publicKey.trim().split(/\s+/)
  if (!TYPES.has(type) || data === undefined || !BASE64.test(data) || data.length % 4 !== 0) return undefined
  const blob = Buffer.from(data, "base64")
  if (blob.length < 4) return undefined
  const length = blob.readUInt32BE(0)
  if (length !== type.length || blob.length < 4 + length + 4) return undefined
  return blob.subarray(4, 4 + length).toString("latin1") === type ? blob : undefined
}

/** The MD5 fingerprint of a key blob, as `ssh-keygen -E md5 -l` shows it (without the `MD5:` prefix). */
export const fingerprintOf = (blob: Uint8Array): string =>
  createHash("md5").update(blob).digest("hex").match(/../g)!.join(":")

/** A key by id (a number, or a string of digits) or by fingerprint; droplet creation uses it for `ssh_keys`. */
export const resolveKey = (state: State, idOrFingerprint: unknown): Json | undefined => {
  if (typeof idOrFingerprint === "number") return state.sshKeys.get(idOrFingerprint)
  if (typeof idOrFingerprint !== "string") return undefined
  if (/^\d+$/.test(idOrFingerprint)) return state.sshKeys.get(Number(idOrFingerprint))
  const fingerprint = idOrFingerprint.toLowerCase()
  return find(state.sshKeys.values(), (key) => key.fingerprint === fingerprint)
}

const keyParam = (context: Context): Json => found(resolveKey(context.state, context.params.ssh_key_identifier))

const NAME_MAX = 255

const name = (value: string): string => {
  require(value.trim() !== "" && value.length <= NAME_MAX, `name must be 1 to ${NAME_MAX} characters`)
  return value
}

const create = (context: Context): Json => {
  const { body, state } = context
  const keyName = name(str(body, "name"))
  const publicKey = str(body, "public_key").trim()
  const blob = blobOf(publicKey)
  require(
    blob !== undefined,
    "Key invalid type, we support 'ssh-rsa', 'ssh-dss', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', " +
      "'ecdsa-sha2-nistp521', or 'ssh-ed25519'"
  )
  const fingerprint = fingerprintOf(blob!)
  require(
    find(state.sshKeys.values(), (key) => key.fingerprint === fingerprint) === undefined,
    "SSH Key is already in use on your account"
  )
  const id = state.counters.sshKey++
  const key = { id, fingerprint, public_key: publicKey, name: keyName }
  state.sshKeys.set(id, key)
  return key
}

export const routes: ReadonlyArray<Route> = [
  route("GET", "/v2/account/keys", (context) => page(context, "ssh_keys", [...context.state.sshKeys.values()])),
  route("POST", "/v2/account/keys", (context) => json(201, { ssh_key: create(context) })),
  route("GET", "/v2/account/keys/:ssh_key_identifier", (context) => json(200, { ssh_key: keyParam(context) })),
  route("PUT", "/v2/account/keys/:ssh_key_identifier", (context) => {
    const key = keyParam(context)
    const newName = optional<string>(context.body, "name", "string")
    if (newName !== undefined) key.name = name(newName)
    return json(200, { ssh_key: key })
  }),
  route("DELETE", "/v2/account/keys/:ssh_key_identifier", (context) => {
    context.state.sshKeys.delete(keyParam(context).id)
    return noContent
  })
]
