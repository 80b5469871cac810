/**
 * The fake's managed databases through @doapi/core's Database module, under the TestClock: clusters coming online
 * over minutes, the waits (one and many, batched, timed out, interrupted), databases, users, pools, firewall rules
 * and replicas, and DigitalOcean's errors.
 */
import { Database, Droplet, Project, Tag, VPC } from "@doapi/core"
import { FakeDigitalOcean } from "@doapi/testing"
import { assert, describe, it } from "@effect/vitest"
import type { Duration } from "effect"
import { Chunk, Console, Effect, Fiber, Stream, TestClock } from "effect"
import * as fs from "node:fs"
import { database } from "../examples/database.js"

/** Runs the effect and moves the TestClock far enough for it to finish. */
const settled = <A, E, R>(effect: Effect.Effect<A, E, R>, by: Duration.DurationInput = "10 minutes") =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(effect)
    yield* TestClock.adjust(by)
    return yield* Fiber.join(fiber)
  })

const cluster = (name: string, extra: Partial<Database.CreateOptions> = {}) =>
  Database.create({ name, engine: "pg", num_nodes: 1, size: "db-s-1vcpu-1gb", region: "nyc3", ...extra })

/** A cluster, created and waited on until online. */
const online = (name: string, extra: Partial<Database.CreateOptions> = {}) =>
  Effect.flatMap(cluster(name, extra), (c) => settled(Database.waitUntilOnline(c)))

const failure = <A, E extends { readonly status?: number | undefined; readonly id?: string | undefined }, R>(
  effect: Effect.Effect<A, E, R>
) => Effect.map(Effect.flip(effect), (error) => [error.status, error.id] as const)

/** The fake, polled every 30 seconds by default (clusters take minutes). */
const fake = () => FakeDigitalOcean.layer({ config: { waitInterval: "30 seconds" } })

/** These tests make many requests: on a loaded machine they may take seconds of real time. */
const TIMEOUT = 60_000

/** How many requests the fake has answered. */
const served = Effect.map(FakeDigitalOcean.FakeDigitalOcean, (fake) => fake.state.served)

