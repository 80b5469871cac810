/**
 * SSHKey: every operation's method, path, query and body, and the spec's response examples decoded through it.
 */
import { SSHKey } from "@doapi/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Listing from "./utils/Listing.js"
import * as MockHttp from "./utils/MockHttp.js"
import * as Spec from "./utils/Spec.js"

const ONE = "/v2/account/keys/{ssh_key_identifier}"
const keyExample = (method: string, status: number) => Spec.responseExample(method, ONE, status).ssh_key

/** The fields of a decoded key, to compare with the example's. */
const fields = (key: SSHKey.SSHKey) => ({
  id: key.id,
  fingerprint: key.fingerprint,
  public_key: key.public_key,
  name: key.name
})

const sent = (request: MockHttp.Recorded) => [request.method, request.path, request.query, request.body]

describe("SSHKey", () => {
  it.effect("fetch: GET /v2/account/keys/{id or fingerprint}, or the object's id; the spec's example decodes", () =>
    Effect.gen(function*() {
      const example = keyExample("GET", 200)
      const fingerprint = "3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa"
      const reply = MockHttp.json(200, { ssh_key: example })
      const mock = yield* MockHttp.make({
        "GET /v2/account/keys/512189": reply,
        // The fingerprint's colons are percent-encoded by the path template.
        "GET /v2/account/keys/3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa": reply
      })
      const key = yield* mock.provide(SSHKey.fetch(512189))
      assert.instanceOf(key, SSHKey.SSHKey)
      assert.deepStrictEqual(fields(key), {
        id: example.id,
        fingerprint: example.fingerprint,
        public_key: example.public_key,
        name: example.name
      })
      assert.strictEqual(key.id, 512189)
      assert.strictEqual(key.name, "My SSH Public Key")
      assert.strictEqual(String(key), fingerprint, "toString gives the fingerprint")
      yield* mock.provide(SSHKey.fetch(fingerprint))
      yield* mock.provide(SSHKey.fetch(key))
      const requests = yield* mock.requests
      assert.deepStrictEqual(requests.map((r) => [r.method, r.url.pathname, r.query, r.body]), [
        ["GET", "/v2/account/keys/512189", {}, undefined],
        [
          "GET",
          "/v2/account/keys/3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa",
          {},
          undefined
        ],
        ["GET", "/v2/account/keys/512189", {}, undefined]
      ])
    }))

  it.effect("fetchAll: GET /v2/account/keys with per_page 200, one request; the spec's listing example decodes", () =>
    Effect.gen(function*() {
      const example = Spec.responseExample("GET", "/v2/account/keys", 200)
      const mock = yield* MockHttp.make({ "GET /v2/account/keys": MockHttp.json(200, example) })
      const keys = yield* mock.provide(SSHKey.fetchAll)
      assert.deepStrictEqual(keys.map(fields), example.ssh_keys)
      assert.strictEqual(keys[0].fingerprint, "3b:16:e4:bf:8b:00:8b:b8:59:8c:a9:d3:f0:19:fa:45")
      assert.strictEqual(keys[0].name, "Other Public Key")
      const requests = yield* mock.requests
      assert.deepStrictEqual(requests.map(sent), [[
        "GET",
        "/v2/account/keys",
        { page: "1", per_page: "200" },
        undefined
      ]])
    }))

  it.effect("stream: 450 keys cost three GETs (the limit is 10 a minute), and nothing more", () =>
    Effect.gen(function*() {
      const keys = Array.from({ length: 450 }, (_, i) => ({
        id: i + 1,
        fingerprint: `00:${i}`,
        public_key: `ssh-ed25519 AAAA${i}`,
        name: `key-${i}`
      }))
      const mock = yield* MockHttp.make({ "GET /v2/account/keys": Listing.script("ssh_keys", keys) })
      const all = yield* mock.provide(SSHKey.fetchAll)
      assert.deepStrictEqual(all.map((k) => k.id), keys.map((k) => k.id))
      const requests = yield* mock.requests
      assert.deepStrictEqual(requests.map((r) => r.query).sort((a, b) => Number(a.page) - Number(b.page)), [
        { page: "1", per_page: "200" },
        { page: "2", per_page: "200" },
        { page: "3", per_page: "200" }
      ])
    }))

  it.effect("create: POST /v2/account/keys with public_key and name; the spec's 201 example decodes", () =>
    Effect.gen(function*() {
      const example = Spec.responseExample("POST", "/v2/account/keys", 201).ssh_key
      const mock = yield* MockHttp.make({ "POST /v2/account/keys": MockHttp.json(201, { ssh_key: example }) })
      const options = { public_key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI sammy@example", name: "sammy" }
      const key = yield* mock.provide(SSHKey.create(options))
      assert.deepStrictEqual(fields(key), example)
      assert.strictEqual(key.id, 512189)
      const requests = yield* mock.requests
      assert.deepStrictEqual(requests.map(sent), [["POST", "/v2/account/keys", {}, options]])
    }))

  it.effect("update: PUT /v2/account/keys/{id} with the name; the spec's 200 example decodes", () =>
    Effect.gen(function*() {
      const example = keyExample("PUT", 200)
      const mock = yield* MockHttp.make({
        "PUT /v2/account/keys/512189": MockHttp.json(200, { ssh_key: example }),
        "PUT /v2/account/keys/ab:cd": MockHttp.json(200, { ssh_key: example })
      })
      const key = yield* mock.provide(SSHKey.update(512189, { name: "Renamed" }))
      assert.deepStrictEqual(fields(key), example)
      yield* mock.provide(SSHKey.update("ab:cd", { name: "Again" }))
      yield* mock.provide(SSHKey.update(key, { name: "Once more" }))
      const requests = yield* mock.requests
      assert.deepStrictEqual(requests.map(sent), [
        ["PUT", "/v2/account/keys/512189", {}, { name: "Renamed" }],
        ["PUT", "/v2/account/keys/ab:cd", {}, { name: "Again" }],
        ["PUT", "/v2/account/keys/512189", {}, { name: "Once more" }]
      ])
    }))

  it.effect("remove (and delete): DELETE /v2/account/keys/{id}, 204", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({
        "DELETE /v2/account/keys/512189": MockHttp.empty(204),
        "DELETE /v2/account/keys/ab:cd": MockHttp.empty(204)
      })
      assert.strictEqual(SSHKey.delete, SSHKey.remove)
      yield* mock.provide(SSHKey.remove(512189))
      yield* mock.provide(SSHKey.delete("ab:cd"))
      const requests = yield* mock.requests
      assert.deepStrictEqual(requests.map(sent), [
        ["DELETE", "/v2/account/keys/512189", {}, undefined],
        ["DELETE", "/v2/account/keys/ab:cd", {}, undefined]
      ])
    }))

  it.effect("a 404 is a DOAPIError", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({})
      const error = yield* mock.provide(Effect.flip(SSHKey.fetch(1)))
      assert.strictEqual(error._tag, "DOAPIError")
      assert.strictEqual(error.status, 404)
      assert.strictEqual(error.path, "/v2/account/keys/1")
    }))
})
