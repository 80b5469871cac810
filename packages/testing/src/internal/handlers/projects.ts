/**
 * Projects: create, list, fetch, update (PUT and PATCH; the default project by `/v2/projects/default` too), delete,
 * and their resources. Every account has a default project (made on first use). A resource is in one project at a
 * time: assigning it moves it out of its previous project; a resource never assigned is in the default project
 * (droplets, volumes, domains, reserved IPs, load balancers, Kubernetes and database clusters); a deleted resource
 * leaves its project. A project with resources cannot be deleted (412), nor can the default project (422).
 *
 * @internal
 */
import type { Context, Route } from "../router.js"
import { found, json, noContent, optional, page, preconditionFailed, require, route, str } from "../router.js"
import type { Json, State } from "../store.js"
import { timestamp, uuid } from "../store.js"

const DEFAULT_ID = "addb4547-6bab-419a-8542-76263a033cf6"
const ENVIRONMENTS = new Set(["Development", "Staging", "Production"])
const URN = /^do:(dbaas|domain|droplet|floatingip|loadbalancer|space|volume|kubernetes|vpc):(.+)$/

/** Explicit assignments, per fake: URN → the project and when. */
const assignments = new WeakMap<State, Map<string, { project: string; at: number }>>()
const assignmentsOf = (state: State) => {
  let table = assignments.get(state)
  if (table === undefined) assignments.set(state, table = new Map())
  return table
}

/** The default project, made on first use. */
const defaultProject = (state: State, now: number): Json => {
  const existing = [...state.projects.values()].find((p) => p.is_default)
  if (existing !== undefined) return existing
  const project: Json = {
    id: DEFAULT_ID,
    owner_uuid: state.account.uuid,
    owner_id: 258992,
    name: "Default",
    description: "Default project",
    purpose: "Just trying out DigitalOcean",
    environment: "Development",
    is_default: true,
    created_at: timestamp(now),
    updated_at: timestamp(now)
  }
  state.projects.set(project.id, project)
  return project
}

/** A project given in a body (another family's `project_id`): it must exist (422). */
export const requireProject = (state: State, id: string, now: number): void => {
  defaultProject(state, now)
  require(state.projects.has(id), `project ${id} does not exist`)
}

/** Puts a resource in a project (the default one when `project` is undefined); returns the project's id. */
export const assign = (state: State, urn: string, project: string | undefined, now: number): string => {
  const id = project ?? defaultProject(state, now).id
  // Listed in the order of assignment: a resource moved goes last.
  const table = assignmentsOf(state)
  table.delete(urn)
  table.set(urn, { project: id, at: now })
  return id
}

/** Takes a deleted resource out of its project. */
export const unassign = (state: State, urn: string): void => {
  assignmentsOf(state).delete(urn)
}

/** The resource's path, for `links.self`, and whether it exists. */
const lookup = (state: State, urn: string): { readonly path: string; readonly createdAt?: string } | undefined => {
  const match = URN.exec(urn)
  if (match === null) return undefined
  const [, kind, id] = match
  switch (kind) {
    case "droplet": {
      const droplet = state.droplets.get(Number(id))
      return droplet && { path: `/v2/droplets/${id}`, createdAt: droplet.created_at }
    }
    case "loadbalancer": {
      const lb = state.loadBalancers.get(id)
      return lb && { path: `/v2/load_balancers/${id}`, createdAt: lb.json?.created_at }
    }
    case "volume": {
      const volume = state.volumes.get(id)
      return volume && { path: `/v2/volumes/${id}`, createdAt: volume.created_at }
    }
    case "domain":
      return state.domains.has(id) ? { path: `/v2/domains/${id}` } : undefined
    case "floatingip":
      return state.ips.has(id) ? { path: `/v2/floating_ips/${id}` } : undefined
    case "vpc": {
      const vpc = state.vpcs.get(id)
      return vpc && { path: `/v2/vpcs/${id}`, createdAt: vpc.created_at }
    }
    case "kubernetes": {
      const cluster = state.kubernetes.get(id)
      return cluster && { path: `/v2/kubernetes/clusters/${id}`, createdAt: cluster.created_at }
    }
    case "dbaas": {
      const database = state.databases.get(id)
      return database && { path: `/v2/databases/${id}`, createdAt: database.created_at }
    }
    default:
      return undefined
  }
}