describe("database clusters", () => {
  it.effect(
    "create: creating for minutes of Clock time, then online; connection details that look real",
    () =>
      Effect.gen(function*() {
        const created = yield* cluster("backend", { tags: ["prod"] })
        assert.instanceOf(created, Database.Cluster)
        assert.strictEqual(created.status, "creating")
        assert.isFalse(created.online)
        assert.strictEqual(created.engine, "pg")
        assert.strictEqual(created.version, "17")
        assert.strictEqual(created.semantic_version, "17.2")
        assert.deepStrictEqual(created.db_names, ["defaultdb"])
        assert.deepStrictEqual(created.tags, ["prod"])
        assert.deepStrictEqual(created.users?.map((u) => [u.name, u.role]), [["doadmin", "primary"]])
        const c = created.connection
        assert.match(c.host, /^backend-do-user-\d+-0\.[a-z]\.db\.ondigitalocean\.com$/)
        assert.strictEqual(c.port, 25060)
        assert.strictEqual(c.user, "doadmin")
        assert.match(c.password, /^AVNS_[A-Za-z0-9_-]{19}$/)
        assert.strictEqual(c.uri, `postgres://doadmin:${c.password}@${c.host}:25060/defaultdb?sslmode=require`)
        assert.isTrue(c.ssl)
        assert.strictEqual(created.private_connection?.host, `private-${c.host}`)
        assert.isUndefined(created.standby_connection)

        yield* TestClock.adjust("4 minutes")
        assert.strictEqual((yield* Database.fetch(created)).status, "creating")
        yield* TestClock.adjust("1 minute")
        const up = yield* Database.fetch(created.id)
        assert.isTrue(up.online)
        assert.strictEqual(up.uri, c.uri)
      }).pipe(Effect.provide(fake())),
    TIMEOUT
  )

  it.effect(
    "engines: each has its versions, ports and URIs; a multi-node cluster has standby connections",
    () =>
      Effect.gen(function*() {
        const mysql = yield* cluster("my-sql", { engine: "mysql", num_nodes: 2 })
        assert.strictEqual(mysql.version, "8")
        assert.match(mysql.connection.uri, /^mysql:\/\/doadmin:AVNS_.+:25060\/defaultdb\?ssl-mode=REQUIRED$/)
        assert.match(mysql.standby_connection?.host ?? "", /^replica-my-sql-/)
        assert.strictEqual(mysql.users?.[0].mysql_settings?.auth_plugin, "caching_sha2_password")
        const valkey = yield* cluster("cache", { engine: "valkey" })
        assert.match(valkey.connection.uri, /^rediss:\/\/default:AVNS_.+:25061$/)
        assert.isNull(valkey.db_names)
        assert.isNull(valkey.users)
        const redis = yield* cluster("old-cache", { engine: "redis", version: "7" })
        assert.strictEqual(redis.semantic_version, "7.2.4")
        const mongo = yield* cluster("docs", { engine: "mongodb", version: "7.0", num_nodes: 3 })
        assert.match(mongo.connection.uri, /^mongodb\+srv:\/\/doadmin:/)
        assert.deepStrictEqual(mongo.db_names, ["admin"])
        const kafka = yield* cluster("events", { engine: "kafka", num_nodes: 3, size: "gd-2vcpu-8gb" })
        assert.strictEqual(kafka.connection.port, 25073)
        const search = yield* cluster("search", { engine: "opensearch", size: "db-s-2vcpu-4gb" })
        assert.match(search.connection.uri, /^https:\/\/doadmin:.+:25060$/)
        const pg = yield* cluster("old-pg", { version: "14" })
        assert.strictEqual(pg.semantic_version, "14.15")
      }).pipe(Effect.provide(fake())),
    TIMEOUT
  )

  it.effect("fetchOptions: what create accepts, engine by engine", () =>
    Effect.gen(function*() {
      const { options } = yield* Database.fetchOptions
      assert.deepStrictEqual(Object.keys(options), ["pg", "mysql", "redis", "valkey", "mongodb", "kafka", "opensearch"])
      assert.strictEqual(options.pg.default_version, "17")
      assert.include(options.pg.regions, "nyc3")
      assert.include(options.pg.sizesFor(1), "db-s-1vcpu-1gb")
      assert.deepStrictEqual(options.kafka.layouts.map((l) => l.num_nodes), [3])
      assert.notInclude(options.kafka.sizesFor(3), "db-s-1vcpu-1gb")
      // Each engine's default version, smallest size and first node count create a cluster.
      for (const [engine, o] of Object.entries(options)) {
        const layout = o.layouts[0]
        const created = yield* Database.create({
          name: `opt-${engine}`,
          engine,
          version: o.default_version,
          num_nodes: layout.num_nodes,
          size: layout.sizes[0],
          region: o.regions[0]
        })
        assert.strictEqual(created.version, o.default_version)
      }
    }).pipe(Effect.provide(fake())), TIMEOUT)

  it.effect(
    "create refuses a bad engine, version, size, node count, region and name (422), and a name in use",
    () =>
      Effect.gen(function*() {
        for (
          const bad of [
            { engine: "oracle" },
            { version: "9" },
            { size: "s-1vcpu-1gb" },
            { num_nodes: 4 },
            { engine: "kafka", num_nodes: 1, size: "gd-2vcpu-8gb" },
            { engine: "kafka", num_nodes: 3, size: "db-s-1vcpu-1gb" },
            { region: "mars1" },
            { name: "Bad_Name" },
            { rules: [{ type: "ip_addr" as const, value: "2001:db8::1" }] },
            { rules: [{ type: "droplet" as const, value: "12345" }] }
          ]
        ) {
          assert.deepStrictEqual(
            yield* failure(cluster("name-ok", bad as Partial<Database.CreateOptions>)),
            [422, "unprocessable_entity"],
            JSON.stringify(bad)
          )
        }
        yield* cluster("taken")
        const taken = yield* Effect.flip(cluster("taken"))
        assert.strictEqual(taken.status, 422)
        assert.strictEqual(taken.api_message, "cluster name is not available")
      }).pipe(Effect.provide(fake())),
    TIMEOUT
  )

  it.effect("list (by tag), fetch, delete (404 after; the name is free again)", () =>
    Effect.gen(function*() {
      const a = yield* cluster("alpha", { tags: ["web"] })
      yield* cluster("beta")
      assert.deepStrictEqual((yield* Database.fetchAll()).map((c) => c.name), ["alpha", "beta"])
      assert.deepStrictEqual((yield* Database.fetchAll({ tag_name: "web" })).map((c) => c.name), ["alpha"])
      assert.strictEqual(Chunk.size(yield* Stream.runCollect(Database.stream())), 2)
      // The cluster's tag counts it among the tag's databases, until it is deleted.
      const web = yield* Tag.fetch("web")
      assert.deepStrictEqual(web.resources?.databases, {
        count: 1,
        last_tagged_uri: `https://api.digitalocean.com/v2/databases/${a.id}`
      } as any)
      assert.strictEqual(web.resources?.count, 1)
      yield* Database.delete(a)
      assert.deepStrictEqual((yield* Tag.fetch("web")).resources?.databases, { count: 0 } as any)
      assert.deepStrictEqual(yield* failure(Database.fetch(a)), [404, "not_found"])
      assert.deepStrictEqual(yield* failure(Database.delete(a)), [404, "not_found"])
      assert.strictEqual((yield* cluster("alpha")).name, "alpha")
    }).pipe(Effect.provide(fake())), TIMEOUT)

  it.effect(
    "resize: refused while creating (412), then resizing for minutes and the new shape shows",
    () =>
      Effect.gen(function*() {
        const created = yield* cluster("grow")
        assert.deepStrictEqual(
          yield* failure(Database.resize(created, { size: "db-s-2vcpu-4gb", num_nodes: 2 })),
          [412, "precondition_failed"]
        )
        yield* settled(Database.waitUntilOnline(created))
        assert.deepStrictEqual(
          yield* failure(Database.resize(created, { size: "db-s-9vcpu-1tb", num_nodes: 2 })),
          [422, "unprocessable_entity"]
        )
        yield* Database.resize(created, { size: "db-s-2vcpu-4gb", num_nodes: 2 })
        const resizing = yield* Database.fetch(created)
        assert.strictEqual(resizing.status, "resizing")
        assert.strictEqual(resizing.size, "db-s-1vcpu-1gb")
        const done = yield* settled(Database.waitUntilOnline(created))
        assert.deepStrictEqual([done.status, done.size, done.num_nodes], ["online", "db-s-2vcpu-4gb", 2])
        assert.isDefined(done.standby_connection)
      }).pipe(Effect.provide(fake())),
    TIMEOUT
  )

  it.effect(
    "a cluster joins its project and its VPC (the defaults, or those given: 422 if unknown), and leaves them",
    () =>
      Effect.gen(function*() {
        const c = yield* cluster("in-project")
        const project = yield* Project.fetchDefault
        assert.strictEqual(c.project_id, project.id)
        const urns = () => Effect.map(Project.fetchAllResources(project), (rs) => rs.map((r) => r.urn))
        assert.include(yield* urns(), `do:dbaas:${c.id}`)
        const members = yield* VPC.fetchAllMembers(c.private_network_uuid!)
        assert.include(members.map((m) => m.urn), `do:dbaas:${c.id}`)

        const other = yield* Project.create({ name: "data", purpose: "Databases" })
        const placed = yield* cluster("placed", { project_id: other.id })
        assert.strictEqual(placed.project_id, other.id)
        assert.deepStrictEqual(
          (yield* Project.fetchAllResources(other)).map((r) => r.urn),
          [`do:dbaas:${placed.id}`]
        )
        assert.deepStrictEqual(
          yield* failure(cluster("nowhere", { project_id: "0b7e6a2e-0000-4000-8000-000000000000" })),
          [422, "unprocessable_entity"]
        )
        assert.deepStrictEqual(
          yield* failure(cluster("no-vpc", { private_network_uuid: "0b7e6a2e-0000-4000-8000-000000000000" })),
          [422, "unprocessable_entity"]
        )

        yield* Database.delete(c)
        assert.notInclude(yield* urns(), `do:dbaas:${c.id}`)
        assert.notInclude(
          (yield* VPC.fetchAllMembers(c.private_network_uuid!)).map((m) => m.urn),
          `do:dbaas:${c.id}`
        )
      }).pipe(Effect.provide(fake())),
    TIMEOUT
  )

  it.effect(
    "a wrong-typed id is an Encode error naming the parameter, and nothing is sent",
    () =>
      Effect.gen(function*() {
        const before = yield* served
        const error = yield* Effect.flip(Database.fetch("not-a-uuid"))
        assert.strictEqual(error.reason, "Encode")
        assert.include(error.description, "database_cluster_uuid must be a UUID")
        const user = yield* Effect.flip(Database.fetchUser("9cc10173-e9ea-4176-9dbc-a4cee4c4ff30", "" as string))
        assert.strictEqual(user.reason, "Encode")
        assert.include(user.description, "username")
        assert.strictEqual(yield* served, before)
      }).pipe(Effect.provide(fake())),
    TIMEOUT
  )
})

