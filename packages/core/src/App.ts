/**
 * App Platform: apps, deployments and logs, and waiting for a deployment to be active.
 *
 * @since 0.3.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type { WaitOptions } from "./ActionModel.js"
import type { DoConfig } from "./DoConfig.js"
import type { DOAPIError, WaitTimeoutError } from "./DoError.js"
import * as E from "./generated/internal/endpoints.js"
import * as Http from "./internal/http.js"
import * as Op from "./internal/operation.js"
import * as Pagination from "./internal/pagination.js"
import { Class, openEnum, withDefault } from "./internal/schema.js"
import * as Segment from "./internal/segment.js"
import * as Wait from "./internal/wait.js"

// ---------------------------------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------------------------------

/**
 * The phases of a deployment, in the order a successful one goes through them (`PHASE_ACTIVE` last), and its
 * other ends: `PHASE_ERROR`, `PHASE_CANCELED`, `PHASE_SUPERSEDED` (a later deployment replaced it).
 *
 * @since 0.3.0
 * @category constants
 */
export const PHASE_UNKNOWN = "UNKNOWN"

/**
 * @since 0.3.0
 * @category constants
 */
export const PHASE_PENDING_BUILD = "PENDING_BUILD"

/**
 * @since 0.3.0
 * @category constants
 */
export const PHASE_BUILDING = "BUILDING"

/**
 * @since 0.3.0
 * @category constants
 */
export const PHASE_PENDING_DEPLOY = "PENDING_DEPLOY"

/**
 * @since 0.3.0
 * @category constants
 */
export const PHASE_DEPLOYING = "DEPLOYING"

/**
 * The phase of a deployment that is live.
 *
 * @since 0.3.0
 * @category constants
 */
export const PHASE_ACTIVE = "ACTIVE"

/**
 * The phase of a deployment that a later one replaced.
 *
 * @since 0.3.0
 * @category constants
 */
export const PHASE_SUPERSEDED = "SUPERSEDED"

/**
 * The phase of a deployment that failed (a step of it has status `ERROR`).
 *
 * @since 0.3.0
 * @category constants
 */
export const PHASE_ERROR = "ERROR"

/**
 * The phase of a deployment that was canceled.
 *
 * @since 0.3.0
 * @category constants
 */
export const PHASE_CANCELED = "CANCELED"

/**
 * The phases a deployment does not leave.
 *
 * @since 0.3.0
 * @category constants
 */
export const FINAL_PHASES: ReadonlyArray<string> = [PHASE_ACTIVE, PHASE_SUPERSEDED, PHASE_ERROR, PHASE_CANCELED]

/**
 * The statuses of a deployment's step.
 *
 * @since 0.3.0
 * @category constants
 */
export const STEP_PENDING = "PENDING"

/**
 * @since 0.3.0
 * @category constants
 */
export const STEP_RUNNING = "RUNNING"

/**
 * @since 0.3.0
 * @category constants
 */
export const STEP_SUCCESS = "SUCCESS"

/**
 * @since 0.3.0
 * @category constants
 */
export const STEP_ERROR = "ERROR"

// ---------------------------------------------------------------------------------------------------------------
// Models
// ---------------------------------------------------------------------------------------------------------------

/** Every other field, kept as it is (an app spec has dozens, and `update` must send back what it was given). */
const rest = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/**
 * The source of a component in a GitHub repository.
 *
 * @since 0.3.0
 * @category models
 */
export const GitHubSource = Schema.Struct({
  /** `owner/repo`. */
  repo: Schema.String,
  branch: Schema.String,
  deploy_on_push: Schema.optional(Schema.Boolean)
})

/**
 * An environment variable of an app or a component.
 *
 * @since 0.3.0
 * @category models
 */