/** The URNs of the resources that are in the default project unless assigned elsewhere. */
const implicit = (state: State): Array<string> => [
  ...[...state.droplets.keys()].map((id) => `do:droplet:${id}`),
  ...[...state.volumes.keys()].map((id) => `do:volume:${id}`),
  ...[...state.domains.keys()].map((name) => `do:domain:${name}`),
  ...[...state.ips.keys()].map((ip) => `do:floatingip:${ip}`),
  ...[...state.loadBalancers.keys()].map((id) => `do:loadbalancer:${id}`),
  ...[...state.kubernetes.keys()].map((id) => `do:kubernetes:${id}`),
  ...[...state.databases.keys()].map((id) => `do:dbaas:${id}`)
]

/** A project's resources that exist, in the order they were assigned, as `resource` objects. */
const resourcesOf = (context: Context, project: Json, status = "ok"): Array<Json> => {
  const { state } = context
  const table = assignmentsOf(state)
  const found: Array<{ urn: string; at: string }> = []
  for (const [urn, assignment] of table) {
    const resource = assignment.project === project.id ? lookup(state, urn) : undefined
    if (resource !== undefined) found.push({ urn, at: timestamp(assignment.at) })
  }
  if (project.is_default) {
    for (const urn of implicit(state)) {
      if (!table.has(urn)) found.push({ urn, at: lookup(state, urn)?.createdAt ?? project.created_at })
    }
  }
  return found.map(({ at, urn }) => resource(context, urn, at, status))
}

const resource = (context: Context, urn: string, at: string, status: string): Json => {
  const path = lookup(context.state, urn)?.path
  return {
    urn,
    assigned_at: at,
    links: path === undefined ? {} : { self: `${context.request.origin}${path}` },
    status
  }
}

/** The project of a path: `default` or an id (404). */
const projectOf = (context: Context): Json => {
  const def = defaultProject(context.state, context.now)
  const id = context.params.project_id
  return id === undefined || id === "default" ? def : found(context.state.projects.get(id))
}

const checkName = (state: State, name: string, self?: string) => {
  require(name.length <= 175, "name must be at most 175 characters")
  require(
    ![...state.projects.values()].some((p) => p.name === name && p.id !== self),
    `a project named ${name} already exists`
  )
}

const checkFields = (body: Json): void => {
  const purpose = optional<string>(body, "purpose", "string")
  require(purpose === undefined || purpose.length <= 255, "purpose must be at most 255 characters")
  const description = optional<string>(body, "description", "string")
  require(description === undefined || description.length <= 255, "description must be at most 255 characters")
  const environment = optional<string>(body, "environment", "string")
  require(
    environment === undefined || ENVIRONMENTS.has(environment),
    "environment must be Development, Staging or Production"
  )
}

const create = (context: Context): Json => {
  const { body, now, state } = context
  defaultProject(state, now)
  const name = str(body, "name")
  checkName(state, name)
  str(body, "purpose")
  checkFields(body)
  const project: Json = {
    id: uuid(state.random),
    owner_uuid: state.account.uuid,
    owner_id: 258992,
    name,
    description: body.description ?? "",
    purpose: body.purpose,
    ...(body.environment === undefined ? {} : { environment: body.environment }),
    is_default: false,
    created_at: timestamp(now),
    updated_at: timestamp(now)
  }
  state.projects.set(project.id, project)
  return project
}

