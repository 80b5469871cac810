/**
 * The README's App Platform example: create an app from a spec, wait for its first deployment to be live, redeploy
 * it and wait again, and say where its build logs are. A failed build is a `DeploymentFailedError` naming the step.
 */
import { App } from "@doapi/core"
import { Console, Effect } from "effect"

const spec: App.AppSpec = {
  name: "hello-web",
  region: "ams",
  services: [{
    name: "web",
    github: { repo: "digitalocean/sample-golang", branch: "main", deploy_on_push: true },
    instance_size_slug: "apps-s-1vcpu-1gb",
    instance_count: 2,
    http_port: 8080
  }]
}

export const deployApp = Effect.gen(function*() {
  const created = yield* App.create({ spec })
  yield* Console.log(`created ${created.name} (${created.id})`)

  // Waits for the first deployment (PENDING_BUILD → BUILDING → PENDING_DEPLOY → DEPLOYING → ACTIVE).
  const app = yield* App.waitUntilDeployed(created, { interval: "10 seconds", timeout: "15 minutes" })
  yield* Console.log(`${app.name} is live at ${app.live_url}`)

  // A redeploy, waited on by itself.
  const redeploy = yield* App.createDeployment(app, { force_build: true })
  const active = yield* App.waitForDeployment(app, redeploy, { timeout: "15 minutes" })
  const steps = active.progress.steps.map((step) => `${step.name} ${step.status}`).join(", ")
  yield* Console.log(`deployment ${active.id}: ${active.phase} (${steps})`)

  const logs = yield* App.logs(app, { type: "BUILD", deployment: active })
  yield* Console.log(`build logs: ${logs.historic_urls.join(", ")}`)
  return app
}).pipe(
  Effect.catchTag(
    "DeploymentFailedError",
    (error) =>
      Console.error(`${error.phase}: step ${error.step} failed (${error.reason?.message})`).pipe(
        Effect.zipRight(Effect.fail(error))
      )
  )
)