describe("waiting until online", () => {
  it.effect("one cluster: polls it by id until online", () =>
    Effect.gen(function*() {
      const created = yield* cluster("one")
      const before = yield* served
      const up = yield* settled(Database.waitUntilOnline(created, { interval: "30 seconds" }))
      assert.isTrue(up.online)
      // Polls at 0, 30 s, ..., 5 min: 11 fetches.
      assert.strictEqual((yield* served) - before, 11)
    }).pipe(Effect.provide(fake())), TIMEOUT)

  it.effect("many clusters: one listing per round, each emitted as it comes online", () =>
    Effect.gen(function*() {
      const first = yield* cluster("first")
      yield* TestClock.adjust("2 minutes")
      const second = yield* cluster("second")
      const third = yield* cluster("third")
      const before = yield* served
      const order = yield* settled(
        Stream.runCollect(Database.waitAllUntilOnline([first, second.id, third], { interval: "1 minute" }))
      )
      assert.deepStrictEqual(Chunk.toReadonlyArray(order).map((c) => c.name), ["first", "second", "third"])
      // Rounds at 0, 1, 2, 3 min (first online), 4, 5 min (the others): one listing each while two or more are
      // pending, then one fetch each when one is.
      assert.strictEqual((yield* served) - before, 6)
    }).pipe(Effect.provide(fake())), TIMEOUT)

  it.effect("a cluster deleted while waited on fails the wait with its 404", () =>
    Effect.gen(function*() {
      const a = yield* cluster("gone-a")
      const b = yield* cluster("gone-b")
      const fiber = yield* Effect.fork(
        Stream.runCollect(Database.waitAllUntilOnline([a, b], { interval: "1 minute" }))
      )
      yield* TestClock.adjust("1 minute")
      yield* Database.delete(b)
      yield* TestClock.adjust("1 minute")
      const error = yield* Effect.flip(Fiber.join(fiber))
      assert.strictEqual(error._tag === "DOAPIError" ? error.status : undefined, 404)
    }).pipe(Effect.provide(fake())), TIMEOUT)

  it.effect("timeout: a WaitTimeoutError with the clusters' last states", () =>
    Effect.gen(function*() {
      const a = yield* cluster("slow-a")
      const b = yield* cluster("slow-b")
      const error = yield* settled(
        Effect.flip(
          Stream.runDrain(Database.waitAllUntilOnline([a, b], { interval: "30 seconds", timeout: "2 minutes" }))
        )
      )
      assert.strictEqual(error._tag, "WaitTimeoutError")
      if (error._tag !== "WaitTimeoutError") return
      assert.strictEqual(error.attr, "status")
      assert.strictEqual(error.value, "online")
      const last = error.in_progress as ReadonlyArray<Database.Cluster>
      assert.deepStrictEqual(last.map((c) => [c.name, c.status]), [["slow-a", "creating"], ["slow-b", "creating"]])
    }).pipe(Effect.provide(fake())), TIMEOUT)

  it.effect("interruption stops the polling", () =>
    Effect.gen(function*() {
      const a = yield* cluster("stopped")
      const fiber = yield* Effect.fork(Database.waitUntilOnline(a, { interval: "10 seconds" }))
      yield* TestClock.adjust("30 seconds")
      yield* Fiber.interrupt(fiber)
      const before = yield* served
      yield* TestClock.adjust("10 minutes")
      assert.strictEqual(yield* served, before)
    }).pipe(Effect.provide(fake())), TIMEOUT)

  it.effect("actionDuration sets how long a cluster takes to come online", () =>
    Effect.gen(function*() {
      const created = yield* cluster("quick")
      yield* TestClock.adjust("1 second")
      assert.isTrue((yield* Database.fetch(created)).online)
    }).pipe(Effect.provide(FakeDigitalOcean.layer({ actionDuration: { database_create: "1 second" } }))), TIMEOUT)
})

