/**
 * Database: every operation's method, path and body, the spec's response examples decoded through it, the
 * run-time checks of ids and names, and the waits (per cluster, batched, timed out) against a scripted API.
 * (The fake's behaviour is tested through this module in packages/testing/test/Databases.test.ts.)
 */
import { Database } from "@doapi/core"
import { assert, describe, it } from "@effect/vitest"
import { Chunk, DateTime, Effect, Fiber, Schema, Stream, TestClock } from "effect"
import * as MockHttp from "./utils/MockHttp.js"
import * as Spec from "./utils/Spec.js"

const ID = "9cc10173-e9ea-4176-9dbc-a4cee4c4ff30"
const OTHER = "d455e75d-4858-4eec-8c95-da2f0a5f93a7"
const BASE = `/v2/databases/${ID}`
const clusterExample = () => Spec.responseExample("GET", "/v2/databases/{database_cluster_uuid}", 200).database
const clusterWith = (fields: Record<string, unknown>) => ({ ...clusterExample(), ...fields })
const replicaExample = () =>
  Spec.responseExample("GET", "/v2/databases/{database_cluster_uuid}/replicas/{replica_name}", 200).replica
const poolExample = () => Spec.responseExample("POST", "/v2/databases/{database_cluster_uuid}/pools", 201).pool

/** Runs an operation against a mock that answers `reply` to `key`, and returns its result and the one request. */
const one = <A>(key: string, reply: MockHttp.Reply, operation: Effect.Effect<A, any, any>) =>
  Effect.gen(function*() {
    const mock = yield* MockHttp.make({ [key]: reply })
    const result = yield* mock.provide(operation as Effect.Effect<A, unknown, never>)
    const [request] = yield* mock.requests
    return { result, request }
  })

describe("Database models", () => {
  it("the spec's examples decode: cluster, users, replica, pool, firewall rules, databases", () => {
    const cluster = Schema.decodeUnknownSync(Database.Cluster)(clusterExample())
    assert.instanceOf(cluster, Database.Cluster)
    assert.strictEqual(cluster.engine, "pg")
    assert.strictEqual(cluster.status, "creating")
    assert.isFalse(cluster.online)
    assert.strictEqual(cluster.uri, clusterExample().connection.uri)
    assert.instanceOf(cluster.connection, Database.Connection)
    assert.strictEqual(cluster.connection.port, 25060)
    assert.strictEqual(DateTime.toEpochMillis(cluster.created_at), Date.parse("2019-01-11T18:37:36Z"))
    assert.deepStrictEqual(cluster.users?.map((u) => [u.name, u.primary]), [["doadmin", true]])
    assert.deepStrictEqual(cluster.db_names, ["defaultdb"])
    assert.strictEqual(cluster.maintenance_window?.day, "saturday")

    for (const example of Spec.responseExamples("POST", "/v2/databases/{database_cluster_uuid}/users", 201)) {
      const user = Schema.decodeUnknownSync(Database.User)((example.value as any).user)
      assert.strictEqual(user.role, "normal", example.name)
    }
    const replica = Schema.decodeUnknownSync(Database.Replica)(replicaExample())
    assert.deepStrictEqual([replica.name, replica.status, replica.online, replica.id], [
      "read-nyc3-01",
      "online",
      true,
      undefined
    ])
    const pool = Schema.decodeUnknownSync(Database.Pool)(poolExample())
    assert.deepStrictEqual([pool.name, pool.mode, pool.size, pool.connection.port], [
      "backend-pool",
      "transaction",
      10,
      25061
    ])
    const rules = Spec.responseExample("GET", "/v2/databases/{database_cluster_uuid}/firewall", 200).rules
    assert.deepStrictEqual(
      Schema.decodeUnknownSync(Schema.Array(Database.FirewallRule))(rules).map((r) => r.type),
      ["k8s", "ip_addr", "droplet", "tag"]
    )
    // A status or engine DigitalOcean adds later still decodes.
    const future = Schema.decodeUnknownSync(Database.Cluster)(
      clusterWith({ status: "upgrading", engine: "clickhouse" })
    )
    assert.deepStrictEqual([future.status, future.engine], ["upgrading", "clickhouse"])
    // The connection is required: the API always sends it.
    assert.throws(() => Schema.decodeUnknownSync(Database.Cluster)(clusterWith({ connection: undefined })))
  })
})