export const Variable = Schema.Struct({
  key: Schema.String,
  value: Schema.optional(Schema.String),
  /** `RUN_TIME`, `BUILD_TIME` or `RUN_AND_BUILD_TIME` (the default). */
  scope: Schema.optional(openEnum("UNSET", "RUN_TIME", "BUILD_TIME", "RUN_AND_BUILD_TIME")),
  /** `GENERAL` or `SECRET`. */
  type: Schema.optional(openEnum("GENERAL", "SECRET"))
}, rest)

/**
 * A component of an app spec (a service, static site, worker, job or function): the fields most specs set are typed,
 * every other field of the spec (`git`, `image`, `routes`, `health_check`, ...) is kept as it is.
 *
 * @since 0.3.0
 * @category models
 */
export const Component = Schema.Struct({
  /** Unique in the app: lowercase letters, digits and `-`, 2 to 32 characters. */
  name: Schema.String,
  github: Schema.optional(GitHubSource),
  /** e.g. `apps-s-1vcpu-0.5gb` (the default). */
  instance_size_slug: Schema.optional(Schema.String),
  instance_count: Schema.optional(Schema.Int),
  build_command: Schema.optional(Schema.String),
  run_command: Schema.optional(Schema.String),
  environment_slug: Schema.optional(Schema.String),
  http_port: Schema.optional(Schema.Int),
  envs: Schema.optional(Schema.Array(Variable))
}, rest)

/**
 * @since 0.3.0
 * @category models
 */
export type Component = typeof Component.Type

/**
 * An app spec: what an app is made of. `name` is required; the components are typed as `Component`, and every
 * other field (`domains`, `databases`, `ingress`, `alerts`, ...) is kept as it is, so that a spec fetched and sent
 * back with `update` loses nothing.
 *
 * @since 0.3.0
 * @category models
 */
export const AppSpec = Schema.Struct({
  /** Unique in the account: lowercase letters, digits and `-`, 2 to 32 characters. */
  name: Schema.String,
  /** An App Platform region: `nyc`, `ams`, `fra`, `sfo`, ... (default: the nearest). */
  region: Schema.optional(Schema.String),
  services: Schema.optional(Schema.Array(Component)),
  static_sites: Schema.optional(Schema.Array(Component)),
  workers: Schema.optional(Schema.Array(Component)),
  jobs: Schema.optional(Schema.Array(Component)),
  functions: Schema.optional(Schema.Array(Component)),
  envs: Schema.optional(Schema.Array(Variable))
}, rest)

/**
 * @since 0.3.0
 * @category models
 */
export type AppSpec = typeof AppSpec.Type

/**
 * Why a step failed.
 *
 * @since 0.3.0
 * @category models
 */
export class StepReason extends Class<StepReason>("@doapi/core/App/StepReason")({
  code: Schema.optional(Schema.String),
  message: Schema.optional(Schema.String)
}) {}

interface StepEncoded {
  readonly name: string
  readonly status?: string | undefined
  readonly component_name?: string | undefined
  readonly message_base?: string | undefined
  readonly reason?: { readonly code?: string | undefined; readonly message?: string | undefined } | undefined
  readonly started_at?: string | undefined
  readonly ended_at?: string | undefined
  readonly steps?: ReadonlyArray<StepEncoded> | undefined
}

/**
 * A step of a deployment (`build`, `deploy`, and their child steps down to each component's).
 *
 * @since 0.3.0
 * @category models
 */
export class Step extends Class<Step>("@doapi/core/App/Step")({
  name: Schema.String,
  /** `PENDING`, `RUNNING`, `SUCCESS` or `ERROR` (see the `STEP_*` constants). */
  status: withDefault(openEnum("UNKNOWN", STEP_PENDING, STEP_RUNNING, STEP_ERROR, STEP_SUCCESS), () => "UNKNOWN"),
  component_name: Schema.optional(Schema.String),
  message_base: Schema.optional(Schema.String),
  reason: Schema.optional(StepReason),
  started_at: Schema.optional(Schema.DateTimeUtc),
  ended_at: Schema.optional(Schema.DateTimeUtc),
  steps: withDefault(
    Schema.Array(Schema.suspend((): Schema.Schema<Step, StepEncoded> => Step)),
    () => []
  )
}) {
  /**
   * The deepest step that failed, this one or one of its children, with its path (`build/components/web`).
   *
   * @since 0.3.0
   */
  get failed(): { readonly step: Step; readonly path: string } | undefined {
    for (const child of this.steps) {
      const found = child.failed
      if (found !== undefined) return { step: found.step, path: `${this.name}/${found.path}` }
    }
    return this.status === STEP_ERROR ? { step: this, path: this.name } : undefined
  }
}

