/**
 * App Platform: apps created from a spec (validated: name, region, components, instance sizes; 422 otherwise, 409
 * for a name already taken), fetched, listed, updated (a new deployment) and deleted; deployments (create = redeploy,
 * list, fetch, cancel) and the URLs of their logs; `propose`, and the App Platform regions.
 *
 * A deployment goes through its phases over Clock time: `PENDING_BUILD` → `BUILDING` → `PENDING_DEPLOY` →
 * `DEPLOYING` → `ACTIVE`, each phase lasting the fake's action duration for `app_pending_build`, `app_build`,
 * `app_pending_deploy` and `app_deploy` (10 seconds each by default), with `progress.steps` as DigitalOcean shows
 * them (`build` → `initialize`, `components` → one per component; `deploy` → `initialize`, `components` → per
 * component `deploy` and `wait`, `finalize`). Nothing is stored per tick: phases and steps are computed from the
 * deployment's times and the Clock. A build or deploy fails (the deployment ends `ERROR`, the failed step with a
 * `reason`) when fault injection says so (`actionErrors` of type `app_build` or `app_deploy`, target `app:<id>`) or
 * when the spec has an env `DOAPI_FAKE_FAIL` = `BUILD` or `DEPLOY`. A cancel ends it `CANCELED`; a new deployment
 * supersedes the one in progress (`SUPERSEDED`), and an active one once it is itself active. The app shows the
 * deployment under way as `in_progress_deployment` (and `pending_deployment` in the answer of the create or update
 * that started it), the newest active one as `active_deployment`, and `live_url` once one has been active.
 *
 * @internal
 */
import type { Context, Route } from "../router.js"
import type { FakeResponse } from "../router.js"
import { conflict, error, found, json, page, Reject, require, route } from "../router.js"
import type { Json, State } from "../store.js"
import { timestamp, uuid } from "../store.js"
import * as Projects from "./projects.js"

/** The App Platform regions (`GET /v2/apps/regions`), by slug. */
const REGIONS: ReadonlyArray<Json> = [
  ["ams", "Amsterdam", "netherlands", "Europe", ["ams3"]],
  ["atl", "Atlanta", "us", "North America", ["atl1"]],
  ["blr", "Bangalore", "india", "Asia", ["blr1"]],
  ["fra", "Frankfurt", "germany", "Europe", ["fra1"]],
  ["lon", "London", "uk", "Europe", ["lon1"]],
  ["nyc", "New York", "us", "North America", ["nyc1", "nyc3"]],
  ["sfo", "San Francisco", "us", "North America", ["sfo3"]],
  ["sgp", "Singapore", "singapore", "Asia", ["sgp1"]],
  ["syd", "Sydney", "australia", "Australia", ["syd1"]],
  ["tor", "Toronto", "canada", "North America", ["tor1"]]
].map(([slug, label, flag, continent, data_centers]) => ({
  slug,
  label,
  flag,
  continent,
  data_centers,
  default: slug === "nyc"
}))

/** Instance sizes and their monthly price per instance (USD); the legacy slugs are still accepted. */
const SIZES: Readonly<Record<string, number>> = {
  "apps-s-1vcpu-0.5gb": 5,
  "apps-s-1vcpu-1gb-fixed": 10,
  "apps-s-1vcpu-1gb": 12,
  "apps-s-1vcpu-2gb": 25,
  "apps-s-2vcpu-4gb": 50,
  "apps-d-1vcpu-0.5gb": 29,
  "apps-d-1vcpu-1gb": 34,
  "apps-d-1vcpu-2gb": 39,
  "apps-d-1vcpu-4gb": 49,
  "apps-d-2vcpu-4gb": 78,
  "apps-d-2vcpu-8gb": 98,
  "apps-d-4vcpu-8gb": 156,
  "apps-d-4vcpu-16gb": 196,
  "apps-d-8vcpu-32gb": 392,
  "basic-xxs": 5,
  "basic-xs": 10,
  "basic-s": 20,
  "basic-m": 40,
  "professional-xs": 12,
  "professional-s": 25,
  "professional-m": 50,
  "professional-1l": 75,
  "professional-l": 100,
  "professional-xl": 150
}
const DEFAULT_SIZE = "apps-s-1vcpu-0.5gb"

