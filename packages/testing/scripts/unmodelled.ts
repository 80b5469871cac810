/**
 * The scenario's section for the operations the fake does not model with state (`pnpm scenario`): each is called
 * through `@doapi/core`'s generated function with the smallest valid arguments, through Prism's validating proxy
 * (`--errors`), so that every answer the fake builds from a generated Schema is checked against DigitalOcean's
 * OpenAPI document. Every operation is a step of its own; a failed one does not stop the others.
 */
import type { DoConfig } from "@doapi/core"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Fallback from "../src/internal/fallback.js"
import { prng } from "../src/internal/store.js"
import { call, unmodelled } from "../test/utils/Unmodelled.js"

/** How many operations go through Prism at once. */
const CONCURRENCY = 4

/** Runs one step (the scenario's `step`): its line printed, a failure recorded, never failing here. */
export type Run = (
  name: string,
  effect: Effect.Effect<unknown, unknown, HttpClient.HttpClient | DoConfig.DoConfig>
) => Effect.Effect<unknown>

/**
 * Operations whose answer (or smallest request) cannot pass Prism, and why: the spec requires a field it does not
 * declare, or its generated Schema is looser than the spec (which the fake's values are built from). They are still
 * called in `test/Fallback.test.ts` (decoded with the generated Schemas), not through Prism.
 */
const GAPS: Readonly<Record<string, string>> = {
  "Uptime.createCheck": "the spec's body requires `method`, which check_updatable does not declare",
  "Monitoring.listSinks": "sinks_response requires `urn`, which it does not declare",
  "Monitoring.getSink": "sinks_response requires `urn`, which it does not declare",
  ...Object.fromEntries(["create", "list", "get", "update"].map((name) => [
    `DropletAutoscalePools.${name}`,
    "the generated Schema of `config` is a free record (the spec's oneOf of the static and dynamic configurations " +
    "is not kept), so the fake's `config` is {}"
  ]))
}

/** Prints a line in the section (the scenario's `output`). */
export type Note = (line: string) => Effect.Effect<void>

/**
 * Calls every unmodelled operation as a step (but those of `GAPS`, noted with their reason); how many there were. The fake's Schemas are loaded first (in this
 * process, the fake's), so that no step's time limit counts their loading.
 */
export const steps = (run: Run, note: Note): Effect.Effect<number> =>
  Fallback.example("Error", prng(1)).pipe(
    Effect.zipRight(Effect.forEach(unmodelled, (op) => {
      const name = `${op.module}.${op.name}`
      return GAPS[name] === undefined ? run(name, call(op)) : note(`${"gap".padEnd(6)} ${name}: ${GAPS[name]}`)
    }, { concurrency: CONCURRENCY, discard: true })),
    Effect.as(unmodelled.length)
  )
