/**
 * Projects: grouping resources, and assigning resources to them.
 *
 * @since 0.3.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import type { DoConfig } from "./DoConfig.js"
import type { DOAPIError } from "./DoError.js"
import { Domain } from "./Domain.js"
import { Droplet } from "./Droplet.js"
import { FloatingIP } from "./FloatingIP.js"
import * as E from "./generated/internal/endpoints.js"
import * as Http from "./internal/http.js"
import * as Op from "./internal/operation.js"
import * as Pagination from "./internal/pagination.js"
import { Class, openEnum } from "./internal/schema.js"
import * as Segment from "./internal/segment.js"
import { ReservedIP } from "./ReservedIP.js"
import { Volume } from "./Volume.js"

/**
 * The environments a project may be for.
 *
 * @since 0.3.0
 * @category constants
 */
export const ENVIRONMENTS = ["Development", "Staging", "Production"] as const

/**
 * A project. Every account has one default project (`is_default`), where resources go when no other is named.
 *
 * @since 0.3.0
 * @category models
 */
export class Project extends Class<Project>("@doapi/core/Project")({
  id: Schema.String,
  owner_uuid: Schema.String,
  owner_id: Schema.Int,
  /** At most 175 characters. */
  name: Schema.String,
  description: Schema.String,
  /** What the project is for, e.g. `Web Application` (at most 255 characters). */
  purpose: Schema.String,
  /** `Development`, `Staging` or `Production` (absent when unset). */
  environment: Schema.optional(openEnum(...ENVIRONMENTS)),
  is_default: Schema.Boolean,
  created_at: Schema.DateTimeUtc,
  updated_at: Schema.DateTimeUtc
}) {
  /**
   * The name.
   *
   * @since 0.3.0
   */
  override toString(): string {
    return this.name
  }
}

/**
 * A resource of a project, by its URN, and how its assignment went (`ok`, `assigned`, `already_assigned`,
 * `not_found`, `service_down`).
 *
 * @since 0.3.0
 * @category models
 */
export class Resource extends Class<Resource>("@doapi/core/Project/Resource")({
  urn: Schema.String,
  assigned_at: Schema.DateTimeUtc,
  links: Schema.optional(Schema.Struct({ self: Schema.optional(Schema.String) })),
  status: openEnum("ok", "not_found", "assigned", "already_assigned", "service_down")
}) {
  /** The kind of resource: `droplet`, `loadbalancer`, `volume`, `domain`, `floatingip`, `vpc`, ... */
  get resourceType(): string {
    return parseUrn(this.urn)?.kind ?? ""
  }
  /** The resource's id in its URN (a droplet's number as a string, a domain's name, an IP, a UUID). */
  get resourceId(): string {
    return parseUrn(this.urn)?.id ?? ""
  }
}

// ---------------------------------------------------------------------------------------------------------------
// URNs
// ---------------------------------------------------------------------------------------------------------------

/**
 * The kinds of resources a project holds, as URNs spell them.
 *
 * @since 0.3.0
 * @category urns
 */
export type UrnKind =
  | "dbaas"
  | "domain"
  | "droplet"
  | "floatingip"
  | "loadbalancer"
  | "space"
  | "volume"
  | "kubernetes"
  | "vpc"

/**
 * What the API takes as a URN: `do:<kind>:<id>`.
 *
 * @since 0.3.0
 * @category urns
 */
export const URN_PATTERN = /^do:(dbaas|domain|droplet|floatingip|loadbalancer|space|volume|kubernetes|vpc):.+$/

/**
 * A URN from its kind and id: `urnOf("droplet", 5)` is `do:droplet:5`.
 *
 * @since 0.3.0
 * @category urns
 */
export const urnOf = (kind: UrnKind | (string & {}), id: string | number): string => `do:${kind}:${id}`

/**
 * A URN's kind and id (`undefined` when it is not a URN).
 *
 * @since 0.3.0
 * @category urns
 */
export const parseUrn = (urn: string): { readonly kind: string; readonly id: string } | undefined => {
  const match = /^do:([a-z]+):(.+)$/.exec(urn)
  return match === null ? undefined : { kind: match[1], id: match[2] }
}

/**
 * What a project can be assigned: a URN, a `Droplet`, `Volume`, `Domain`, `ReservedIP` or `FloatingIP`, or anything
 * that knows its URN (`LoadBalancer`, `VPC`, ...).
 *
 * @since 0.3.0
 * @category urns
 */
export type Assignable = string | Droplet | Volume | Domain | ReservedIP | FloatingIP | { readonly urn: string }