/** The kinds of component, and how their build and deploy steps are described. */
const KINDS: ReadonlyArray<readonly [string, string]> = [
  ["services", "service"],
  ["static_sites", "static site"],
  ["workers", "worker"],
  ["jobs", "job"],
  ["functions", "functions component"]
]

/** Lowercase letters, digits and `-`, 2 to 32 characters, starting with a letter, not ending with `-`. */
const NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/

const DURATION_TYPES = ["app_pending_build", "app_build", "app_pending_deploy", "app_deploy"] as const
const FINAL = new Set(["ACTIVE", "SUPERSEDED", "ERROR", "CANCELED"])

const LOG_TYPES = new Set(["UNSPECIFIED", "BUILD", "DEPLOY", "RUN", "RUN_RESTARTED", "AUTOSCALE_EVENT"])

/** Where the fake's log URLs point (`.invalid`: no such host; the fake serves no log content). */
const LOG_HOST = "app-logs.fake-digitalocean.invalid"

/** An app's entry in `state.apps`: the app's own fields, and its deployments, oldest first. */
interface Entry {
  readonly app: Json
  readonly deployments: Array<Stored>
}

/** A deployment as stored: its times, and how it ends unless stopped. */
interface Stored {
  readonly id: string
  readonly spec: Json
  readonly cause: string
  readonly created: number
  /** When each phase starts (`PENDING_BUILD` ... `DEPLOYING`), then when it is active (or fails). */
  readonly times: ReadonlyArray<number>
  /** The phase that fails, if one does, and when (the failing step's end). */
  readonly fails: "BUILDING" | "DEPLOYING" | undefined
  readonly failsAt: number
  /** Canceled, or superseded by a newer deployment, before it finished. */
  stopped: { readonly at: number; readonly phase: "CANCELED" | "SUPERSEDED" } | undefined
}

/** `parts + 1` times splitting `start`..`end` evenly. */
const split = (start: number, end: number, parts: number): Array<number> => {
  const length = (end - start) / parts
  return Array.from({ length: parts + 1 }, (_, i) => (i === parts ? end : start + Math.round(length * i)))
}

const entries = (state: State): Map<string, Entry> => state.apps as unknown as Map<string, Entry>

const entryOf = (state: State, id: string): Entry => found(entries(state).get(id))

// ---------------------------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------------------------

const isObject = (u: unknown): u is Json => typeof u === "object" && u !== null && !Array.isArray(u)

/** The components of a spec, with their kind. */
const componentsOf = (spec: Json): Array<{ readonly kind: string; readonly component: Json }> =>
  KINDS.flatMap(([key, kind]) =>
    (Array.isArray(spec[key]) ? spec[key] : []).map((component: Json) => ({ kind, component }))
  )

/** Checks a spec as DigitalOcean does (422 naming what is wrong); returns it. */
const validSpec = (body: Json): Json => {
  const spec = body.spec
  require(isObject(spec), "spec is required and must be an object")
  require(typeof spec.name === "string", "spec.name is required")
  require(
    NAME.test(spec.name),
    `spec.name ${spec.name} is invalid: lowercase letters, digits and "-", 2 to 32 characters`
  )
  require(
    spec.region === undefined || REGIONS.some((r) => r.slug === spec.region),
    `spec.region ${String(spec.region)} is not a valid App Platform region (${REGIONS.map((r) => r.slug).join(", ")})`
  )
  for (const [key] of KINDS) {
    require(spec[key] === undefined || Array.isArray(spec[key]), `spec.${key} must be an array`)
  }
  const components = componentsOf(spec)
  require(
    components.length > 0,
    "an app needs at least one component (a service, static site, worker, job or function)"
  )
  const names = new Set<string>()
  for (const { component } of components) {
    require(isObject(component) && typeof component.name === "string", "every component needs a name")
    require(NAME.test(component.name), `component name ${component.name} is invalid`)
    require(!names.has(component.name), `component name ${component.name} is used twice`)
    names.add(component.name)
    const size = component.instance_size_slug
    require(
      size === undefined || (typeof size === "string" && size in SIZES),
      `instance_size_slug ${String(size)} of ${component.name} is not a valid instance size`
    )
    const count = component.instance_count
    require(
      count === undefined || (Number.isInteger(count) && count >= 1),
      `instance_count of ${component.name} must be a positive integer`
    )
  }
  return spec
}

