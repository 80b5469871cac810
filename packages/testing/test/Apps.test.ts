/**
 * The fake's App Platform: through @doapi/core under TestClock (phases and steps over time, the app's deployments
 * following, failures, cancel, supersession, waits, errors), the README's example, and over HTTP with a client that
 * is not ours (plain `fetch`, following the spec).
 */
import { App, DoConfig, Project } from "@doapi/core"
import { FakeDigitalOcean } from "@doapi/testing"
import { FetchHttpClient } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { Chunk, type Duration, Effect, Fiber, Layer, Stream, TestClock } from "effect"
import { deployApp } from "../examples/app.js"
import { recording } from "./utils/Fetch.js"

const spec = (name = "web", extra: Record<string, unknown> = {}): App.AppSpec => ({
  name,
  region: "nyc",
  services: [{ name: "api", github: { repo: "acme/api", branch: "main" }, instance_size_slug: "apps-s-1vcpu-1gb" }],
  static_sites: [{ name: "docs", github: { repo: "acme/docs", branch: "main" } }],
  ...extra
})

/** Runs the effect and moves the TestClock far enough for it to finish. */
const settled = <A, E, R>(effect: Effect.Effect<A, E, R>, by: Duration.DurationInput = "10 minutes") =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(effect)
    yield* TestClock.adjust(by)
    return yield* Fiber.join(fiber)
  })

/** Every step, depth first, as `path status`. */
const stepsOf = (deployment: App.Deployment): Array<string> => {
  const out: Array<string> = []
  const visit = (steps: ReadonlyArray<App.Step>, prefix: string) => {
    for (const step of steps) {
      out.push(`${prefix}${step.name} ${step.status}`)
      visit(step.steps, `${prefix}${step.name}/`)
    }
  }
  visit(deployment.progress.steps, "")
  return out
}

/** Counts the requests the fake answers. */
const served = Effect.map(FakeDigitalOcean.FakeDigitalOcean, (fake) => fake.state.served)

/** Generous: a file's tests run concurrently, and a loaded machine slows them all. */
const slow = { timeout: 30_000 }