/**
 * How far a deployment is: its steps and how many are in each status.
 *
 * @since 0.3.0
 * @category models
 */
export class Progress extends Class<Progress>("@doapi/core/App/Progress")({
  pending_steps: withDefault(Schema.Int, () => 0),
  running_steps: withDefault(Schema.Int, () => 0),
  success_steps: withDefault(Schema.Int, () => 0),
  error_steps: withDefault(Schema.Int, () => 0),
  total_steps: withDefault(Schema.Int, () => 0),
  steps: withDefault(Schema.Array(Step), () => []),
  summary_steps: Schema.optional(Schema.Array(Step))
}) {}

/**
 * A component as a deployment built it.
 *
 * @since 0.3.0
 * @category models
 */
export const DeployedComponent = Schema.Struct({
  name: Schema.String,
  source_commit_hash: Schema.optional(Schema.String)
}, rest)

/**
 * A deployment of an app: its spec, its phase and its steps. The deployments an app embeds (`active_deployment`,
 * ...) may be summaries: `phase` is then `UNKNOWN` and `progress` empty; `fetchDeployment` gives the whole.
 *
 * @since 0.3.0
 * @category models
 */
export class Deployment extends Class<Deployment>("@doapi/core/App/Deployment")({
  id: Schema.String,
  spec: AppSpec,
  /** See the `PHASE_*` constants. */
  phase: withDefault(
    openEnum(
      PHASE_UNKNOWN,
      PHASE_PENDING_BUILD,
      PHASE_BUILDING,
      PHASE_PENDING_DEPLOY,
      PHASE_DEPLOYING,
      PHASE_ACTIVE,
      PHASE_SUPERSEDED,
      PHASE_ERROR,
      PHASE_CANCELED
    ),
    () => PHASE_UNKNOWN
  ),
  phase_last_updated_at: Schema.optional(Schema.DateTimeUtc),
  progress: withDefault(Progress, () => Progress.make({})),
  /** What started it: `manual`, `app spec updated`, a commit pushed, ... */
  cause: Schema.optional(Schema.String),
  cloned_from: Schema.optional(Schema.String),
  created_at: Schema.optional(Schema.DateTimeUtc),
  updated_at: Schema.optional(Schema.DateTimeUtc),
  services: Schema.optional(Schema.Array(DeployedComponent)),
  static_sites: Schema.optional(Schema.Array(DeployedComponent)),
  workers: Schema.optional(Schema.Array(DeployedComponent)),
  jobs: Schema.optional(Schema.Array(DeployedComponent)),
  functions: Schema.optional(Schema.Array(DeployedComponent)),
  tier_slug: Schema.optional(Schema.String)
}) {
  /** `phase` is `ACTIVE`. */
  get active(): boolean {
    return this.phase === PHASE_ACTIVE
  }
  /** `phase` is one the deployment does not leave (`ACTIVE`, `SUPERSEDED`, `ERROR`, `CANCELED`). */
  get finished(): boolean {
    return FINAL_PHASES.includes(this.phase)
  }
  /** `phase` is `ERROR` or `CANCELED`. */
  get failed(): boolean {
    return this.phase === PHASE_ERROR || this.phase === PHASE_CANCELED
  }
  /** The deepest step that failed, with its path (`build/components/web`), if any. */
  get failedStep(): { readonly step: Step; readonly path: string } | undefined {
    for (const step of this.progress.steps) {
      const found = step.failed
      if (found !== undefined) return found
    }
    return undefined
  }
}