describe("Database clusters", () => {
  it.effect("fetchOptions: GET /v2/databases/options, the spec's example decoded", () =>
    Effect.gen(function*() {
      const example = Spec.responseExample("GET", "/v2/databases/options", 200)
      const { request, result } = yield* one(
        "GET /v2/databases/options",
        MockHttp.json(200, example),
        Database.fetchOptions
      )
      MockHttp.assertSent(request, "GET", "/v2/databases/options", "Database.fetchOptions")
      const kafka = result.options.kafka
      assert.instanceOf(kafka, Database.EngineOptions)
      assert.deepStrictEqual(kafka.versions, example.options.kafka.versions)
      assert.deepStrictEqual(kafka.sizesFor(3), example.options.kafka.layouts[0].sizes)
      assert.deepStrictEqual(kafka.sizesFor(2), [])
      assert.isDefined(result.version_availability?.pg)
    }))

  it.effect("fetch: GET /v2/databases/{uuid}, by id or by the object", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ [`GET ${BASE}`]: MockHttp.json(200, { database: clusterExample() }) })
      const cluster = yield* mock.provide(Database.fetch(ID))
      yield* mock.provide(Database.fetch(cluster))
      const requests = yield* mock.requests
      MockHttp.assertSent(requests[0], "GET", BASE, "Database.fetch")
      MockHttp.assertSent(requests[1], "GET", BASE, "Database.fetch")
    }))

  it.effect("stream, fetchAll: GET /v2/databases (with tag_name)", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({
        "GET /v2/databases": MockHttp.json(200, { databases: [clusterExample(), clusterWith({ id: OTHER })] })
      })
      const all = yield* mock.provide(Database.fetchAll({ tag_name: "production" }))
      assert.deepStrictEqual(all.map((c) => c.id), [ID, OTHER])
      assert.strictEqual(Chunk.size(yield* Stream.runCollect(mock.provideStream(Database.stream()))), 2)
      const [request] = yield* mock.requests
      assert.strictEqual(request.query.tag_name, "production")
    }))

  it.effect("create (POST, the options as the body), resize (PUT .../resize, 202), delete (DELETE, 204)", () =>
    Effect.gen(function*() {
      const options: Database.CreateOptions = {
        name: "backend",
        engine: "pg",
        version: "14",
        num_nodes: 2,
        size: "db-s-2vcpu-4gb",
        region: "nyc3",
        tags: ["production"],
        rules: [{ type: "ip_addr", value: "192.168.1.1" }]
      }
      const created = yield* one(
        "POST /v2/databases",
        MockHttp.json(201, { database: clusterExample() }),
        Database.create(options)
      )
      assert.strictEqual(created.result.id, ID)
      MockHttp.assertSent(created.request, "POST", "/v2/databases", "Database.create", { body: options })

      const resized = yield* one(
        `PUT ${BASE}/resize`,
        MockHttp.empty(202),
        Database.resize(ID, { size: "db-s-4vcpu-8gb", num_nodes: 3 })
      )
      MockHttp.assertSent(resized.request, "PUT", `${BASE}/resize`, "Database.resize", {
        body: { size: "db-s-4vcpu-8gb", num_nodes: 3 }
      })
      const removed = yield* one(`DELETE ${BASE}`, MockHttp.empty(), Database.delete(ID))
      MockHttp.assertSent(removed.request, "DELETE", BASE, "Database.delete")
    }))

  it.effect("a wrong-typed id or name is an Encode error naming the parameter; nothing is sent", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({})
      const bad = yield* Effect.flip(mock.provide(Database.fetch(42 as unknown as string)))
      assert.strictEqual(bad.reason, "Encode")
      assert.include(bad.description, "database_cluster_uuid must be a UUID, got 42")
      const name = yield* Effect.flip(mock.provide(Database.fetchPool(ID, undefined as unknown as string)))
      assert.strictEqual(name.reason, "Encode")
      assert.include(name.description, "pool_name must be a non-empty string")
      const dots = yield* Effect.flip(mock.provide(Database.removeUser(ID, "..")))
      assert.strictEqual(dots.reason, "Encode")
      assert.deepStrictEqual(yield* mock.requests, [])
    }))
})