/**
 * The URN of a resource: `urn(droplet)` is `do:droplet:<id>`, a load balancer's is `do:loadbalancer:<id>`, a
 * domain's `do:domain:<name>`, an IP's `do:floatingip:<ip>`; a string is taken as a URN.
 *
 * @since 0.3.0
 * @category urns
 */
export const urn = (resource: Assignable): string =>
  typeof resource === "string"
    ? resource
    : resource instanceof Droplet
    ? urnOf("droplet", resource.id)
    : resource instanceof Volume
    ? urnOf("volume", resource.id)
    : resource instanceof Domain
    ? urnOf("domain", resource.name)
    : resource instanceof ReservedIP || resource instanceof FloatingIP
    ? urnOf("floatingip", resource.ip)
    : resource !== null && typeof resource === "object" && "urn" in resource
    ? resource.urn
    : (resource as unknown as string)

// ---------------------------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------------------------

/**
 * The options of `create`: its encoded form is the API's body.
 *
 * @since 0.3.0
 * @category models
 */
export const CreateOptions = Schema.Struct({
  name: Schema.String.pipe(Schema.maxLength(175)),
  purpose: Schema.String.pipe(Schema.maxLength(255)),
  description: Schema.optional(Schema.String.pipe(Schema.maxLength(255))),
  environment: Schema.optional(openEnum(...ENVIRONMENTS))
})

/**
 * @since 0.3.0
 * @category models
 */
export type CreateOptions = typeof CreateOptions.Type

/**
 * The options of `update` (PUT: every field; `is_default: true` makes it the default project).
 *
 * @since 0.3.0
 * @category models
 */
export const UpdateOptions = Schema.Struct({
  name: Schema.String.pipe(Schema.maxLength(175)),
  description: Schema.String.pipe(Schema.maxLength(255)),
  purpose: Schema.String.pipe(Schema.maxLength(255)),
  environment: openEnum(...ENVIRONMENTS),
  is_default: Schema.Boolean
})

/**
 * @since 0.3.0
 * @category models
 */
export type UpdateOptions = typeof UpdateOptions.Type

const PatchOptions = Schema.partial(UpdateOptions)

/**
 * The options of `patch` (only what is given changes).
 *
 * @since 0.3.0
 * @category models
 */
export type PatchOptions = typeof PatchOptions.Type

type R = HttpClient.HttpClient | DoConfig
const path = (project: Project | string) => ({ project_id: Segment.uuid("project_id", project) })
const decodeProject = Http.envelope("project", Project)
const decodeProjects = Pagination.page("projects", Project)
const decodeResources = Pagination.page("resources", Resource)
const decodeAssigned = Http.envelope("resources", Schema.Array(Resource))
const resourceKey = (resource: Resource) => resource.urn

/**
 * `GET /v2/projects/{project_id}`.
 *
 * @since 0.3.0
 * @category operations
 */
export const fetch = (project: Project | string): Effect.Effect<Project, DOAPIError, R> =>
  Http.execute(Op.request(E.ProjectsGet, { operation: "Project.fetch", path: path(project) }), decodeProject)

/**
 * `GET /v2/projects/default`: the account's default project.
 *
 * @since 0.3.0
 * @category operations
 */
export const fetchDefault: Effect.Effect<Project, DOAPIError, R> = Http.execute(
  Op.request(E.ProjectsGetDefault, { operation: "Project.fetchDefault" }),
  decodeProject
)

/**
 * `GET /v2/projects`: every project of the account.
 *
 * @since 0.3.0
 * @category listings
 */
export const stream: Stream.Stream<Project, DOAPIError, R> = Op.listing(E.ProjectsList, {
  operation: "Project.stream",
  decode: decodeProjects
})

/**
 * `GET /v2/projects`, collected.
 *
 * @since 0.3.0
 * @category listings
 */
export const fetchAll: Effect.Effect<ReadonlyArray<Project>, DOAPIError, R> = Pagination.collect(stream)

/**
 * `POST /v2/projects`: creates a project.
 *
 * @since 0.3.0
 * @category operations
 */
export const create = (options: CreateOptions): Effect.Effect<Project, DOAPIError, R> =>
  Http.execute(
    Op.request(E.ProjectsCreate, { operation: "Project.create", body: options, bodySchema: CreateOptions }),
    decodeProject
  )

/**
 * `PUT /v2/projects/{project_id}`: replaces every field.
 *
 * @since 0.3.0
 * @category operations
 */
export const update = (project: Project | string, options: UpdateOptions): Effect.Effect<Project, DOAPIError, R> =>
  Http.execute(
    Op.request(E.ProjectsUpdate, {
      operation: "Project.update",
      path: path(project),
      body: options,
      bodySchema: UpdateOptions
    }),
    decodeProject
  )