/**
 * An App Platform region.
 *
 * @since 0.3.0
 * @category models
 */
export class AppRegion extends Class<AppRegion>("@doapi/core/App/AppRegion")({
  slug: Schema.String,
  label: Schema.optional(Schema.String),
  flag: Schema.optional(Schema.String),
  continent: Schema.optional(Schema.String),
  data_centers: Schema.optional(Schema.Array(Schema.String)),
  default: Schema.optional(Schema.Boolean),
  disabled: Schema.optional(Schema.Boolean),
  reason: Schema.optional(Schema.String)
}) {}

/**
 * An app: its spec, and its deployments (`active_deployment` is live; `in_progress_deployment` is being built or
 * deployed). `live_url` is there once a deployment has been active.
 *
 * @since 0.3.0
 * @category models
 */
export class App extends Class<App>("@doapi/core/App")({
  id: Schema.String,
  owner_uuid: Schema.optional(Schema.String),
  spec: AppSpec,
  created_at: Schema.DateTimeUtc,
  updated_at: Schema.optional(Schema.DateTimeUtc),
  last_deployment_created_at: Schema.optional(Schema.DateTimeUtc),
  default_ingress: Schema.optional(Schema.String),
  live_url: Schema.optional(Schema.String),
  live_url_base: Schema.optional(Schema.String),
  live_domain: Schema.optional(Schema.String),
  region: Schema.optional(AppRegion),
  tier_slug: Schema.optional(Schema.String),
  project_id: Schema.optional(Schema.String),
  active_deployment: Schema.optional(Deployment),
  in_progress_deployment: Schema.optional(Deployment),
  pending_deployment: Schema.optional(Deployment),
  pinned_deployment: Schema.optional(Deployment),
  domains: Schema.optional(Schema.Array(rest)),
  dedicated_ips: Schema.optional(Schema.Array(rest)),
  vpc: Schema.optional(rest)
}) {
  /** The spec's name. */
  get name(): string {
    return this.spec.name
  }
  /** A deployment is live. */
  get deployed(): boolean {
    return this.active_deployment !== undefined
  }
  /** A deployment is being built or deployed. */
  get deploying(): boolean {
    return this.in_progress_deployment !== undefined
  }
  /** The deployment that will be live next: the one in progress, or the pending one (as `create` returns it). */
  get nextDeployment(): Deployment | undefined {
    return this.in_progress_deployment ?? this.pending_deployment
  }
}

/**
 * Where a deployment's logs are: archived files (`historic_urls`) and a stream of the live ones (`live_url`, an
 * `https://` or `wss://` URL). Fetch them with any HTTP client: they need no token.
 *
 * @since 0.3.0
 * @category models
 */
export class Logs extends Class<Logs>("@doapi/core/App/Logs")({
  historic_urls: withDefault(Schema.Array(Schema.String), () => []),
  live_url: Schema.optional(Schema.String)
}) {}

/**
 * What `propose` says of a spec: whether the name is free, what the app would cost, and the spec with its defaults.
 *
 * @since 0.3.0
 * @category models
 */
export class Proposal extends Class<Proposal>("@doapi/core/App/Proposal")({
  app_name_available: Schema.optional(Schema.Boolean),
  app_name_suggestion: Schema.optional(Schema.String),
  app_is_static: Schema.optional(Schema.Boolean),
  existing_static_apps: Schema.optional(Schema.String),
  max_free_static_apps: Schema.optional(Schema.String),
  /** The monthly cost in USD. */
  app_cost: Schema.optional(Schema.Number),
  spec: Schema.optional(AppSpec)
}) {}

/**
 * A deployment that ended without becoming active: `phase` is `ERROR`, `CANCELED` or `SUPERSEDED`; `step` is the
 * path of the step that failed (`build/components/web`) and `reason` what it says, when a step failed.
 *
 * @since 0.3.0
 * @category errors
 */