const nameTaken = (state: State, name: string, except?: string): boolean =>
  [...entries(state).values()].some((entry) => entry.app.spec.name === name && entry.app.id !== except)

const requireFreeName = (state: State, name: string, except?: string): void => {
  if (nameTaken(state, name, except)) {
    throw conflict(`an app named ${name} already exists`)
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Deployments over time
// ---------------------------------------------------------------------------------------------------------------

const failFlag = (spec: Json): string | undefined => {
  const envs = [spec.envs, ...componentsOf(spec).map(({ component }) => component.envs)]
    .flatMap((list) => (Array.isArray(list) ? list : []))
  return envs.find((env: Json) => isObject(env) && env.key === "DOAPI_FAKE_FAIL")?.value
}

/** Starts a deployment of the app's spec; the one under way, if any, is superseded. */
const deploy = (context: Context, entry: Entry, cause: string): Stored => {
  const { behaviour, now, state } = context
  for (const previous of entry.deployments) {
    if (previous.stopped === undefined && !FINAL.has(phaseAt(previous, now).phase)) {
      previous.stopped = { at: now, phase: "SUPERSEDED" }
    }
  }
  const times = [now]
  for (const type of DURATION_TYPES) times.push(times[times.length - 1] + behaviour.actionDuration(type))
  const target = `app:${entry.app.id}`
  const flag = failFlag(entry.app.spec)
  const fails = flag === "BUILD" || behaviour.actionErrors("app_build", target)
    ? "BUILDING"
    : flag === "DEPLOY" || behaviour.actionErrors("app_deploy", target)
    ? "DEPLOYING"
    : undefined
  const stored: Stored = {
    id: uuid(state.random),
    spec: structuredClone(entry.app.spec),
    cause,
    created: now,
    times,
    fails,
    // A build fails at its end; a deploy when its components' steps end (before `finalize`).
    failsAt: fails === "DEPLOYING" ? split(times[3], times[4], 3)[2] : times[2],
    stopped: undefined
  }
  entry.deployments.push(stored)
  entry.app.last_deployment_created_at = timestamp(now)
  return stored
}

/** The phase a deployment is in at `at`, ignoring cancels, and since when. */
const naturalPhase = (d: Stored, at: number): { readonly phase: string; readonly since: number } => {
  const { fails, failsAt, times } = d
  if (at < times[1]) return { phase: "PENDING_BUILD", since: times[0] }
  if (at < times[2]) return { phase: "BUILDING", since: times[1] }
  if (fails === "BUILDING") return { phase: "ERROR", since: failsAt }
  if (at < times[3]) return { phase: "PENDING_DEPLOY", since: times[2] }
  if (fails === "DEPLOYING" && at >= failsAt) return { phase: "ERROR", since: failsAt }
  if (at < times[4]) return { phase: "DEPLOYING", since: times[3] }
  return { phase: "ACTIVE", since: times[4] }
}

/** The phase at `now`, with cancels and supersession before the end (not that of an active one: see `render`). */
const phaseAt = (d: Stored, now: number): { readonly phase: string; readonly since: number; readonly at: number } => {
  if (d.stopped !== undefined && d.stopped.at <= now) {
    const natural = naturalPhase(d, d.stopped.at)
    return FINAL.has(natural.phase)
      ? { ...natural, at: d.stopped.at }
      : { phase: d.stopped.phase, since: d.stopped.at, at: d.stopped.at }
  }
  return { ...naturalPhase(d, now), at: now }
}

interface StepPlan {
  readonly name: string
  readonly start: number
  readonly end: number
  readonly extra?: Json | undefined
  readonly children?: ReadonlyArray<StepPlan> | undefined
  /** This step is where the deployment fails. */
  readonly fails?: boolean | undefined
}

/** The plan of a deployment's steps: when each runs. */
const planOf = (d: Stored): ReadonlyArray<StepPlan> => {
  const [, build, buildEnd, deployStart, deployEnd] = d.times
  const components = componentsOf(d.spec)
  const [b0, b1, b2] = split(build, buildEnd, 2)
  const [d0, d1, d2, d3] = split(deployStart, deployEnd, 3)
  const first = components[0]?.component.name
  return [
    {
      name: "build",
      start: b0,
      end: b2,
      children: [
        { name: "initialize", start: b0, end: b1 },
        {
          name: "components",
          start: b1,
          end: b2,
          children: components.map(({ component, kind }) => ({
            name: component.name,
            start: b1,
            end: b2,
            fails: d.fails === "BUILDING" && component.name === first,
            extra: { component_name: component.name, message_base: `Building ${kind}` }
          }))
        }
      ]
    },
    {
      name: "deploy",
      start: d0,
      end: d3,
      children: [
        { name: "initialize", start: d0, end: d1 },
        {
          name: "components",
          start: d1,
          end: d2,
          children: components.map(({ component, kind }) => {
            const [w0, w1, w2] = split(d1, d2, 2)
            return {
              name: component.name,
              start: d1,
              end: d2,
              extra: { component_name: component.name },
              children: [
                {
                  name: "deploy",
                  start: w0,
                  end: w1,
                  extra: { component_name: component.name, message_base: `Deploying ${kind}` }
                },
                {
                  name: "wait",
                  start: w1,
                  end: w2,
                  fails: d.fails === "DEPLOYING" && component.name === first,
                  extra: { component_name: component.name, message_base: `Waiting for ${kind}` }
                }
              ]
            }
          })
        },
        { name: "finalize", start: d2, end: d3 }
      ]
    }
  ]
}

const containsFailure = (plan: StepPlan): boolean => plan.fails === true || (plan.children ?? []).some(containsFailure)

/**
 * The steps at `at`: pending before their start, running until their end, then a success (or the failure, where the
 * deployment fails; what would come after a failure stays pending). A deployment stopped at `at` (canceled or
 * superseded) ends its running steps in an error saying so.
 */
const renderSteps = (
  plans: ReadonlyArray<StepPlan>,
  at: number,
  failedAt: number | undefined,
  stopped: { readonly phase: string } | undefined
): Array<Json> =>
  plans.map((plan) => {
    const failing = containsFailure(plan)
    // A step holding the failure ends with it.
    const end = failing && failedAt !== undefined ? Math.min(plan.end, failedAt) : plan.end
    let status: string
    // After the failure, nothing else starts.
    if (failedAt !== undefined && plan.start >= failedAt && !failing) status = "PENDING"
    else if (at < plan.start) status = "PENDING"
    else if (at < end) status = stopped === undefined ? "RUNNING" : "ERROR"
    else status = failing && failedAt !== undefined ? "ERROR" : "SUCCESS"
    const step: Json = { name: plan.name, status, ...plan.extra }
    if (status !== "PENDING") step.started_at = timestamp(plan.start)
    if (status === "SUCCESS" || (status === "ERROR" && stopped === undefined)) step.ended_at = timestamp(end)
    if (status === "ERROR" && stopped !== undefined) {
      step.ended_at = timestamp(at)
      if (plan.children === undefined) {
        step.reason = stopped.phase === "CANCELED"
          ? { code: "DeploymentCanceled", message: "The deployment was canceled." }
          : { code: "DeploymentSuperseded", message: "A newer deployment replaced this one." }
      }
    }
    if (status === "ERROR" && stopped === undefined && plan.fails === true) {
      step.reason = plan.name === "wait"
        ? { code: "HealthChecksFailed", message: "The component did not become healthy: its health checks failed." }
        : { code: "BuildJobFailed", message: "The build failed: the build command exited with a non-zero status." }
    }
    if (plan.children !== undefined) {
      step.steps = renderSteps(
        plan.children,
        at,
        failedAt,
        // Only the running children of a stopped step end in error.
        stopped
      )
    }
    return step
  })

/** Counts the leaf steps by status. */
const countLeaves = (steps: ReadonlyArray<Json>, counts: Record<string, number>): void => {
  for (const step of steps) {
    if (Array.isArray(step.steps) && step.steps.length > 0) countLeaves(step.steps, counts)
    else counts[step.status] = (counts[step.status] ?? 0) + 1
  }
}

/** A deployment as the API shows it at `now`; `supersededAt`: when a newer one became active (it was active). */
const renderDeployment = (d: Stored, now: number, supersededAt?: number): Json => {
  const current = phaseAt(d, now)
  const phase = supersededAt !== undefined && current.phase === "ACTIVE" ? "SUPERSEDED" : current.phase
  const since = phase === "SUPERSEDED" && supersededAt !== undefined ? supersededAt : current.since
  const failedAt = d.fails === undefined ? undefined : d.failsAt
  const stopped = d.stopped !== undefined && d.stopped.at <= now && d.stopped.at === current.at &&
      (current.phase === "CANCELED" || current.phase === "SUPERSEDED")
    ? d.stopped
    : undefined
  const steps = renderSteps(
    planOf(d),
    current.at,
    failedAt !== undefined && failedAt <= current.at ? failedAt : undefined,
    stopped
  )
  const counts: Record<string, number> = {}
  countLeaves(steps, counts)
  const components = (key: string) =>
    (Array.isArray(d.spec[key]) ? d.spec[key] : []).map((component: Json) => ({
      name: component.name,
      source_commit_hash: commitOf(d.id, component.name)
    }))
  const deployment: Json = {
    id: d.id,
    spec: d.spec,
    phase,
    phase_last_updated_at: timestamp(since),
    created_at: timestamp(d.created),
    updated_at: timestamp(since),
    cause: d.cause,
    progress: {
      pending_steps: counts.PENDING ?? 0,
      running_steps: counts.RUNNING ?? 0,
      success_steps: counts.SUCCESS ?? 0,
      error_steps: counts.ERROR ?? 0,
      total_steps: Object.values(counts).reduce((a, b) => a + b, 0),
      steps
    },
    tier_slug: tierOf(d.spec)
  }
  for (const [key] of KINDS) {
    if (Array.isArray(d.spec[key]) && d.spec[key].length > 0 && key !== "functions") deployment[key] = components(key)
  }
  return deployment
}

/** A commit hash that looks real, stable for a deployment and component. */
const commitOf = (deployment: string, component: string): string => {
  let hash = 2166136261
  const out: Array<string> = []
  for (let round = 0; round < 5; round++) {
    for (const ch of `${round}:${deployment}:${component}`) hash = Math.imul(hash ^ ch.charCodeAt(0), 16777619) >>> 0
    out.push(hash.toString(16).padStart(8, "0"))
  }
  return out.join("")
}

const tierOf = (spec: Json): string =>
  componentsOf(spec).some(({ component }) => /^(apps-d-|professional-)/.test(component.instance_size_slug ?? ""))
    ? "professional"
    : "basic"

/** When each deployment that has been active was superseded by a newer active one (by id). */
const supersessions = (entry: Entry, now: number): Map<string, number> => {
  const result = new Map<string, number>()
  let newerActiveAt: number | undefined
  for (let i = entry.deployments.length - 1; i >= 0; i--) {
    const d = entry.deployments[i]
    const current = phaseAt(d, now)
    if (current.phase !== "ACTIVE") continue
    if (newerActiveAt !== undefined) result.set(d.id, newerActiveAt)
    newerActiveAt = newerActiveAt === undefined ? current.since : Math.min(newerActiveAt, current.since)
  }
  return result
}

const deploymentJson = (entry: Entry, d: Stored, now: number): Json =>
  renderDeployment(d, now, supersessions(entry, now).get(d.id))

/** The app as the API shows it at `now`; `pending`: the deployment its create or update started. */
const renderApp = (entry: Entry, now: number, pending?: Stored): Json => {
  const superseded = supersessions(entry, now)
  const rendered = entry.deployments.map((d) => ({ d, json: renderDeployment(d, now, superseded.get(d.id)) }))
  const active = [...rendered].reverse().find((r) => r.json.phase === "ACTIVE")
  const inProgress = [...rendered].reverse().find((r) => !FINAL.has(r.json.phase))
  const everActive = rendered.some((r) => r.json.phase === "ACTIVE" || superseded.has(r.d.id))
  const app: Json = { ...entry.app, tier_slug: tierOf(entry.app.spec) }
  if (active !== undefined) app.active_deployment = active.json
  if (inProgress !== undefined) app.in_progress_deployment = inProgress.json
  if (pending !== undefined) app.pending_deployment = rendered.find((r) => r.d === pending)!.json
  if (everActive) {
    const host = `${entry.app.spec.name}-${entry.app.suffix}.ondigitalocean.app`
    Object.assign(app, {
      default_ingress: `https://${host}`,
      live_url: `https://${host}`,
      live_url_base: `https://${host}`,
      live_domain: host
    })
  }
  delete app.suffix
  return app
}

// ---------------------------------------------------------------------------------------------------------------
// Handlers
// ---------------------------------------------------------------------------------------------------------------

const regionJson = (slug: string): Json => {
  const { default: _, ...region } = REGIONS.find((r) => r.slug === slug)!
  return region
}

/** The app's URN, as projects list their resources. */
const urnOf = (id: string): string => `do:app:${id}`

const create = (context: Context): FakeResponse => {
  const { body, now, state } = context
  const spec = validSpec(body)
  requireFreeName(state, spec.name)
  require(body.project_id === undefined || typeof body.project_id === "string", "project_id must be a string")
  if (body.project_id !== undefined) Projects.requireProject(state, body.project_id, now)
  const id = uuid(state.random)
  const suffix = Array.from({ length: 5 }, () => "abcdefghijklmnopqrstuvwxyz"[Math.floor(state.random() * 26)]).join(
    ""
  )
  // In the project given, or the default one.
  const projectId = Projects.assign(state, urnOf(id), body.project_id, now)
  const app: Json = {
    id,
    owner_uuid: state.account.uuid,
    spec: structuredClone(spec),
    created_at: timestamp(now),
    updated_at: timestamp(now),
    region: regionJson(spec.region ?? "nyc"),
    suffix,
    project_id: projectId
  }
  const entry: Entry = { app, deployments: [] }
  entries(state).set(id, entry)
  const pending = deploy(context, entry, "app created")
  return json(200, { app: renderApp(entry, now, pending) })
}

const update = (context: Context): FakeResponse => {
  const { body, now, state } = context
  const entry = entryOf(state, context.params.id)
  const spec = validSpec(body)
  requireFreeName(state, spec.name, entry.app.id)
  require(
    body.update_all_source_versions === undefined || typeof body.update_all_source_versions === "boolean",
    "update_all_source_versions must be a boolean"
  )
  entry.app.spec = structuredClone(spec)
  entry.app.updated_at = timestamp(now)
  if (spec.region !== undefined) entry.app.region = regionJson(spec.region)
  const pending = deploy(context, entry, "app spec updated")
  return json(200, { app: renderApp(entry, now, pending) })
}

const propose = (context: Context): FakeResponse => {
  const { body, state } = context
  const spec = validSpec(body)
  require(body.app_id === undefined || typeof body.app_id === "string", "app_id must be a string")
  if (body.app_id !== undefined) entryOf(state, body.app_id)
  const available = !nameTaken(state, spec.name, body.app_id)
  const components = componentsOf(spec)
  const isStatic = components.every(({ kind }) => kind === "static site")
  const cost = components.reduce(
    (sum, { component, kind }) =>
      kind === "static site"
        ? sum
        : sum + SIZES[component.instance_size_slug ?? DEFAULT_SIZE] * (component.instance_count ?? 1),
    0
  )
  const staticApps =
    [...entries(state).values()].filter((entry) =>
      componentsOf(entry.app.spec).every(({ kind }) => kind === "static site")
    ).length
  return json(200, {
    app_name_available: available,
    ...(available ? {} : { app_name_suggestion: `${spec.name.slice(0, 28)}-${2}` }),
    app_is_static: isStatic,
    existing_static_apps: String(staticApps),
    max_free_static_apps: "3",
    spec,
    app_cost: cost
  })
}

const deploymentOf = (context: Context, entry: Entry): Stored =>
  found(entry.deployments.find((d) => d.id === context.params.deployment_id))

const cancel = (context: Context): FakeResponse => {
  const { now, state } = context
  const entry = entryOf(state, context.params.app_id)
  const d = deploymentOf(context, entry)
  const current = deploymentJson(entry, d, now)
  if (FINAL.has(current.phase)) {
    throw conflict(`deployment ${d.id} has already finished (${current.phase})`)
  }
  d.stopped = { at: now, phase: "CANCELED" }
  return json(200, { deployment: deploymentJson(entry, d, now) })
}

/** Where the logs are: archived files, or (with `follow`) a live stream. */
const logs = (context: Context): FakeResponse => {
  const { now, request, state } = context
  const entry = entryOf(state, context.params.app_id)
  const type = request.query.get("type") ?? "UNSPECIFIED"
  if (!LOG_TYPES.has(type)) {
    throw new Reject(error(400, "bad_request", `type ${type} is not a log type (${[...LOG_TYPES].join(", ")})`))
  }
  let d: Stored
  if (context.params.deployment_id !== undefined) d = deploymentOf(context, entry)
  else {
    const active = renderApp(entry, now).active_deployment
    if (active === undefined) {
      throw new Reject(error(404, "not_found", `app ${entry.app.id} has no active deployment`))
    }
    d = entry.deployments.find((x) => x.id === active.id)!
  }
  const component = context.params.component_name
  if (component !== undefined) {
    found(componentsOf(d.spec).find((c) => c.component.name === component))
  }
  const path = `apps/${entry.app.id}/deployments/${d.id}/${component ?? "all"}/${type.toLowerCase()}`
  const follow = request.query.get("follow") === "true"
  return json(
    200,
    follow
      ? { live_url: `wss://${LOG_HOST}/${path}/live`, historic_urls: [] }
      : { historic_urls: [`https://${LOG_HOST}/${path}.log`] }
  )
}

const removeApp = (context: Context): FakeResponse => {
  const entry = entryOf(context.state, context.params.id)
  entries(context.state).delete(entry.app.id)
  Projects.unassign(context.state, urnOf(entry.app.id))
  return json(200, { id: entry.app.id })
}

export const routes: ReadonlyArray<Route> = [
  route("GET", "/v2/apps", (context) => {
    const list = [...entries(context.state).values()]
    return page(context, "apps", list, (entry) => renderApp(entry, context.now))
  }),
  route("POST", "/v2/apps", create),
  route("POST", "/v2/apps/propose", propose),
  route("GET", "/v2/apps/regions", () => json(200, { regions: REGIONS })),
  route(
    "GET",
    "/v2/apps/:id",
    (context) => json(200, { app: renderApp(entryOf(context.state, context.params.id), context.now) })
  ),
  route("PUT", "/v2/apps/:id", update),
  route("DELETE", "/v2/apps/:id", removeApp),
  route("GET", "/v2/apps/:app_id/deployments", (context) => {
    const entry = entryOf(context.state, context.params.app_id)
    return page(context, "deployments", [...entry.deployments].reverse(), (d) => deploymentJson(entry, d, context.now))
  }),
  route("POST", "/v2/apps/:app_id/deployments", (context) => {
    const entry = entryOf(context.state, context.params.app_id)
    require(
      context.body.force_build === undefined || typeof context.body.force_build === "boolean",
      "force_build must be a boolean"
    )
    const d = deploy(context, entry, "manual")
    return json(200, { deployment: deploymentJson(entry, d, context.now) })
  }),
  route("GET", "/v2/apps/:app_id/deployments/:deployment_id", (context) => {
    const entry = entryOf(context.state, context.params.app_id)
    return json(200, { deployment: deploymentJson(entry, deploymentOf(context, entry), context.now) })
  }),
  route("POST", "/v2/apps/:app_id/deployments/:deployment_id/cancel", cancel),
  route("GET", "/v2/apps/:app_id/logs", logs),
  route("GET", "/v2/apps/:app_id/components/:component_name/logs", logs),
  route("GET", "/v2/apps/:app_id/deployments/:deployment_id/logs", logs),
  route("GET", "/v2/apps/:app_id/deployments/:deployment_id/components/:component_name/logs", logs)
]
