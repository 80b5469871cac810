/**
 * App: every operation's method, path, query and body, the spec's response examples decoded through it, the
 * deployment wait (ACTIVE, a failure carrying the failed step, a timeout with the last state) and bad input.
 * (The fake's App Platform is tested in packages/testing/test/Apps.test.ts.)
 */
import { App } from "@doapi/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, Schema, TestClock } from "effect"
import * as MockHttp from "./utils/MockHttp.js"
import * as Spec from "./utils/Spec.js"

const APP = "c2a93513-8d9b-4223-9d61-5e7272c81cf5"
const DEPLOYMENT = "b6bdf840-2854-4f87-a36c-5f231c617c84"
const appExample = () => Spec.responseExample("GET", "/v2/apps/{id}", 200)
const deploymentExample = () => Spec.responseExample("GET", "/v2/apps/{app_id}/deployments/{deployment_id}", 200)
const spec: App.AppSpec = {
  name: "web",
  region: "nyc",
  services: [{ name: "api", github: { repo: "acme/api", branch: "main" }, instance_size_slug: "apps-s-1vcpu-1gb" }]
}
const deploymentWith = (fields: Record<string, unknown>) => ({ ...deploymentExample().deployment, ...fields })

describe("App", () => {
  it.effect("the spec's examples decode: an app, a listing, a deployment and its steps, logs, propose, regions", () =>
    Effect.gen(function*() {
      const app = Schema.decodeUnknownSync(App.App)(appExample().app)
      assert.strictEqual(app.id, APP)
      assert.strictEqual(app.name, "sample-golang")
      assert.strictEqual(app.region?.slug, "ams")
      assert.isTrue(app.deployed)
      assert.strictEqual(app.active_deployment?.phase, App.PHASE_ACTIVE)
      assert.strictEqual(app.active_deployment?.progress.steps[0].steps[1].steps[0].component_name, "web")
      // An embedded summary (the pending deployment has only its id and spec) decodes with the defaults.
      assert.strictEqual(app.pending_deployment?.phase, App.PHASE_UNKNOWN)
      assert.strictEqual(app.nextDeployment?.id, "3aa4d20e-5527-4c00-b496-601fbd22520a")
      // Fields of the spec that are not typed are kept, so an update sends back what was fetched.
      assert.deepStrictEqual((app.spec as any).domains, appExample().app.spec.domains)
      assert.deepStrictEqual(Schema.encodeSync(App.AppSpec)(app.spec), appExample().app.spec)

      const deployment = Schema.decodeUnknownSync(App.Deployment)(deploymentExample().deployment)
      assert.strictEqual(deployment.phase, App.PHASE_PENDING_BUILD)
      assert.strictEqual(deployment.progress.total_steps, 6)
      assert.deepStrictEqual(deployment.progress.steps.map((s) => s.name), ["build", "deploy"])
      assert.isFalse(deployment.finished)
      assert.isUndefined(deployment.failedStep)

      const listing = Spec.responseExample("GET", "/v2/apps", 200)
      const mock = yield* MockHttp.make({
        "GET /v2/apps": MockHttp.json(200, listing),
        [`GET /v2/apps/${APP}/logs`]: MockHttp.json(200, Spec.responseExample("GET", "/v2/apps/{app_id}/logs", 200)),
        "POST /v2/apps/propose": MockHttp.json(200, Spec.responseExample("POST", "/v2/apps/propose", 200)),
        "GET /v2/apps/regions": MockHttp.json(200, Spec.responseExample("GET", "/v2/apps/regions", 200))
      })
      const apps = yield* mock.provide(App.fetchAll())
      assert.strictEqual(apps.length, listing.apps.length)
      const logs = yield* mock.provide(App.logs(APP, { type: "BUILD" }))
      assert.strictEqual(logs.live_url, "https://logs-example/build.log")
      const proposal = yield* mock.provide(App.propose({ spec }))
      assert.isTrue(proposal.app_name_available)
      assert.strictEqual(proposal.app_cost, 5)
      const regions = yield* mock.provide(App.regions)
      assert.isAbove(regions.length, 0)
    }))

  it.effect("apps: create, fetch, stream, update, delete send the API's requests", () =>
    Effect.gen(function*() {
      const reply = MockHttp.json(200, appExample())
      const mock = yield* MockHttp.make({
        "POST /v2/apps": reply,
        [`GET /v2/apps/${APP}`]: reply,
        [`PUT /v2/apps/${APP}`]: reply,
        [`DELETE /v2/apps/${APP}`]: MockHttp.json(200, { id: APP }),
        "GET /v2/apps": MockHttp.json(200, { apps: [appExample().app], links: {}, meta: { total: 1 } })
      })
      const app = yield* mock.provide(App.create({ spec, project_id: "p-1" }))
      yield* mock.provide(App.fetch(app))
      yield* mock.provide(App.fetchAll({ with_projects: true }))
      yield* mock.provide(App.update(APP, { spec, update_all_source_versions: true }))
      yield* mock.provide(App.delete(app))
      const requests = yield* mock.requests
      assert.deepStrictEqual(requests.map((r) => [r.method, r.path, r.body]), [
        ["POST", "/v2/apps", { spec, project_id: "p-1" }],
        ["GET", `/v2/apps/${APP}`, undefined],
        ["GET", "/v2/apps", undefined],
        ["PUT", `/v2/apps/${APP}`, { spec, update_all_source_versions: true }],
        ["DELETE", `/v2/apps/${APP}`, undefined]
      ])
      assert.strictEqual(requests[2].query.with_projects, "true")
    }))

  it.effect("deployments: create (a redeploy), list, fetch, cancel; logs of a deployment and a component", () =>
    Effect.gen(function*() {
      const reply = MockHttp.json(200, deploymentExample())
      const logs = MockHttp.json(200, { historic_urls: ["https://logs/1.log"] })
      const mock = yield* MockHttp.make({
        [`POST /v2/apps/${APP}/deployments`]: reply,
        [`GET /v2/apps/${APP}/deployments`]: MockHttp.json(200, {
          deployments: [deploymentExample().deployment],
          links: {},
          meta: { total: 1 }
        }),
        [`GET /v2/apps/${APP}/deployments/${DEPLOYMENT}`]: reply,
        [`POST /v2/apps/${APP}/deployments/${DEPLOYMENT}/cancel`]: reply,
        [`GET /v2/apps/${APP}/deployments/${DEPLOYMENT}/logs`]: logs,
        [`GET /v2/apps/${APP}/deployments/${DEPLOYMENT}/components/web/logs`]: logs,
        [`GET /v2/apps/${APP}/components/web/logs`]: logs
      })
      const deployment = yield* mock.provide(App.createDeployment(APP, { force_build: true }))
      yield* mock.provide(App.createDeployment(APP))
      const listed = yield* mock.provide(App.fetchAllDeployments(APP))
      assert.deepStrictEqual(listed.map((d) => d.id), [DEPLOYMENT])
      yield* mock.provide(App.fetchDeployment(APP, deployment))
      yield* mock.provide(App.cancelDeployment(APP, DEPLOYMENT))
      const fetched = yield* mock.provide(App.logs(APP, { type: "DEPLOY", deployment }))
      assert.deepStrictEqual(fetched.historic_urls, ["https://logs/1.log"])
      assert.isUndefined(fetched.live_url)
      yield* mock.provide(App.logs(APP, { type: "BUILD", deployment: DEPLOYMENT, component: "web", follow: true }))
      yield* mock.provide(App.logs(APP, { type: "RUN", component: "web", pod_connection_timeout: "1m" }))
      const requests = (yield* mock.requests).map((r) => [r.method, r.path, r.body, r.query])
      assert.deepStrictEqual(requests.filter((r) => r[0] !== "GET" || !String(r[1]).endsWith("/deployments")), [
        ["POST", `/v2/apps/${APP}/deployments`, { force_build: true }, {}],
        ["POST", `/v2/apps/${APP}/deployments`, {}, {}],
        ["GET", `/v2/apps/${APP}/deployments/${DEPLOYMENT}`, undefined, {}],
        ["POST", `/v2/apps/${APP}/deployments/${DEPLOYMENT}/cancel`, undefined, {}],
        ["GET", `/v2/apps/${APP}/deployments/${DEPLOYMENT}/logs`, undefined, { type: "DEPLOY" }],
        [
          "GET",
          `/v2/apps/${APP}/deployments/${DEPLOYMENT}/components/web/logs`,
          undefined,
          { type: "BUILD", follow: "true" }
        ],
        ["GET", `/v2/apps/${APP}/components/web/logs`, undefined, { type: "RUN", pod_connection_timeout: "1m" }]
      ])
    }))

  it.effect("waitForDeployment polls until ACTIVE", () =>
    Effect.gen(function*() {
      const phases = ["PENDING_BUILD", "BUILDING", "DEPLOYING", "ACTIVE"]
      const mock = yield* MockHttp.make({
        [`GET /v2/apps/${APP}/deployments/${DEPLOYMENT}`]: (_, i) =>
          MockHttp.json(200, { deployment: deploymentWith({ phase: phases[Math.min(i, 3)] }) })
      })
      const fiber = yield* Effect.fork(mock.provide(App.waitForDeployment(APP, DEPLOYMENT, { interval: "5 seconds" })))
      yield* TestClock.adjust("1 minute")
      const deployment = yield* Fiber.join(fiber)
      assert.isTrue(deployment.active)
      assert.strictEqual((yield* mock.requests).length, 4)
    }))

  it.effect("waitForDeployment fails with a DeploymentFailedError carrying the failed step and its reason", () =>
    Effect.gen(function*() {
      const failed = deploymentWith({
        phase: "ERROR",
        progress: {
          error_steps: 1,
          steps: [{
            name: "build",
            status: "ERROR",
            steps: [{ name: "initialize", status: "SUCCESS" }, {
              name: "components",
              status: "ERROR",
              steps: [{
                name: "web",
                status: "ERROR",
                component_name: "web",
                reason: { code: "BuildJobFailed", message: "exit 1" }
              }]
            }]
          }]
        }
      })
      const mock = yield* MockHttp.make({
        [`GET /v2/apps/${APP}/deployments/${DEPLOYMENT}`]: MockHttp.json(200, { deployment: failed })
      })
      const error = yield* Effect.flip(mock.provide(App.waitForDeployment(APP, DEPLOYMENT)))
      assert.strictEqual(error._tag, "DeploymentFailedError")
      if (error._tag !== "DeploymentFailedError") return
      assert.strictEqual(error.phase, "ERROR")
      assert.strictEqual(error.step, "build/components/web")
      assert.strictEqual(error.reason?.code, "BuildJobFailed")
      assert.strictEqual(error.deployment.id, DEPLOYMENT)
      assert.strictEqual(
        error.message,
        `deployment ${DEPLOYMENT} of app ${APP} ended ERROR: step build/components/web failed (BuildJobFailed: exit 1)`
      )
    }))

  it.effect("waitForDeployment times out with a WaitTimeoutError holding the last state", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({
        [`GET /v2/apps/${APP}/deployments/${DEPLOYMENT}`]: MockHttp.json(200, {
          deployment: deploymentWith({ phase: "BUILDING" })
        })
      })
      const fiber = yield* Effect.fork(
        Effect.flip(
          mock.provide(App.waitForDeployment(APP, DEPLOYMENT, { interval: "10 seconds", timeout: "1 minute" }))
        )
      )
      yield* TestClock.adjust("2 minutes")
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error._tag, "WaitTimeoutError")
      if (error._tag !== "WaitTimeoutError") return
      assert.strictEqual(error.attr, "phase")
      assert.strictEqual(error.value, "ACTIVE")
      assert.strictEqual((error.in_progress[0] as App.Deployment).phase, "BUILDING")
      assert.strictEqual((yield* mock.requests).length, 7)
    }))

  it.effect("a wrong-typed id is an Encode DOAPIError naming the parameter, and nothing is sent", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({})
      const error = yield* Effect.flip(mock.provide(App.fetch(42 as unknown as string)))
      assert.strictEqual(error.reason, "Encode")
      assert.include(error.message, "id")
      const deployment = yield* Effect.flip(mock.provide(App.fetchDeployment(APP, "" as string)))
      assert.strictEqual(deployment.reason, "Encode")
      assert.include(deployment.message, "deployment_id")
      assert.strictEqual((yield* mock.requests).length, 0)
    }))
})