export class DeploymentFailedError extends Schema.TaggedError<DeploymentFailedError>(
  "@doapi/core/App/DeploymentFailedError"
)("DeploymentFailedError", {
  app_id: Schema.String,
  deployment: Deployment,
  phase: Schema.String,
  step: Schema.NullOr(Schema.String),
  reason: Schema.NullOr(StepReason)
}) {
  override get message(): string {
    const step = this.step === null ? "" : `: step ${this.step} failed`
    const reason = this.reason === null
      ? ""
      : ` (${[this.reason.code, this.reason.message].filter((s) => s !== undefined).join(": ")})`
    return `deployment ${this.deployment.id} of app ${this.app_id} ended ${this.phase}${step}${reason}`
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------------------------

/**
 * The options of `create`: its encoded form is the API's body.
 *
 * @since 0.3.0
 * @category models
 */
export const CreateOptions = Schema.Struct({
  spec: AppSpec,
  /** The project to put the app in (default: the default project). */
  project_id: Schema.optional(Schema.String)
})

/**
 * @since 0.3.0
 * @category models
 */
export type CreateOptions = typeof CreateOptions.Type

/**
 * The options of `update`: the whole new spec.
 *
 * @since 0.3.0
 * @category models
 */
export const UpdateOptions = Schema.Struct({
  spec: AppSpec,
  /** Also fetch new source versions of the components that did not change (default false). */
  update_all_source_versions: Schema.optional(Schema.Boolean)
})

/**
 * @since 0.3.0
 * @category models
 */
export type UpdateOptions = typeof UpdateOptions.Type

/**
 * The options of `propose`.
 *
 * @since 0.3.0
 * @category models
 */
export const ProposeOptions = Schema.Struct({
  spec: AppSpec,
  /** An existing app: the spec is then checked as an update of it (nothing is changed). */
  app_id: Schema.optional(Schema.String)
})

/**
 * @since 0.3.0
 * @category models
 */
export type ProposeOptions = typeof ProposeOptions.Type

/**
 * The options of `createDeployment`.
 *
 * @since 0.3.0
 * @category models
 */
export const DeploymentOptions = Schema.Struct({
  /** Build from source even if a cached build would do. */
  force_build: Schema.optional(Schema.Boolean)
})

/**
 * @since 0.3.0
 * @category models
 */
export type DeploymentOptions = typeof DeploymentOptions.Type

/**
 * Which logs `logs` asks for: of the active deployment, or of `deployment`; of every component, or of `component`.
 *
 * @since 0.3.0
 * @category models
 */
export interface LogsOptions {
  /** `BUILD`, `DEPLOY`, `RUN` or `RUN_RESTARTED`. */
  readonly type: "BUILD" | "DEPLOY" | "RUN" | "RUN_RESTARTED" | "AUTOSCALE_EVENT" | "UNSPECIFIED"
  /** A deployment (default: the active one). */
  readonly deployment?: Deployment | string | undefined
  /** A component's name (default: every component). */
  readonly component?: string | undefined
  /** Whether `live_url` follows new lines. */
  readonly follow?: boolean | undefined
  /** How long to wait for an instance to be available (`3m` by default). */
  readonly pod_connection_timeout?: string | undefined
}

// ---------------------------------------------------------------------------------------------------------------
// Apps
// ---------------------------------------------------------------------------------------------------------------

type R = HttpClient.HttpClient | DoConfig
const appSegment = (name: string, app: App | string) => Segment.stringId(name, app)
const deploymentSegment = (deployment: Deployment | string) => Segment.stringId("deployment_id", deployment)
const decodeApp = Http.envelope("app", App)
const decodeApps = Pagination.page("apps", App)
const decodeDeployment = Http.envelope("deployment", Deployment)
const decodeDeployments = Pagination.page("deployments", Deployment)
const decodeLogs = Http.decodeWith(Logs)
const decodeProposal = Http.decodeWith(Proposal)
const decodeRegions = Http.envelope("regions", Schema.Array(AppRegion))

/**
 * `GET /v2/apps/{id}`: an app's current state.
 *
 * @since 0.3.0
 * @category operations
 */
export const fetch = (app: App | string): Effect.Effect<App, DOAPIError, R> =>
  Http.execute(Op.request(E.AppsGet, { operation: "App.fetch", path: { id: appSegment("id", app) } }), decodeApp)

/**
 * `GET /v2/apps`: every app of the account (`with_projects` also fills in each app's `project_id`).
 *
 * @since 0.3.0
 * @category listings
 */
export const stream = (
  options?: { readonly with_projects?: boolean | undefined } | undefined
): Stream.Stream<App, DOAPIError, R> =>
  Op.listing(E.AppsList, { operation: "App.stream", params: options, decode: decodeApps })

/**
 * `GET /v2/apps`, collected.
 *
 * @since 0.3.0
 * @category listings
 */
export const fetchAll = (
  options?: { readonly with_projects?: boolean | undefined } | undefined
): Effect.Effect<ReadonlyArray<App>, DOAPIError, R> => Pagination.collect(stream(options))

/**
 * `POST /v2/apps`: creates an app from a spec, and its first deployment (`pending_deployment`; wait for it with
 * `waitForDeployment`). A spec DigitalOcean refuses (a bad region or instance size) is a 422.
 *
 * @since 0.3.0
 * @category operations
 */
export const create = (options: CreateOptions): Effect.Effect<App, DOAPIError, R> =>
  Http.execute(
    Op.request(E.AppsCreate, { operation: "App.create", body: options, bodySchema: CreateOptions }),
    decodeApp
  )

/**
 * `PUT /v2/apps/{id}`: replaces the app's spec, which starts a deployment of it (`pending_deployment`).
 *
 * @since 0.3.0
 * @category operations
 */
export const update = (app: App | string, options: UpdateOptions): Effect.Effect<App, DOAPIError, R> =>
  Http.execute(
    Op.request(E.AppsUpdate, {
      operation: "App.update",
      path: { id: appSegment("id", app) },
      body: options,
      bodySchema: UpdateOptions
    }),
    decodeApp
  )

/**
 * `DELETE /v2/apps/{id}`: deletes the app, its deployments and its logs.
 *
 * @since 0.3.0
 * @category operations
 */
export const remove = (app: App | string): Effect.Effect<void, DOAPIError, R> =>
  Http.execute(
    Op.request(E.AppsDelete, { operation: "App.delete", path: { id: appSegment("id", app) } }),
    Http.noContent
  )

export {
  /**
   * `DELETE /v2/apps/{id}` (`delete` is a reserved word: `App.delete` works as a property).
   *
   * @since 0.3.0
   * @category operations
   */
  remove as delete
}

/**
 * `POST /v2/apps/propose`: checks a spec without creating anything (or, with `app_id`, as an update of that app):
 * whether the name is free, what the app would cost, and the spec with its defaults.
 *
 * @since 0.3.0
 * @category operations
 */
export const propose = (options: ProposeOptions): Effect.Effect<Proposal, DOAPIError, R> =>
  Http.execute(
    Op.request(E.AppsValidateAppSpec, { operation: "App.propose", body: options, bodySchema: ProposeOptions }),
    decodeProposal
  )

/**
 * `GET /v2/apps/regions`: the regions an app can be in (`spec.region`), each with its data centers.
 *
 * @since 0.3.0
 * @category operations
 */
export const regions: Effect.Effect<ReadonlyArray<AppRegion>, DOAPIError, R> = Effect.suspend(() =>
  Http.execute(Op.request(E.AppsListRegions, { operation: "App.regions" }), decodeRegions)
)

// ---------------------------------------------------------------------------------------------------------------
// Deployments
// ---------------------------------------------------------------------------------------------------------------

/**
 * `POST /v2/apps/{app_id}/deployments`: deploys the app's spec again (a redeploy).
 *
 * @since 0.3.0
 * @category deployments
 */
export const createDeployment = (
  app: App | string,
  options?: DeploymentOptions | undefined
): Effect.Effect<Deployment, DOAPIError, R> =>
  Http.execute(
    Op.request(E.AppsCreateDeployment, {
      operation: "App.createDeployment",
      path: { app_id: appSegment("app_id", app) },
      body: options ?? {},
      bodySchema: DeploymentOptions
    }),
    decodeDeployment
  )

/**
 * `GET /v2/apps/{app_id}/deployments`: the app's deployments, newest first.
 *
 * @since 0.3.0
 * @category deployments
 */
export const deployments = (app: App | string): Stream.Stream<Deployment, DOAPIError, R> =>
  Op.listing(E.AppsListDeployments, {
    operation: "App.deployments",
    path: { app_id: appSegment("app_id", app) },
    decode: decodeDeployments
  })

/**
 * `GET /v2/apps/{app_id}/deployments`, collected.
 *
 * @since 0.3.0
 * @category deployments
 */
export const fetchAllDeployments = (app: App | string): Effect.Effect<ReadonlyArray<Deployment>, DOAPIError, R> =>
  Pagination.collect(deployments(app))

/**
 * `GET /v2/apps/{app_id}/deployments/{deployment_id}`: a deployment's current state.
 *
 * @since 0.3.0
 * @category deployments
 */
export const fetchDeployment = (
  app: App | string,
  deployment: Deployment | string
): Effect.Effect<Deployment, DOAPIError, R> =>
  Http.execute(
    Op.request(E.AppsGetDeployment, {
      operation: "App.fetchDeployment",
      path: { app_id: appSegment("app_id", app), deployment_id: deploymentSegment(deployment) }
    }),
    decodeDeployment
  )

/**
 * `POST /v2/apps/{app_id}/deployments/{deployment_id}/cancel`: cancels a deployment in progress (it ends
 * `CANCELED`).
 *
 * @since 0.3.0
 * @category deployments
 */
export const cancelDeployment = (
  app: App | string,
  deployment: Deployment | string
): Effect.Effect<Deployment, DOAPIError, R> =>
  Http.execute(
    Op.request(E.AppsCancelDeployment, {
      operation: "App.cancelDeployment",
      path: { app_id: appSegment("app_id", app), deployment_id: deploymentSegment(deployment) }
    }),
    decodeDeployment
  )

/**
 * Where the logs of the app's active deployment (or of `deployment`) are, of every component (or of `component`):
 * `GET /v2/apps/{app_id}/logs`, `.../components/{component_name}/logs`,
 * `.../deployments/{deployment_id}/logs` or `.../deployments/{deployment_id}/components/{component_name}/logs`.
 *
 * @since 0.3.0
 * @category logs
 */
export const logs = (app: App | string, options: LogsOptions): Effect.Effect<Logs, DOAPIError, R> =>
  Effect.suspend(() => {
    // A caller outside TypeScript may leave the options out: the request then lacks `type`, which the API refuses.
    const { component, deployment, follow, pod_connection_timeout, type } = options ?? ({} as Partial<LogsOptions>)
    const params = { type, follow, pod_connection_timeout }
    const app_id = appSegment("app_id", app)
    const operation = "App.logs"
    const component_name = component === undefined ? undefined : Segment.name("component_name", component)
    if (deployment === undefined) {
      return Http.execute(
        component_name === undefined
          ? Op.request(E.AppsGetLogsActiveDeploymentAggregate, { operation, path: { app_id }, params })
          : Op.request(E.AppsGetLogsActiveDeployment, { operation, path: { app_id, component_name }, params }),
        decodeLogs
      )
    }
    const deployment_id = deploymentSegment(deployment)
    return Http.execute(
      component_name === undefined
        ? Op.request(E.AppsGetLogsAggregate, { operation, path: { app_id, deployment_id }, params })
        : Op.request(E.AppsGetLogs, { operation, path: { app_id, deployment_id, component_name }, params }),
      decodeLogs
    )
  })

// ---------------------------------------------------------------------------------------------------------------
// Waiting
// ---------------------------------------------------------------------------------------------------------------

const appIdOf = (app: App | string): string => (typeof app === "string" ? app : app.id)

/**
 * Fails with a `DeploymentFailedError` unless the deployment is `ACTIVE` (or still in progress).
 *
 * @since 0.3.0
 * @category waiting
 */
export const raiseForFailure = (
  app: App | string,
  deployment: Deployment
): Effect.Effect<Deployment, DeploymentFailedError> => {
  if (!deployment.finished || deployment.active) return Effect.succeed(deployment)
  const failed = deployment.failedStep
  return Effect.fail(
    new DeploymentFailedError({
      app_id: appIdOf(app),
      deployment,
      phase: deployment.phase,
      step: failed?.path ?? null,
      reason: failed?.step.reason ?? null
    })
  )
}

/**
 * Polls the app's deployments together until each has finished, emitting each as it becomes `ACTIVE`; one that ends
 * `ERROR`, `CANCELED` or `SUPERSEDED` fails the stream with a `DeploymentFailedError` (carrying the failed step).
 * A round reads the app's deployment listing (`GET /v2/apps/{app_id}/deployments`, newest first, only as many pages
 * as it needs) instead of fetching each when that takes fewer requests. The same interval, deadline,
 * `WaitTimeoutError` (with the deployments' last states) and interruption rules as `Action.waitAll`.
 *
 * @since 0.3.0
 * @category waiting
 */
export const waitForDeployments = (
  app: App | string,
  items: Iterable<Deployment | string>,
  options?: WaitOptions | undefined
): Stream.Stream<Deployment, DOAPIError | WaitTimeoutError | DeploymentFailedError, R> => {
  const refresh = (deployment: Deployment | string) => fetchDeployment(app, deployment)
  return Wait.untilListed(items, {
    // The app's deployments, newest first (where new ones are expected): read only as far as the round needs.
    listing: deployments(app),
    key: Wait.stringKey(Deployment, (d) => d.id),
    refresh,
    isDone: (deployment) => deployment.finished,
    attr: "phase",
    value: PHASE_ACTIVE
  }, options).pipe(Stream.mapEffect((deployment) => raiseForFailure(app, deployment)))
}

/**
 * Polls a deployment until it is `ACTIVE` and returns it; fails with a `DeploymentFailedError` (the deployment, its
 * phase and the failed step) when it ends `ERROR`, `CANCELED` or `SUPERSEDED`, and with a `WaitTimeoutError` (its
 * last state) when the time is up.
 *
 * @since 0.3.0
 * @category waiting
 */
export const waitForDeployment = (
  app: App | string,
  deployment: Deployment | string,
  options?: WaitOptions | undefined
): Effect.Effect<Deployment, DOAPIError | WaitTimeoutError | DeploymentFailedError, R> =>
  Wait.one(waitForDeployments(app, [deployment], options))

/**
 * Waits for the app's next deployment (in progress or pending, as `create` and `update` leave it) to be `ACTIVE`,
 * then returns the app's fresh state (`live_url` set). An app with no deployment under way is returned as it is now.
 * Fails as `waitForDeployment` does.
 *
 * @since 0.3.0
 * @category waiting
 */
export const waitUntilDeployed = (
  app: App | string,
  options?: WaitOptions | undefined
): Effect.Effect<App, DOAPIError | WaitTimeoutError | DeploymentFailedError, R> =>
  Effect.gen(function*() {
    const current = typeof app === "string" ? yield* fetch(app) : app
    const next = current.nextDeployment
    if (next === undefined) return typeof app === "string" ? current : yield* fetch(current)
    yield* waitForDeployment(current, next, options)
    return yield* fetch(current)
  })