/**
 * `PATCH /v2/projects/{project_id}`: changes only the fields given.
 *
 * @since 0.3.0
 * @category operations
 */
export const patch = (project: Project | string, options: PatchOptions): Effect.Effect<Project, DOAPIError, R> =>
  Http.execute(
    Op.request(E.ProjectsPatch, {
      operation: "Project.patch",
      path: path(project),
      body: options,
      bodySchema: PatchOptions
    }),
    decodeProject
  )

/**
 * `PUT /v2/projects/default`: replaces every field of the default project.
 *
 * @since 0.3.0
 * @category operations
 */
export const updateDefault = (options: UpdateOptions): Effect.Effect<Project, DOAPIError, R> =>
  Http.execute(
    Op.request(E.ProjectsUpdateDefault, {
      operation: "Project.updateDefault",
      body: options,
      bodySchema: UpdateOptions
    }),
    decodeProject
  )

/**
 * `PATCH /v2/projects/default`: changes only the given fields of the default project.
 *
 * @since 0.3.0
 * @category operations
 */
export const patchDefault = (options: PatchOptions): Effect.Effect<Project, DOAPIError, R> =>
  Http.execute(
    Op.request(E.ProjectsPatchDefault, {
      operation: "Project.patchDefault",
      body: options,
      bodySchema: PatchOptions
    }),
    decodeProject
  )

/**
 * `DELETE /v2/projects/{project_id}`: only a project with no resources (else a 412), and not the default one.
 *
 * @since 0.3.0
 * @category operations
 */
export const remove = (project: Project | string): Effect.Effect<void, DOAPIError, R> =>
  Http.execute(Op.request(E.ProjectsDelete, { operation: "Project.delete", path: path(project) }), Http.noContent)

export {
  /**
   * `DELETE /v2/projects/{project_id}` (`delete` is a reserved word: `Project.delete` works as a property).
   *
   * @since 0.3.0
   * @category operations
   */
  remove as delete
}

/**
 * `GET /v2/projects/{project_id}/resources`: the project's resources.
 *
 * @since 0.3.0
 * @category resources
 */
export const resources = (project: Project | string): Stream.Stream<Resource, DOAPIError, R> =>
  Op.listing(E.ProjectResourcesListResources, {
    operation: "Project.resources",
    path: path(project),
    decode: decodeResources,
    key: resourceKey
  })

/**
 * `GET /v2/projects/{project_id}/resources`, collected.
 *
 * @since 0.3.0
 * @category resources
 */
export const fetchAllResources = (project: Project | string): Effect.Effect<ReadonlyArray<Resource>, DOAPIError, R> =>
  Pagination.collect(resources(project))

/**
 * `GET /v2/projects/default/resources`: the default project's resources.
 *
 * @since 0.3.0
 * @category resources
 */
export const defaultResources: Stream.Stream<Resource, DOAPIError, R> = Op.listing(
  E.ProjectResourcesListResourcesDefault,
  { operation: "Project.defaultResources", decode: decodeResources, key: resourceKey }
)

/**
 * The body of `assign` and `assignDefault`: URNs (`do:droplet:5`).
 *
 * @since 0.3.0
 * @category models
 */
export const AssignBody = Schema.Struct({
  resources: Schema.Array(Schema.String.pipe(Schema.pattern(URN_PATTERN))).pipe(Schema.minItems(1))
})

/**
 * `POST /v2/projects/{project_id}/resources`: moves resources into the project (out of the project they were in: a
 * resource is in one project at a time). Returns the project's resources, the ones assigned included.
 *
 * @since 0.3.0
 * @category resources
 */
export const assign = (
  project: Project | string,
  assignables: Iterable<Assignable>
): Effect.Effect<ReadonlyArray<Resource>, DOAPIError, R> =>
  Http.execute(
    Op.request(E.ProjectResourcesAssignResources, {
      operation: "Project.assign",
      path: path(project),
      body: { resources: Array.from(assignables, urn) },
      bodySchema: AssignBody
    }),
    decodeAssigned
  )

/**
 * `POST /v2/projects/default/resources`: moves resources into the default project.
 *
 * @since 0.3.0
 * @category resources
 */
export const assignDefault = (
  assignables: Iterable<Assignable>
): Effect.Effect<ReadonlyArray<Resource>, DOAPIError, R> =>
  Http.execute(
    Op.request(E.ProjectResourcesAssignResourcesDefault, {
      operation: "Project.assignDefault",
      body: { resources: Array.from(assignables, urn) },
      bodySchema: AssignBody
    }),
    decodeAssigned
  )