describe("databases, users and pools", () => {
  it.effect(
    "databases: add, list, fetch, delete; 409 for a duplicate, 404 for an unknown one",
    () =>
      Effect.gen(function*() {
        const c = yield* online("dbs")
        assert.deepStrictEqual((yield* Database.addDB(c, "app")).name, "app")
        assert.deepStrictEqual((yield* Database.listDBs(c)).map((d) => d.name), ["defaultdb", "app"])
        assert.strictEqual((yield* Database.fetchDB(c, "app")).name, "app")
        assert.deepStrictEqual((yield* Database.fetch(c)).db_names, ["defaultdb", "app"])
        assert.deepStrictEqual(yield* failure(Database.addDB(c, "app")), [409, "conflict"])
        assert.deepStrictEqual(yield* failure(Database.addDB(c, "no/slash")), [422, "unprocessable_entity"])
        yield* Database.removeDB(c, "app")
        assert.deepStrictEqual(yield* failure(Database.fetchDB(c, "app")), [404, "not_found"])
        const cache = yield* online("cache", { engine: "valkey" })
        assert.deepStrictEqual(yield* failure(Database.addDB(cache, "app")), [422, "unprocessable_entity"])
      }).pipe(Effect.provide(fake())),
    TIMEOUT
  )

  it.effect(
    "users: add (password), list, fetch, reset auth (the admin's reaches the connection), delete",
    () =>
      Effect.gen(function*() {
        const c = yield* online("users")
        const user = yield* Database.addUser(c, { name: "app-01" })
        assert.deepStrictEqual([user.name, user.role, user.primary], ["app-01", "normal", false])
        assert.match(user.password, /^AVNS_/)
        assert.deepStrictEqual((yield* Database.listUsers(c)).map((u) => u.name), ["doadmin", "app-01"])
        assert.strictEqual((yield* Database.fetchUser(c, user)).password, user.password)
        const reset = yield* Database.resetUserAuth(c, "app-01")
        assert.notStrictEqual(reset.password, user.password)
        const admin = yield* Database.resetUserAuth(c, "doadmin")
        const fresh = yield* Database.fetch(c)
        assert.strictEqual(fresh.connection.password, admin.password)
        assert.include(fresh.connection.uri, admin.password)
        assert.deepStrictEqual(yield* failure(Database.addUser(c, { name: "app-01" })), [409, "conflict"])
        assert.deepStrictEqual(
          yield* failure(
            Database.resetUserAuth(c, "app-01", { mysql_settings: { auth_plugin: "mysql_native_password" } })
          ),
          [422, "unprocessable_entity"]
        )
        assert.deepStrictEqual(yield* failure(Database.removeUser(c, "doadmin")), [422, "unprocessable_entity"])
        yield* Database.removeUser(c, user)
        assert.deepStrictEqual(yield* failure(Database.fetchUser(c, "app-01")), [404, "not_found"])

        const mysql = yield* online("my-sql", { engine: "mysql" })
        const native = yield* Database.addUser(mysql, {
          name: "legacy",
          mysql_settings: { auth_plugin: "mysql_native_password" }
        })
        assert.strictEqual(native.mysql_settings?.auth_plugin, "mysql_native_password")
        const switched = yield* Database.resetUserAuth(mysql, native, {
          mysql_settings: { auth_plugin: "caching_sha2_password" }
        })
        assert.strictEqual(switched.mysql_settings?.auth_plugin, "caching_sha2_password")
        const cache = yield* online("cache", { engine: "redis" })
        assert.deepStrictEqual(yield* failure(Database.addUser(cache, { name: "x" })), [422, "unprocessable_entity"])
      }).pipe(Effect.provide(fake())),
    TIMEOUT
  )

  it.effect(
    "pools: pg only (422 elsewhere); add, list, fetch, update, delete; they hold their db and user",
    () =>
      Effect.gen(function*() {
        const c = yield* online("pooled")
        yield* Database.addDB(c, "app")
        yield* Database.addUser(c, { name: "app-user" })
        const pool = yield* Database.addPool(c, {
          name: "app-pool",
          mode: "transaction",
          size: 10,
          db: "app",
          user: "app-user"
        })
        assert.deepStrictEqual([pool.name, pool.mode, pool.size, pool.db, pool.user], [
          "app-pool",
          "transaction",
          10,
          "app",
          "app-user"
        ])
        assert.strictEqual(pool.connection.port, 25061)
        assert.strictEqual(pool.connection.database, "app-pool")
        assert.strictEqual(pool.connection.user, "app-user")
        assert.match(pool.connection.uri, /^postgres:\/\/app-user:AVNS_.+:25061\/app-pool\?sslmode=require$/)
        assert.deepStrictEqual((yield* Database.listPools(c)).map((p) => p.name), ["app-pool"])

        yield* Database.updatePool(c, pool, { mode: "session", size: 5, db: "defaultdb" })
        const updated = yield* Database.fetchPool(c, "app-pool")
        assert.deepStrictEqual([updated.mode, updated.size, updated.db, updated.user], [
          "session",
          5,
          "defaultdb",
          undefined
        ])
        assert.strictEqual(updated.connection.user, "doadmin")

        // A 1 GB cluster has 22 backend connections for its pools.
        assert.deepStrictEqual(
          yield* failure(Database.addPool(c, { name: "big", mode: "transaction", size: 18, db: "app" })),
          [422, "unprocessable_entity"]
        )
        assert.deepStrictEqual(
          yield* failure(Database.addPool(c, { name: "app-pool", mode: "transaction", size: 1, db: "app" })),
          [409, "conflict"]
        )
        assert.deepStrictEqual(
          yield* failure(Database.addPool(c, { name: "p2", mode: "transaction", size: 1, db: "nope" })),
          [422, "unprocessable_entity"]
        )
        // A pool holds its database and user.
        yield* Database.updatePool(c, pool, { mode: "session", size: 5, db: "app", user: "app-user" })
        assert.deepStrictEqual(yield* failure(Database.removeDB(c, "app")), [422, "unprocessable_entity"])
        assert.deepStrictEqual(yield* failure(Database.removeUser(c, "app-user")), [422, "unprocessable_entity"])
        yield* Database.removePool(c, pool)
        assert.deepStrictEqual(yield* failure(Database.fetchPool(c, pool)), [404, "not_found"])
        yield* Database.removeDB(c, "app")
        yield* Database.removeUser(c, "app-user")

        const mysql = yield* online("no-pools", { engine: "mysql" })
        const refused = yield* Effect.flip(
          Database.addPool(mysql, { name: "p", mode: "transaction", size: 1, db: "defaultdb" })
        )
        assert.deepStrictEqual([refused.status, refused.api_message], [
          422,
          "operation is not supported for this cluster type"
        ])
        assert.deepStrictEqual(yield* failure(Database.listPools(mysql)), [422, "unprocessable_entity"])
      }).pipe(Effect.provide(fake())),
    TIMEOUT
  )
})