describe("the fake's App Platform, through @doapi/core", slow, () => {
  it.effect("a deployment goes PENDING_BUILD → BUILDING → PENDING_DEPLOY → DEPLOYING → ACTIVE over Clock time", () =>
    Effect.gen(function*() {
      const app = yield* App.create({ spec: spec() })
      const pending = app.pending_deployment!
      assert.strictEqual(pending.phase, App.PHASE_PENDING_BUILD)
      assert.strictEqual(pending.cause, "app created")
      assert.strictEqual(app.in_progress_deployment?.id, pending.id)
      assert.isUndefined(app.active_deployment)
      assert.isUndefined(app.live_url)
      assert.strictEqual(app.region?.slug, "nyc")
      assert.strictEqual(pending.progress.total_steps, 9)
      assert.strictEqual(pending.progress.pending_steps, 9)

      const seen: Array<string> = []
      for (let i = 0; i < 5; i++) {
        seen.push((yield* App.fetchDeployment(app, pending)).phase)
        yield* TestClock.adjust("10 seconds")
      }
      assert.deepStrictEqual(seen, ["PENDING_BUILD", "BUILDING", "PENDING_DEPLOY", "DEPLOYING", "ACTIVE"])

      const active = yield* App.fetchDeployment(app, pending)
      assert.strictEqual(active.progress.success_steps, 9)
      assert.deepStrictEqual(stepsOf(active), [
        "build SUCCESS",
        "build/initialize SUCCESS",
        "build/components SUCCESS",
        "build/components/api SUCCESS",
        "build/components/docs SUCCESS",
        "deploy SUCCESS",
        "deploy/initialize SUCCESS",
        "deploy/components SUCCESS",
        "deploy/components/api SUCCESS",
        "deploy/components/api/deploy SUCCESS",
        "deploy/components/api/wait SUCCESS",
        "deploy/components/docs SUCCESS",
        "deploy/components/docs/deploy SUCCESS",
        "deploy/components/docs/wait SUCCESS",
        "deploy/finalize SUCCESS"
      ])
      assert.strictEqual(active.progress.steps[0].steps[1].steps[0].message_base, "Building service")
      assert.deepStrictEqual(active.services?.map((s) => s.name), ["api"])

      const live = yield* App.fetch(app)
      assert.strictEqual(live.active_deployment?.id, pending.id)
      assert.isUndefined(live.in_progress_deployment)
      assert.match(live.live_url!, /^https:\/\/web-[a-z]{5}\.ondigitalocean\.app$/)
      assert.isTrue(live.deployed)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("steps run in order: during BUILDING the build runs and the deploy is pending", () =>
    Effect.gen(function*() {
      const app = yield* App.create({ spec: spec() })
      yield* TestClock.adjust("16 seconds")
      const building = yield* App.fetchDeployment(app, app.pending_deployment!)
      assert.strictEqual(building.phase, "BUILDING")
      assert.deepStrictEqual(stepsOf(building).slice(0, 6), [
        "build RUNNING",
        "build/initialize SUCCESS",
        "build/components RUNNING",
        "build/components/api RUNNING",
        "build/components/docs RUNNING",
        "deploy PENDING"
      ])
      assert.strictEqual(building.progress.running_steps, 2)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("waitUntilDeployed waits for the first deployment and returns the live app", () =>
    Effect.gen(function*() {
      const created = yield* App.create({ spec: spec() })
      const before = yield* served
      const app = yield* settled(App.waitUntilDeployed(created, { interval: "5 seconds" }))
      assert.strictEqual(app.active_deployment?.phase, "ACTIVE")
      assert.isDefined(app.live_url)
      // Polled at 0, 5, ... 40 seconds (9 rounds), then the app fetched once.
      assert.strictEqual((yield* served) - before, 10)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("a failing build (fault injection) ends in ERROR: a DeploymentFailedError with the failed step", () =>
    Effect.gen(function*() {
      const app = yield* App.create({ spec: spec() })
      const error = yield* settled(Effect.flip(App.waitForDeployment(app, app.pending_deployment!)))
      assert.strictEqual(error._tag, "DeploymentFailedError")
      if (error._tag !== "DeploymentFailedError") return
      assert.strictEqual(error.phase, "ERROR")
      assert.strictEqual(error.app_id, app.id)
      assert.strictEqual(error.step, "build/components/api")
      assert.strictEqual(error.reason?.code, "BuildJobFailed")
      assert.strictEqual(error.deployment.progress.steps[1].status, "PENDING", "nothing is deployed after a failure")
      const now = yield* App.fetch(app)
      assert.isUndefined(now.active_deployment)
      assert.isUndefined(now.in_progress_deployment)
      assert.isUndefined(now.live_url)
    }).pipe(Effect.provide(FakeDigitalOcean.layer({ actionErrors: [{ type: "app_build" }] }))))

  it.effect("a failing deploy (the spec's DOAPI_FAKE_FAIL env) fails at the component's wait step", () =>
    Effect.gen(function*() {
      const app = yield* App.create({ spec: spec("web", { envs: [{ key: "DOAPI_FAKE_FAIL", value: "DEPLOY" }] }) })
      yield* TestClock.adjust("36 seconds")
      assert.strictEqual((yield* App.fetchDeployment(app, app.pending_deployment!)).phase, "DEPLOYING")
      const error = yield* settled(Effect.flip(App.waitForDeployment(app, app.pending_deployment!)))
      assert.strictEqual(error._tag, "DeploymentFailedError")
      if (error._tag !== "DeploymentFailedError") return
      assert.strictEqual(error.step, "deploy/components/api/wait")
      assert.strictEqual(error.reason?.code, "HealthChecksFailed")
      assert.include(error.message, "ended ERROR: step deploy/components/api/wait failed")
      assert.strictEqual(error.deployment.progress.error_steps, 1)
      assert.strictEqual(error.deployment.progress.steps[1].steps[2].status, "PENDING", "finalize never runs")
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("cancel ends a deployment CANCELED (the wait fails saying so); a finished one cannot be (409)", () =>
    Effect.gen(function*() {
      const app = yield* App.create({ spec: spec() })
      const deployment = app.pending_deployment!
      const waiting = yield* Effect.fork(Effect.flip(App.waitForDeployment(app, deployment)))
      // At 16 seconds the build's initialize step is done and its components are building.
      yield* TestClock.adjust("16 seconds")
      const canceled = yield* App.cancelDeployment(app, deployment)
      assert.strictEqual(canceled.phase, App.PHASE_CANCELED)
      assert.strictEqual(canceled.failedStep?.path, "build/components/api")
      assert.strictEqual(canceled.failedStep?.step.reason?.code, "DeploymentCanceled")
      yield* TestClock.adjust("1 minute")
      const error = yield* Fiber.join(waiting)
      assert.strictEqual(error._tag, "DeploymentFailedError")
      if (error._tag === "DeploymentFailedError") assert.strictEqual(error.phase, "CANCELED")
      // It stays canceled.
      assert.strictEqual((yield* App.fetchDeployment(app, deployment)).phase, "CANCELED")
      const again = yield* Effect.flip(App.cancelDeployment(app, deployment))
      assert.strictEqual(again.status, 409)
      assert.strictEqual(again.id, "conflict")
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("a redeploy supersedes the one in progress, then the active one once it is active", () =>
    Effect.gen(function*() {
      const app = yield* App.create({ spec: spec() })
      const first = app.pending_deployment!
      yield* settled(App.waitForDeployment(app, first))
      const second = yield* App.createDeployment(app, { force_build: true })
      assert.strictEqual(second.cause, "manual")
      yield* TestClock.adjust("5 seconds")
      const third = yield* App.createDeployment(app)
      assert.strictEqual((yield* App.fetchDeployment(app, second)).phase, "SUPERSEDED")
      const during = yield* App.fetch(app)
      assert.strictEqual(during.active_deployment?.id, first.id)
      assert.strictEqual(during.in_progress_deployment?.id, third.id)
      yield* settled(App.waitForDeployment(app, third))
      const after = yield* App.fetch(app)
      assert.strictEqual(after.active_deployment?.id, third.id)
      assert.strictEqual((yield* App.fetchDeployment(app, first)).phase, "SUPERSEDED")
      const listed = yield* App.fetchAllDeployments(app)
      assert.deepStrictEqual(listed.map((d) => [d.id, d.phase]), [
        [third.id, "ACTIVE"],
        [second.id, "SUPERSEDED"],
        [first.id, "SUPERSEDED"]
      ])
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("update replaces the spec and deploys it; the app's deployments follow", () =>
    Effect.gen(function*() {
      const app = yield* App.create({ spec: spec() })
      yield* settled(App.waitUntilDeployed(app))
      const updated = yield* App.update(app, { spec: { ...app.spec, region: "fra" } })
      assert.strictEqual(updated.spec.region, "fra")
      assert.strictEqual(updated.region?.slug, "fra")
      assert.strictEqual(updated.pending_deployment?.cause, "app spec updated")
      assert.strictEqual(updated.in_progress_deployment?.id, updated.pending_deployment?.id)
      // The static site's untyped fields made the round trip.
      assert.deepStrictEqual(updated.spec.static_sites, app.spec.static_sites)
      const live = yield* settled(App.waitUntilDeployed(updated))
      assert.strictEqual(live.active_deployment?.spec.region, "fra")
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("waitForDeployments polls several with one listing per round", () =>
    Effect.gen(function*() {
      const app = yield* App.create({ spec: spec() })
      const first = yield* settled(App.waitForDeployment(app, app.pending_deployment!))
      const second = yield* App.createDeployment(app)
      const before = yield* served
      const done = yield* settled(
        Stream.runCollect(App.waitForDeployments(app, [first, second], { interval: "10 seconds" }))
      )
      assert.deepStrictEqual(Chunk.toArray(done).map((d) => d.id), [first.id, second.id])
      // Rounds at 0, 10, 20, 30, 40 seconds: one listing each.
      assert.strictEqual((yield* served) - before, 5)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("waitForDeployments reads the deployment listing only as deep as it needs (perPage 2)", () =>
    Effect.gen(function*() {
      const app = yield* App.create({ spec: spec() })
      let live = yield* settled(App.waitForDeployment(app, app.pending_deployment!))
      for (let i = 0; i < 3; i++) live = yield* settled(App.waitForDeployment(app, yield* App.createDeployment(app)))
      const next = yield* App.createDeployment(app)
      // Newest first, two a page: [next, live], then two pages of superseded ones.
      assert.lengthOf(yield* App.fetchAllDeployments(app), 5)
      const before = yield* served
      const done = yield* settled(
        Stream.runCollect(App.waitForDeployments(app, [live, next], { interval: "10 seconds" }))
      )
      assert.deepStrictEqual(Chunk.toArray(done).map((d) => d.id), [live.id, next.id])
      // Round 1 reads the first page only (it shows both), not all three; then one GET a round for the one left, at
      // 10, 20, 30, 40 seconds.
      assert.strictEqual((yield* served) - before, 5)
    }).pipe(Effect.provide(FakeDigitalOcean.layer({ config: { perPage: 2 } }))))

  it.effect("a wait times out with the deployment's last state, and an interrupted one stops polling", () =>
    Effect.gen(function*() {
      const app = yield* App.create({ spec: spec() })
      const deployment = app.pending_deployment!
      const error = yield* settled(
        Effect.flip(App.waitForDeployment(app, deployment, { interval: "5 seconds", timeout: "25 seconds" }))
      )
      assert.strictEqual(error._tag, "WaitTimeoutError")
      if (error._tag !== "WaitTimeoutError") return
      assert.strictEqual((error.in_progress[0] as App.Deployment).phase, "PENDING_DEPLOY")
      assert.strictEqual(error.attr, "phase")

      const other = yield* App.createDeployment(app)
      const fiber = yield* Effect.fork(App.waitForDeployment(app, other, { interval: "5 seconds" }))
      yield* TestClock.adjust("12 seconds")
      yield* Fiber.interrupt(fiber)
      const after = yield* served
      yield* TestClock.adjust("5 minutes")
      assert.strictEqual(yield* served, after)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("errors: 422 for a bad spec (region, instance size, name, no component), 409 for a name taken, 404", () =>
    Effect.gen(function*() {
      const bad = (extra: Record<string, unknown>) => Effect.flip(App.create({ spec: { ...spec(), ...extra } }))
      const region = yield* bad({ region: "xyz" })
      assert.strictEqual(region.status, 422)
      assert.strictEqual(region.id, "unprocessable_entity")
      assert.include(region.message, "xyz")
      const size = yield* bad({ services: [{ name: "api", instance_size_slug: "apps-huge" }] })
      assert.strictEqual(size.status, 422)
      assert.include(size.message, "apps-huge")
      assert.strictEqual((yield* bad({ name: "Not_Valid" })).status, 422)
      assert.strictEqual((yield* bad({ services: [], static_sites: [] })).status, 422)
      assert.strictEqual((yield* bad({ services: [{ name: "a-b" }, { name: "a-b" }], static_sites: [] })).status, 422)

      const app = yield* App.create({ spec: spec() })
      const taken = yield* Effect.flip(App.create({ spec: spec() }))
      assert.strictEqual(taken.status, 409)
      const renamed = yield* Effect.flip(App.update(app, { spec: { ...spec(), region: "mars" } }))
      assert.strictEqual(renamed.status, 422)

      assert.strictEqual((yield* Effect.flip(App.fetch("no-such-app"))).status, 404)
      assert.strictEqual((yield* Effect.flip(App.fetchDeployment(app, "no-such-deployment"))).status, 404)
      assert.strictEqual((yield* Effect.flip(App.createDeployment("no-such-app"))).status, 404)
      yield* App.delete(app)
      assert.strictEqual((yield* Effect.flip(App.fetch(app))).status, 404)
      assert.strictEqual((yield* Effect.flip(App.fetchAllDeployments(app))).status, 404)
      assert.strictEqual((yield* Effect.flip(App.delete(app))).status, 404)
      // The name is free again.
      yield* App.create({ spec: spec() })
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("logs: URLs of the active deployment's or a deployment's logs; 404 with none active or a bad component", () =>
    Effect.gen(function*() {
      const app = yield* App.create({ spec: spec() })
      const none = yield* Effect.flip(App.logs(app, { type: "RUN" }))
      assert.strictEqual(none.status, 404)
      const building = yield* App.logs(app, { type: "BUILD", deployment: app.pending_deployment! })
      assert.strictEqual(building.historic_urls.length, 1)
      assert.match(building.historic_urls[0], /^https:\/\/.+\/build\.log$/)
      yield* settled(App.waitUntilDeployed(app))
      const live = yield* App.logs(app, { type: "RUN", component: "api", follow: true })
      assert.match(live.live_url!, /^wss:\/\/.+\/api\/run\/live$/)
      assert.deepStrictEqual(live.historic_urls, [])
      const wrong = yield* Effect.flip(App.logs(app, { type: "RUN", component: "nope" }))
      assert.strictEqual(wrong.status, 404)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("an app is in the default project, or in the one given (which must exist: 422)", () =>
    Effect.gen(function*() {
      const plain = yield* App.create({ spec: spec("plain") })
      const project = yield* Project.create({ name: "apps", purpose: "Web Application" })
      const placed = yield* App.create({ spec: spec("placed"), project_id: project.id })
      assert.strictEqual(placed.project_id, project.id)
      assert.strictEqual(plain.project_id, (yield* Project.fetchDefault).id)
      const unknown = yield* Effect.flip(
        App.create({ spec: spec("nowhere"), project_id: "00000000-0000-4000-8000-000000000000" })
      )
      assert.strictEqual(unknown.status, 422)
      assert.strictEqual((yield* App.fetch(placed)).project_id, project.id)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("listing, propose and regions", () =>
    Effect.gen(function*() {
      yield* App.create({ spec: spec("one") })
      yield* App.create({ spec: spec("two") })
      assert.deepStrictEqual((yield* App.fetchAll()).map((a) => a.name), ["one", "two"])
      const proposal = yield* App.propose({ spec: spec("one") })
      assert.isFalse(proposal.app_name_available)
      assert.strictEqual(proposal.app_name_suggestion, "one-2")
      assert.strictEqual(proposal.app_cost, 12)
      assert.isTrue((yield* App.propose({ spec: spec("three") })).app_name_available)
      assert.strictEqual((yield* Effect.flip(App.propose({ spec: spec("x", { region: "xyz" }) }))).status, 422)
      const regions = yield* App.regions
      assert.include(regions.map((r) => r.slug), "ams")
      assert.deepStrictEqual(regions.find((r) => r.slug === "nyc")?.data_centers, ["nyc1", "nyc3"])
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("the README's example deploys, redeploys and finds the build logs", () =>
    Effect.gen(function*() {
      const { console, lines } = recording()
      const app = yield* settled(Effect.withConsole(deployApp, console), "1 hour")
      assert.strictEqual(app.name, "hello-web")
      assert.match(lines[1], /^hello-web is live at https:\/\//)
      assert.match(lines[2], /^deployment .+: ACTIVE \(build SUCCESS, deploy SUCCESS\)$/)
      assert.match(lines[3], /^build logs: https:\/\//)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("the README's example reports a failed build by its step", () =>
    Effect.gen(function*() {
      const { console, errors } = recording()
      const error = yield* settled(Effect.flip(Effect.withConsole(deployApp, console)), "1 hour")
      assert.strictEqual(error._tag, "DeploymentFailedError")
      assert.deepStrictEqual(errors, [
        "ERROR: step build/components/web failed (The build failed: the build command exited with a non-zero status.)"
      ])
    }).pipe(Effect.provide(FakeDigitalOcean.layer({ actionErrors: [{ type: "app_build" }] }))))
})

describe("the fake's App Platform over HTTP, with plain fetch following the spec", slow, () => {
  it.scopedLive("create an app, poll its deployment until ACTIVE, redeploy, cancel, logs, errors, delete", () =>
    Effect.gen(function*() {
      const server = yield* FakeDigitalOcean.serve({ actionDuration: "30 millis" })
      const call = (method: string, path: string, body?: unknown) =>
        Effect.promise(async () => {
          const response = await fetch(`${server.url}${path}`, {
            method,
            headers: {
              authorization: `Bearer ${server.fake.token}`,
              ...(body === undefined ? {} : { "content-type": "application/json" })
            },
            ...(body === undefined ? {} : { body: JSON.stringify(body) })
          })
          return { status: response.status, json: (await response.json()) as any }
        })
      const created = yield* call("POST", "/v2/apps", {
        spec: {
          name: "plain",
          region: "ams",
          services: [{ name: "web", image: { registry_type: "DOCR", repository: "web" } }]
        }
      })
      assert.strictEqual(created.status, 200)
      const app = created.json.app
      assert.strictEqual(app.pending_deployment.phase, "PENDING_BUILD")
      const id = app.pending_deployment.id

      const phases: Array<string> = []
      let deployment: any
      for (let i = 0; i < 200; i++) {
        deployment = (yield* call("GET", `/v2/apps/${app.id}/deployments/${id}`)).json.deployment
        if (phases[phases.length - 1] !== deployment.phase) phases.push(deployment.phase)
        if (deployment.phase === "ACTIVE") break
        yield* Effect.sleep("5 millis")
      }
      assert.strictEqual(deployment.phase, "ACTIVE")
      // The phases seen (as fast as the machine polls) come in the documented order.
      const order = ["PENDING_BUILD", "BUILDING", "PENDING_DEPLOY", "DEPLOYING", "ACTIVE"]
      assert.deepStrictEqual(phases, order.filter((phase) => phases.includes(phase)))
      assert.strictEqual(deployment.progress.success_steps, deployment.progress.total_steps)
      const live = (yield* call("GET", `/v2/apps/${app.id}`)).json.app
      assert.strictEqual(live.active_deployment.id, id)
      assert.isString(live.live_url)

      const listed = yield* call("GET", "/v2/apps?per_page=1")
      assert.strictEqual(listed.json.meta.total, 1)
      assert.strictEqual(listed.json.apps[0].id, app.id)

      const redeploy = (yield* call("POST", `/v2/apps/${app.id}/deployments`, { force_build: true })).json.deployment
      const canceled = yield* call("POST", `/v2/apps/${app.id}/deployments/${redeploy.id}/cancel`)
      assert.strictEqual(canceled.json.deployment.phase, "CANCELED")
      const deployments = (yield* call("GET", `/v2/apps/${app.id}/deployments`)).json.deployments
      assert.deepStrictEqual(deployments.map((d: any) => d.phase), ["CANCELED", "ACTIVE"])

      const logs = yield* call("GET", `/v2/apps/${app.id}/deployments/${id}/logs?type=BUILD`)
      assert.strictEqual(logs.status, 200)
      assert.isArray(logs.json.historic_urls)
      const bad = yield* call("POST", "/v2/apps", {
        spec: { name: "other", services: [{ name: "web", instance_size_slug: "x" }] }
      })
      assert.strictEqual(bad.status, 422)
      assert.strictEqual(bad.json.id, "unprocessable_entity")
      assert.isString(bad.json.request_id)

      const deleted = yield* call("DELETE", `/v2/apps/${app.id}`)
      assert.deepStrictEqual([deleted.status, deleted.json], [200, { id: app.id }])
      const gone = yield* call("GET", `/v2/apps/${app.id}`)
      assert.deepStrictEqual([gone.status, gone.json.id], [404, "not_found"])
    }))

  it.scopedLive("our client drives the HTTP server too", () =>
    Effect.gen(function*() {
      const server = yield* FakeDigitalOcean.serve({ actionDuration: "20 millis" })
      const app = yield* Effect.gen(function*() {
        const created = yield* App.create({ spec: spec("http") })
        return yield* App.waitUntilDeployed(created, { interval: "10 millis", timeout: "10 seconds" })
      }).pipe(
        Effect.provide(
          Layer.merge(FetchHttpClient.layer, DoConfig.layer({ token: server.fake.token, endpoint: server.url }))
        )
      )
      assert.strictEqual(app.active_deployment?.phase, "ACTIVE")
    }))
})