/** PUT (every field required) and PATCH (any subset). `is_default: true` makes the project the default. */
const update = (context: Context, put: boolean): Json => {
  const { body, now, state } = context
  const project = projectOf(context)
  if (put) {
    for (const field of ["name", "description", "purpose", "environment"]) str(body, field)
    require(typeof body.is_default === "boolean", "is_default is required and must be a boolean")
  }
  const name = optional<string>(body, "name", "string")
  if (name !== undefined) checkName(state, name, project.id)
  checkFields(body)
  const isDefault = optional<boolean>(body, "is_default", "boolean")
  require(!(isDefault === false && project.is_default), "make another project the default instead")
  for (const field of ["name", "description", "purpose", "environment"]) {
    if (body[field] !== undefined) project[field] = body[field]
  }
  if (isDefault === true && !project.is_default) {
    const previous = defaultProject(state, now)
    // The old default's implicit resources stay where they are: they are assigned to it explicitly.
    const table = assignmentsOf(state)
    for (const urn of implicit(state)) if (!table.has(urn)) table.set(urn, { project: previous.id, at: now })
    previous.is_default = false
    project.is_default = true
  }
  project.updated_at = timestamp(now)
  return project
}

const assignRoute = (context: Context) => {
  const { body, now, state } = context
  const project = projectOf(context)
  const urns = optional<Array<unknown>>(body, "resources", "array")
  require(urns !== undefined && urns.length > 0, "resources must hold at least one URN")
  const results = new Map<string, string>()
  for (const urn of urns!) {
    require(typeof urn === "string" && URN.test(urn), `${String(urn)} is not a valid URN`)
    const u = urn as string
    if (lookup(state, u) === undefined) {
      results.set(u, "not_found")
      continue
    }
    const current = assignmentsOf(state).get(u)
    const inProject = current !== undefined ? current.project === project.id : project.is_default
    if (inProject) results.set(u, "already_assigned")
    else {
      assign(state, u, project.id, now)
      results.set(u, "assigned")
    }
  }
  const listed = resourcesOf(context, project).map((r) => results.has(r.urn) ? { ...r, status: results.get(r.urn) } : r)
  const missing = [...results].filter(([, status]) => status === "not_found")
    .map(([urn]) => resource(context, urn, timestamp(now), "not_found"))
  return json(200, { resources: [...listed, ...missing] })
}

export const routes: ReadonlyArray<Route> = [
  route("GET", "/v2/projects", (context) => {
    defaultProject(context.state, context.now)
    return page(context, "projects", [...context.state.projects.values()])
  }),
  route("POST", "/v2/projects", (context) => json(201, { project: create(context) })),
  route("GET", "/v2/projects/default", (context) => json(200, { project: projectOf(context) })),
  route("PUT", "/v2/projects/default", (context) => json(200, { project: update(context, true) })),
  route("PATCH", "/v2/projects/default", (context) => json(200, { project: update(context, false) })),
  route(
    "GET",
    "/v2/projects/default/resources",
    (context) => page(context, "resources", resourcesOf(context, projectOf(context)))
  ),
  route("POST", "/v2/projects/default/resources", assignRoute),
  route("GET", "/v2/projects/:project_id", (context) => json(200, { project: projectOf(context) })),
  route("PUT", "/v2/projects/:project_id", (context) => json(200, { project: update(context, true) })),
  route("PATCH", "/v2/projects/:project_id", (context) => json(200, { project: update(context, false) })),
  route("DELETE", "/v2/projects/:project_id", (context) => {
    const project = projectOf(context)
    require(!project.is_default, "the default project cannot be deleted")
    if (resourcesOf(context, project).length > 0) {
      throw preconditionFailed("cannot delete a project with resources. move or remove the resources first")
    }
    context.state.projects.delete(project.id)
    for (const [urn, assignment] of assignmentsOf(context.state)) {
      if (assignment.project === project.id) assignmentsOf(context.state).delete(urn)
    }
    return noContent
  }),
  route(
    "GET",
    "/v2/projects/:project_id/resources",
    (context) => page(context, "resources", resourcesOf(context, projectOf(context)))
  ),
  route("POST", "/v2/projects/:project_id/resources", assignRoute)
]