describe("firewall rules and replicas", () => {
  it.effect(
    "firewall rules: replaced as a whole, uuids kept, a deleted droplet's rule gone",
    () =>
      Effect.gen(function*() {
        const c = yield* cluster("guarded")
        assert.deepStrictEqual(yield* Database.fetchFirewallRules(c), [])
        const droplet = yield* Droplet.create({
          name: "web",
          region: "nyc3",
          size: "s-1vcpu-1gb",
          image: "ubuntu-24-04-x64"
        })
        yield* Database.updateFirewallRules(c, [
          { type: "ip_addr", value: "192.168.1.0/24" },
          { type: "droplet", value: String(droplet.id) },
          { type: "tag", value: "backend" }
        ])
        const rules = yield* Database.fetchFirewallRules(c)
        assert.deepStrictEqual(rules.map((r) => [r.type, r.value]), [
          ["ip_addr", "192.168.1.0/24"],
          ["droplet", String(droplet.id)],
          ["tag", "backend"]
        ])
        assert.isTrue(rules.every((r) => r.cluster_uuid === c.id && typeof r.uuid === "string"))
        yield* Database.updateFirewallRules(c, [{ type: "tag", value: "backend" }])
        const kept = yield* Database.fetchFirewallRules(c)
        assert.deepStrictEqual(kept.map((r) => r.uuid), [rules[2].uuid])
        assert.deepStrictEqual(
          yield* failure(Database.updateFirewallRules(c, [{ type: "ip_addr", value: "::1" }])),
          [422, "unprocessable_entity"]
        )
        yield* Database.updateFirewallRules(c, [{ type: "droplet", value: String(droplet.id) }])
        yield* Droplet.delete(droplet)
        assert.deepStrictEqual(yield* Database.fetchFirewallRules(c), [])
      }).pipe(Effect.provide(fake())),
    TIMEOUT
  )

  it.effect(
    "replicas: need an online primary (412); forking, then online; list, fetch, promote, delete",
    () =>
      Effect.gen(function*() {
        const creating = yield* cluster("primary")
        assert.deepStrictEqual(
          yield* failure(Database.createReplica(creating, { name: "read-1", size: "db-s-1vcpu-1gb" })),
          [412, "precondition_failed"]
        )
        const c = yield* settled(Database.waitUntilOnline(creating))
        const replica = yield* Database.createReplica(c, {
          name: "read-1",
          size: "db-s-1vcpu-1gb",
          region: "sfo3",
          tags: ["reads"]
        })
        assert.deepStrictEqual([replica.status, replica.region, replica.online], ["forking", "sfo3", false])
        assert.match(replica.connection?.host ?? "", /^read-1-do-user-/)
        const second = yield* Database.createReplica(c, { name: "read-2", size: "db-s-1vcpu-1gb" })
        assert.deepStrictEqual(
          yield* failure(Database.createReplica(c, { name: "read-1", size: "db-s-1vcpu-1gb" })),
          [409, "conflict"]
        )
        assert.deepStrictEqual(yield* failure(Database.promoteReplica(c, replica)), [412, "precondition_failed"])

        const before = yield* served
        const up = yield* settled(
          Stream.runCollect(Database.waitAllReplicasUntilOnline(c, [replica, "read-2"], { interval: "1 minute" }))
        )
        assert.deepStrictEqual(Chunk.toReadonlyArray(up).map((r) => [r.name, r.status]), [
          ["read-1", "online"],
          ["read-2", "online"]
        ])
        // Rounds at 0..5 minutes, one listing each.
        assert.strictEqual((yield* served) - before, 6)
        assert.deepStrictEqual((yield* Database.listReplicas(c)).map((r) => r.name), ["read-1", "read-2"])
        assert.isTrue((yield* Database.waitReplicaUntilOnline(c, second)).online)

        yield* Database.promoteReplica(c, "read-1")
        assert.deepStrictEqual((yield* Database.listReplicas(c)).map((r) => r.name), ["read-2"])
        const promoted = yield* Database.fetch(replica.id!)
        assert.deepStrictEqual([promoted.name, promoted.status, promoted.region], ["read-1", "online", "sfo3"])
        // A cluster now: its tags count it among the tag's databases.
        assert.strictEqual((yield* Tag.fetch("reads")).resources?.databases?.count, 1)
        yield* Database.removeReplica(c, "read-2")
        assert.deepStrictEqual(yield* failure(Database.fetchReplica(c, "read-2")), [404, "not_found"])
        const cache = yield* online("cache", { engine: "valkey" })
        assert.deepStrictEqual(
          yield* failure(Database.createReplica(cache, { name: "r", size: "db-s-1vcpu-1gb" })),
          [422, "unprocessable_entity"]
        )
      }).pipe(Effect.provide(fake())),
    TIMEOUT
  )
})

