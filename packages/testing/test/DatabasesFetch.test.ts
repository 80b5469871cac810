/**
 * The fake's HTTP server driven by a client that is not ours: plain `fetch`, following DigitalOcean's API reference
 * for managed databases (paths, bodies, status codes and error shapes), as any other language's client would.
 */
import { FakeDigitalOcean } from "@doapi/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { client } from "./utils/Fetch.js"

describe("managed databases over HTTP, with plain fetch", () => {
  it.scopedLive(
    "create a cluster, poll it until online, add a user, a database and a pool, set trusted sources",
    () =>
      Effect.gen(function*() {
        // Clusters come online after 200 ms of real time here (minutes by default).
        const server = yield* FakeDigitalOcean.serve({ actionDuration: { database_create: "200 millis" } })
        const api = client(server.url, server.fake.token)

        const created = yield* api("POST", "/v2/databases", {
          name: "backend",
          engine: "pg",
          version: "16",
          region: "nyc3",
          size: "db-s-1vcpu-2gb",
          num_nodes: 1,
          tags: ["production"]
        })
        assert.strictEqual(created.status, 201)
        const id: string = created.body.database.id
        assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
        assert.strictEqual(created.body.database.status, "creating")
        assert.strictEqual(created.body.database.semantic_version, "16.6")

        let status = created.body.database.status
        for (let polls = 0; status !== "online" && polls < 100; polls++) {
          yield* Effect.sleep("20 millis")
          const polled = yield* api("GET", `/v2/databases/${id}`)
          assert.strictEqual(polled.status, 200)
          status = polled.body.database.status
        }
        assert.strictEqual(status, "online")

        const user = yield* api("POST", `/v2/databases/${id}/users`, { name: "app-01" })
        assert.strictEqual(user.status, 201)
        assert.deepStrictEqual([user.body.user.name, user.body.user.role], ["app-01", "normal"])
        const db = yield* api("POST", `/v2/databases/${id}/dbs`, { name: "app" })
        assert.deepStrictEqual([db.status, db.body], [201, { db: { name: "app" } }])
        const pool = yield* api("POST", `/v2/databases/${id}/pools`, {
          name: "app-pool",
          mode: "transaction",
          size: 10,
          db: "app",
          user: "app-01"
        })
        assert.strictEqual(pool.status, 201)
        const connection = pool.body.pool.connection
        assert.strictEqual(connection.port, 25061)
        assert.strictEqual(
          connection.uri,
          `postgres://app-01:${user.body.user.password}@${connection.host}:25061/app-pool?sslmode=require`
        )
        const updated = yield* api("PUT", `/v2/databases/${id}/pools/app-pool`, { mode: "session", size: 5, db: "app" })
        assert.deepStrictEqual([updated.status, updated.body], [204, undefined])
        assert.strictEqual((yield* api("GET", `/v2/databases/${id}/pools/app-pool`)).body.pool.mode, "session")

        const rules = yield* api("PUT", `/v2/databases/${id}/firewall`, {
          rules: [{ type: "ip_addr", value: "203.0.113.0/24" }]
        })
        assert.strictEqual(rules.status, 204)
        const listed = yield* api("GET", `/v2/databases/${id}/firewall`)
        assert.deepStrictEqual(listed.body.rules.map((r: any) => [r.type, r.value, r.cluster_uuid]), [
          ["ip_addr", "203.0.113.0/24", id]
        ])

        const cluster = (yield* api("GET", `/v2/databases?tag_name=production`)).body.databases
        assert.deepStrictEqual(cluster.map((c: any) => [c.name, c.db_names]), [["backend", ["defaultdb", "app"]]])

        assert.strictEqual((yield* api("DELETE", `/v2/databases/${id}`)).status, 204)
        assert.strictEqual((yield* api("GET", `/v2/databases/${id}`)).status, 404)
      }),
    30_000
  )

  it.scopedLive("errors in DigitalOcean's shape: 401, 404, 409, 422", () =>
    Effect.gen(function*() {
      const server = yield* FakeDigitalOcean.serve({ actionDuration: { database_create: "1 millis" } })
      const api = client(server.url, server.fake.token)

      const anonymous = yield* client(server.url, "dop_v1_wrong")("GET", "/v2/databases")
      assert.deepStrictEqual([anonymous.status, anonymous.body.id], [401, "unauthorized"])

      const missing = yield* api("GET", "/v2/databases/9cc10173-e9ea-4176-9dbc-a4cee4c4ff30")
      assert.strictEqual(missing.status, 404)
      assert.strictEqual(missing.body.id, "not_found")
      assert.isString(missing.body.message)
      assert.isString(missing.body.request_id)

      const badSize = yield* api("POST", "/v2/databases", {
        name: "db",
        engine: "pg",
        region: "nyc3",
        size: "huge",
        num_nodes: 1
      })
      assert.deepStrictEqual([badSize.status, badSize.body.id], [422, "unprocessable_entity"])

      const mysql = yield* api("POST", "/v2/databases", {
        name: "shop",
        engine: "mysql",
        region: "nyc3",
        size: "db-s-1vcpu-1gb",
        num_nodes: 1
      })
      const id = mysql.body.database.id
      yield* Effect.sleep("10 millis")
      const pool = yield* api("POST", `/v2/databases/${id}/pools`, {
        name: "p",
        mode: "transaction",
        size: 1,
        db: "defaultdb"
      })
      assert.deepStrictEqual([pool.status, pool.body.message], [
        422,
        "operation is not supported for this cluster type"
      ])
      assert.strictEqual((yield* api("POST", `/v2/databases/${id}/users`, { name: "app" })).status, 201)
      const again = yield* api("POST", `/v2/databases/${id}/users`, { name: "app" })
      assert.deepStrictEqual([again.status, again.body.id], [409, "conflict"])
    }), 30_000)
})
