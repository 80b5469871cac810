/**
 * In-progress actions seeded straight into the fake's state (its `actionDuration` is one per type), each completing
 * at its own time: for the wait scenarios, in-process and in the fake's server process.
 */
import type { FakeDigitalOcean } from "@doapi/testing"

/** Seeds one reboot action per offset, completing `after[i]` ms after `now`; returns their ids. */
export const seedActions = (fake: FakeDigitalOcean.Fake, after: ReadonlyArray<number>, now: number) => {
  const region = fake.state.regions[1]
  const started = new Date(now).toISOString().replace(/\.\d{3}Z$/, "Z")
  return after.map((offset, i) => {
    const id = fake.state.counters.action++
    fake.state.actions.set(id, {
      json: {
        id,
        status: "in-progress",
        type: "reboot",
        started_at: started,
        completed_at: null,
        resource_id: 402_000_000 + i,
        resource_type: "droplet",
        region,
        region_slug: region.slug
      },
      completesAt: now + offset,
      outcome: "completed",
      target: `droplet:${402_000_000 + i}`
    })
    return id
  })
}