/** A Console that records what the program prints (log and error) instead of printing it. */
const consoleOf = (lines: Array<string>): Console.Console => {
  const record = (...args: ReadonlyArray<unknown>) => Effect.sync(() => void lines.push(args.map(String).join(" ")))
  return new Proxy({} as Console.Console, {
    get: (_target, name) =>
      name === Console.TypeId
        ? Console.TypeId
        : name === "unsafe"
        ? globalThis.console
        : name === "log" || name === "error"
        ? record
        : () => Effect.void
  })
}

describe("the README's database example, against the fake", () => {
  it("the README shows it verbatim", () => {
    const root = new URL("../../../", import.meta.url)
    const readme = fs.readFileSync(new URL("README.md", root), "utf8")
    const source = fs.readFileSync(new URL("packages/testing/examples/database.ts", root), "utf8").trim()
    assert.isTrue(readme.includes("```ts\n" + source + "\n```"), "README.md shows examples/database.ts verbatim")
  })

  it.effect(
    "creates a cluster, waits until it is online, adds a database, a user and a pool",
    () =>
      Effect.gen(function*() {
        const lines: Array<string> = []
        const result = yield* settled(Effect.withConsole(database, consoleOf(lines)), "30 minutes")
        assert.match(result, /^connect to backend-do-user-\d+-0\.[a-z]\.db\.ondigitalocean\.com:25061\/app-pool$/)
        assert.deepStrictEqual(lines, [
          "cluster backend: creating",
          "cluster backend: online (PostgreSQL 16.6)",
          "pool app-pool: 10 connections to app as app-user"
        ])
        const { state } = yield* FakeDigitalOcean.FakeDigitalOcean
        assert.strictEqual(state.databases.size, 1)
      }).pipe(Effect.provide(FakeDigitalOcean.layer())),
    TIMEOUT
  )

  it.effect("a cluster that does not come online in time is reported by its tag", () =>
    Effect.gen(function*() {
      const lines: Array<string> = []
      const result = yield* settled(Effect.withConsole(database, consoleOf(lines)), "30 minutes")
      assert.match(result, /^gave up waiting: wait time limit exceeded: 1 not yet status = online after 20m$/)
      assert.deepStrictEqual(lines, ["cluster backend: creating"])
    }).pipe(Effect.provide(FakeDigitalOcean.layer({ actionDuration: { database_create: "1 hour" } }))), TIMEOUT)

  it.effect("an API error is reported by its tag", () =>
    Effect.gen(function*() {
      const result = yield* settled(Effect.withConsole(database, consoleOf([])), "30 minutes")
      assert.match(result, /^the API said no: POST \/v2\/databases\/[0-9a-f-]{36}\/pools: 503 server_error/)
    }).pipe(
      Effect.provide(FakeDigitalOcean.layer({
        faults: [{ route: "POST /v2/databases/:database_cluster_uuid/pools", status: 503 }]
      }))
    ), TIMEOUT)
})
