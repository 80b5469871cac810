/**
 * `doapi-fake [--port N] [--host H] [--token T] [--action-duration D] [--seed N]`: serves a fake DigitalOcean API
 * until interrupted, and prints its URL and token.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { parseArgs } from "node:util"
import * as FakeDigitalOcean from "./FakeDigitalOcean.js"

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    host: { type: "string", default: "127.0.0.1" },
    token: { type: "string", default: FakeDigitalOcean.TOKEN },
    "action-duration": { type: "string", default: "10 seconds" },
    seed: { type: "string", default: "1" },
    help: { type: "boolean", default: false }
  }
})

if (values.help) {
  process.stdout.write(
    "usage: doapi-fake [--port N] [--host 127.0.0.1] [--token T] [--action-duration \"10 seconds\"] [--seed N]\n"
  )
  process.exit(0)
}

const program = Effect.gen(function*() {
  const server = yield* FakeDigitalOcean.serve({
    port: Number(values.port),
    host: values.host,
    tokens: [values.token],
    seed: Number(values.seed),
    actionDuration: values["action-duration"] as `${number} seconds`
  })
  yield* Effect.sync(() => {
    process.stdout.write(`fake DigitalOcean API on ${server.url}\n`)
    process.stdout.write(`  DIGITALOCEAN_ENDPOINT=${server.url} DIGITALOCEAN_TOKEN=${server.fake.token}\n`)
  })
  return yield* Effect.never
})

Effect.runFork(Layer.launch(Layer.scopedDiscard(program)))