describe("Database bad input from outside TypeScript", () => {
  it.effect("bodies that do not fit are Encode failures, and nothing is sent", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({})
      const calls = [
        Database.create(undefined as unknown as Database.CreateOptions),
        Database.create({ name: "x", engine: "pg", num_nodes: "1", size: "s", region: "nyc3" } as any),
        Database.addDB(ID, 42 as unknown as string),
        Database.addUser(ID, { name: "u", mysql_settings: { auth_plugin: 7 } } as any),
        Database.addPool(ID, { name: "p", mode: "transaction", size: 1.5, db: "d" }),
        Database.updateFirewallRules(ID, null as any),
        Database.updateFirewallRules(ID, [{ type: "ip_addr" }] as any),
        Database.resize(ID, { size: "db-s-1vcpu-1gb" } as any),
        Database.createReplica(ID, { name: "r" } as any)
      ]
      for (const [i, call] of calls.entries()) {
        const error = yield* Effect.flip(mock.provide(call as Effect.Effect<unknown, any>))
        assert.strictEqual(error.reason, "Encode", `call ${i}`)
      }
      assert.deepStrictEqual(yield* mock.requests, [])
    }))
})

describe("Database sub-resources", () => {
  it.effect("databases: list, add, fetch, delete", () =>
    Effect.gen(function*() {
      const listed = yield* one(
        `GET ${BASE}/dbs`,
        MockHttp.json(200, { dbs: [{ name: "alpha" }, { name: "defaultdb" }] }),
        Database.listDBs(ID)
      )
      assert.deepStrictEqual(listed.result.map((d) => d.name), ["alpha", "defaultdb"])
      MockHttp.assertSent(listed.request, "GET", `${BASE}/dbs`, "Database.listDBs")
      const added = yield* one(
        `POST ${BASE}/dbs`,
        MockHttp.json(201, { db: { name: "alpha" } }),
        Database.addDB(ID, "alpha")
      )
      assert.instanceOf(added.result, Database.DB)
      MockHttp.assertSent(added.request, "POST", `${BASE}/dbs`, "Database.addDB", { body: { name: "alpha" } })
      const fetched = yield* one(
        `GET ${BASE}/dbs/alpha`,
        MockHttp.json(200, { db: { name: "alpha" } }),
        Database.fetchDB(ID, added.result)
      )
      MockHttp.assertSent(fetched.request, "GET", `${BASE}/dbs/alpha`, "Database.fetchDB")
      const removed = yield* one(`DELETE ${BASE}/dbs/my%20db`, MockHttp.empty(), Database.removeDB(ID, "my db"))
      MockHttp.assertSent(removed.request, "DELETE", `${BASE}/dbs/my%20db`, "Database.removeDB")
    }))

  it.effect("users: list, add, fetch, reset auth, delete", () =>
    Effect.gen(function*() {
      const user = { name: "app-01", role: "normal", password: "jge5lfxtzhx42iff" }
      const listed = yield* one(`GET ${BASE}/users`, MockHttp.json(200, { users: [user] }), Database.listUsers(ID))
      assert.deepStrictEqual(listed.result.map((u) => u.name), ["app-01"])
      const added = yield* one(
        `POST ${BASE}/users`,
        MockHttp.json(201, { user }),
        Database.addUser(ID, { name: "app-01", mysql_settings: { auth_plugin: "mysql_native_password" } })
      )
      MockHttp.assertSent(added.request, "POST", `${BASE}/users`, "Database.addUser", {
        body: { name: "app-01", mysql_settings: { auth_plugin: "mysql_native_password" } }
      })
      const fetched = yield* one(
        `GET ${BASE}/users/app-01`,
        MockHttp.json(200, { user }),
        Database.fetchUser(ID, added.result)
      )
      MockHttp.assertSent(fetched.request, "GET", `${BASE}/users/app-01`, "Database.fetchUser")
      const reset = yield* one(
        `POST ${BASE}/users/app-01/reset_auth`,
        MockHttp.json(200, { user: { ...user, password: "new" } }),
        Database.resetUserAuth(ID, "app-01")
      )
      assert.strictEqual(reset.result.password, "new")
      MockHttp.assertSent(reset.request, "POST", `${BASE}/users/app-01/reset_auth`, "Database.resetUserAuth", {
        body: {}
      })
      const removed = yield* one(`DELETE ${BASE}/users/app-01`, MockHttp.empty(), Database.removeUser(ID, "app-01"))
      MockHttp.assertSent(removed.request, "DELETE", `${BASE}/users/app-01`, "Database.removeUser")
    }))

  it.effect("pools: list, add, fetch, update (PUT, 204), delete", () =>
    Effect.gen(function*() {
      const listed = yield* one(
        `GET ${BASE}/pools`,
        MockHttp.json(200, { pools: [poolExample()] }),
        Database.listPools(ID)
      )
      assert.deepStrictEqual(listed.result.map((p) => p.name), ["backend-pool"])
      const options = { name: "backend-pool", mode: "transaction", size: 10, db: "defaultdb", user: "doadmin" } as const
      const added = yield* one(
        `POST ${BASE}/pools`,
        MockHttp.json(201, { pool: poolExample() }),
        Database.addPool(ID, options)
      )
      MockHttp.assertSent(added.request, "POST", `${BASE}/pools`, "Database.addPool", { body: options })
      const fetched = yield* one(
        `GET ${BASE}/pools/backend-pool`,
        MockHttp.json(200, { pool: poolExample() }),
        Database.fetchPool(ID, added.result)
      )
      MockHttp.assertSent(fetched.request, "GET", `${BASE}/pools/backend-pool`, "Database.fetchPool")
      const updated = yield* one(
        `PUT ${BASE}/pools/backend-pool`,
        MockHttp.empty(),
        Database.updatePool(ID, "backend-pool", { mode: "session", size: 5, db: "defaultdb" })
      )
      MockHttp.assertSent(updated.request, "PUT", `${BASE}/pools/backend-pool`, "Database.updatePool", {
        body: { mode: "session", size: 5, db: "defaultdb" }
      })
      const removed = yield* one(
        `DELETE ${BASE}/pools/backend-pool`,
        MockHttp.empty(),
        Database.removePool(ID, "backend-pool")
      )
      MockHttp.assertSent(removed.request, "DELETE", `${BASE}/pools/backend-pool`, "Database.removePool")
    }))

  it.effect("firewall rules: GET and PUT { rules }", () =>
    Effect.gen(function*() {
      const example = Spec.responseExample("GET", "/v2/databases/{database_cluster_uuid}/firewall", 200)
      const fetched = yield* one(`GET ${BASE}/firewall`, MockHttp.json(200, example), Database.fetchFirewallRules(ID))
      assert.strictEqual(fetched.result.length, 4)
      const rules = [{ type: "tag", value: "backend" }, { type: "ip_addr", value: "10.0.0.0/8" }] as const
      const updated = yield* one(`PUT ${BASE}/firewall`, MockHttp.empty(), Database.updateFirewallRules(ID, rules))
      MockHttp.assertSent(updated.request, "PUT", `${BASE}/firewall`, "Database.updateFirewallRules", {
        body: { rules }
      })
    }))

  it.effect("replicas: list, create, fetch, promote (PUT), delete", () =>
    Effect.gen(function*() {
      const listed = yield* one(
        `GET ${BASE}/replicas`,
        MockHttp.json(200, { replicas: [replicaExample()] }),
        Database.listReplicas(ID)
      )
      assert.deepStrictEqual(listed.result.map((r) => r.name), ["read-nyc3-01"])
      const options = { name: "read-nyc3-01", size: "db-s-2vcpu-4gb", region: "nyc3" }
      const created = yield* one(
        `POST ${BASE}/replicas`,
        MockHttp.json(201, { replica: { ...replicaExample(), status: "forking" } }),
        Database.createReplica(ID, options)
      )
      assert.strictEqual(created.result.status, "forking")
      MockHttp.assertSent(created.request, "POST", `${BASE}/replicas`, "Database.createReplica", { body: options })
      const path = `${BASE}/replicas/read-nyc3-01`
      const fetched = yield* one(
        `GET ${path}`,
        MockHttp.json(200, { replica: replicaExample() }),
        Database.fetchReplica(ID, created.result)
      )
      MockHttp.assertSent(fetched.request, "GET", path, "Database.fetchReplica")
      const promoted = yield* one(`PUT ${path}/promote`, MockHttp.empty(), Database.promoteReplica(ID, "read-nyc3-01"))
      MockHttp.assertSent(promoted.request, "PUT", `${path}/promote`, "Database.promoteReplica")
      const removed = yield* one(`DELETE ${path}`, MockHttp.empty(), Database.removeReplica(ID, "read-nyc3-01"))
      MockHttp.assertSent(removed.request, "DELETE", path, "Database.removeReplica")
    }))
})

