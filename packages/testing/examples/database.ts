/**
 * The README's managed-database example: create a PostgreSQL cluster, wait until it is online, then add a database,
 * a user and a connection pool, and print how to connect through the pool.
 */
import { Database } from "@doapi/core"
import type { DoConfig } from "@doapi/core"
import type { HttpClient } from "@effect/platform"
import { Console, Effect } from "effect"

export const database: Effect.Effect<string, never, HttpClient.HttpClient | DoConfig.DoConfig> = Effect.gen(
  function*() {
    const created = yield* Database.create({
      name: "backend",
      engine: "pg",
      version: "16",
      region: "nyc3",
      size: "db-s-1vcpu-2gb",
      num_nodes: 1
    })
    yield* Console.log(`cluster ${created.name}: ${created.status}`)

    // Minutes on DigitalOcean (and on the fake's clock): poll every 15 seconds, give up after 20 minutes.
    const cluster = yield* Database.waitUntilOnline(created, { interval: "15 seconds", timeout: "20 minutes" })
    yield* Console.log(`cluster ${cluster.name}: ${cluster.status} (PostgreSQL ${cluster.semantic_version})`)

    const db = yield* Database.addDB(cluster, "app")
    const user = yield* Database.addUser(cluster, { name: "app-user" })
    const pool = yield* Database.addPool(cluster, {
      name: "app-pool",
      mode: "transaction",
      size: 10,
      db: db.name,
      user: user.name
    })
    yield* Console.log(`pool ${pool.name}: ${pool.size} connections to ${pool.db} as ${pool.user}`)
    return `connect to ${pool.connection.host}:${pool.connection.port}/${pool.connection.database}`
  }
).pipe(
  Effect.catchTags({
    DOAPIError: (error) => Effect.succeed(`the API said no: ${error.message}`),
    WaitTimeoutError: (error) => Effect.succeed(`gave up waiting: ${error.message}`)
  })
)
