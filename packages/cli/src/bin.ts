#!/usr/bin/env node
/**
 * The `doapi` command: DigitalOcean from the shell. `doapi --help` lists the commands; the exit codes are 0 (done),
 * 1 (an action errored), 2 (bad usage), 3 (a wait ran out of time) and 4 (the API failed).
 *
 * @since 0.1.0
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Effect from "effect/Effect"
import { homedir } from "node:os"
import * as Environment from "./internal/environment.js"
import { Host } from "./internal/host.js"
import * as Main from "./internal/main.js"

const readStdin = Effect.promise(async () => {
  const chunks: Array<Buffer> = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString("utf8")
})

Environment.runMain(
  Main.run(process.argv.slice(2)).pipe(
    Effect.provide(FetchHttpClient.layer),
    Effect.provideService(Host, {
      env: process.env,
      home: homedir(),
      stdout: (text) => void process.stdout.write(text),
      stderr: (text) => void process.stderr.write(text),
      stdoutIsTTY: process.stdout.isTTY === true,
      stderrIsTTY: process.stderr.isTTY === true,
      columns: process.stdout.columns ?? 80,
      readStdin
    })
  )
)