describe("Database waits", () => {
  it.effect("waitUntilOnline: polls the cluster until online", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({
        [`GET ${BASE}`]: [
          MockHttp.json(200, { database: clusterExample() }),
          MockHttp.json(200, { database: clusterExample() }),
          MockHttp.json(200, { database: clusterWith({ status: "online" }) })
        ]
      })
      const fiber = yield* Effect.fork(mock.provide(Database.waitUntilOnline(ID, { interval: "10 seconds" })))
      yield* TestClock.adjust("30 seconds")
      const cluster = yield* Fiber.join(fiber)
      assert.isTrue(cluster.online)
      assert.deepStrictEqual((yield* mock.requests).map((r) => r.at), [0, 10_000, 20_000])
    }))

  it.effect("waitAllUntilOnline: one listing per round while two or more are pending", () =>
    Effect.gen(function*() {
      const listing = (statuses: readonly [string, string]) =>
        MockHttp.json(200, {
          databases: [clusterWith({ id: ID, status: statuses[0] }), clusterWith({ id: OTHER, status: statuses[1] })]
        })
      const mock = yield* MockHttp.make({
        "GET /v2/databases": [listing(["creating", "creating"]), listing(["online", "creating"])],
        [`GET /v2/databases/${OTHER}`]: [
          MockHttp.json(200, { database: clusterWith({ id: OTHER }) }),
          MockHttp.json(200, { database: clusterWith({ id: OTHER, status: "online" }) })
        ]
      })
      const fiber = yield* Effect.fork(
        Stream.runCollect(mock.provideStream(Database.waitAllUntilOnline([ID, OTHER], { interval: "1 minute" })))
      )
      yield* TestClock.adjust("5 minutes")
      const done = Chunk.toReadonlyArray(yield* Fiber.join(fiber))
      assert.deepStrictEqual(done.map((c) => c.id), [ID, OTHER])
      assert.deepStrictEqual((yield* mock.requests).map((r) => r.path), [
        "/v2/databases",
        "/v2/databases",
        `/v2/databases/${OTHER}`,
        `/v2/databases/${OTHER}`
      ])
    }))

  it.effect("timeout: WaitTimeoutError with the last state", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ [`GET ${BASE}`]: MockHttp.json(200, { database: clusterExample() }) })
      const fiber = yield* Effect.fork(
        Effect.flip(mock.provide(Database.waitUntilOnline(ID, { interval: "10 seconds", timeout: "30 seconds" })))
      )
      yield* TestClock.adjust("1 minute")
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error._tag, "WaitTimeoutError")
      if (error._tag !== "WaitTimeoutError") return
      assert.deepStrictEqual([error.attr, error.value], ["status", "online"])
      assert.deepStrictEqual((error.in_progress as ReadonlyArray<Database.Cluster>).map((c) => c.status), ["creating"])
      assert.strictEqual((yield* mock.requests).length, 4)
    }))

  it.effect("waitReplicaUntilOnline: polls the replica until online", () =>
    Effect.gen(function*() {
      const path = `${BASE}/replicas/read-nyc3-01`
      const mock = yield* MockHttp.make({
        [`GET ${path}`]: [
          MockHttp.json(200, { replica: { ...replicaExample(), status: "forking" } }),
          MockHttp.json(200, { replica: replicaExample() })
        ]
      })
      const fiber = yield* Effect.fork(
        mock.provide(Database.waitReplicaUntilOnline(ID, "read-nyc3-01", { interval: "10 seconds" }))
      )
      yield* TestClock.adjust("10 seconds")
      assert.isTrue((yield* Fiber.join(fiber)).online)
      assert.strictEqual((yield* mock.requests).length, 2)
    }))
})
