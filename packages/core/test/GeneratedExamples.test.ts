/**
 * The generated Schemas (`src/generated/Schemas.ts`, `pnpm codegen`) against every example of DigitalOcean's
 * OpenAPI document:
 * - every request body example (the media type's `example` and `examples`, `$ref`'d ones from
 *   `components.examples` included) decodes through the operation's generated request schema;
 * - every response example (the same, for every status of every operation, through `components.responses`)
 *   decodes through the generated response schema;
 * - every component schema's own `example` decodes through the component's class;
 * and what each decodes to encodes back to the example: no field is lost; and the request path's compiled decoder
 * (`internal/schema.ts`) decodes each as Schema does.
 * A check is one (generated schema, example) pair: an example shared by many operations through the same schema
 * (the `401` of every operation) is checked once, under the first operation that uses it.
 *
 * The examples that do not decode are the spec's own mistakes: each is listed in `specMistakes` with the reason. The
 * test fails when an unlisted example fails, and when a listed one decodes (the spec was fixed: remove it).
 * The spec is read from `../shared/do-openapi/DigitalOcean-public.v2.json` beside the repository; without it, this
 * file fails to load, saying where the spec is expected.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as S from "effect/Schema"
import { isDeepStrictEqual } from "node:util"
import { prepare } from "../scripts/codegen/prepare.js"
import * as Spec from "../scripts/codegen/spec.js"
import * as Generated from "../src/generated/Schemas.js"
import * as Schemas from "../src/internal/schema.js"

/**
 * The examples that do not match the spec's own schema, by check id, with the mistake: each has fields that its
 * schema does not define (checked against the original spec, not only the generated code), so the round trip drops
 * them.
 */
const specMistakes: Record<string, string> = {
  "GET /v2/apps 200 apps": "the example's apps have `cause` and `progress`, which `app` does not define",
  "GET /v2/apps/{app_id}/components/{component_name}/logs 200 logs":
    "the example has `url` and `historic_logs`; `apps_get_logs_response` defines `live_url` and `historic_urls`",
  "GET /v2/apps/{app_id}/job-invocations 200 job_invocations":
    "the example's `trigger` has `properties`, which `app_job_invocation`'s trigger does not define",
  "GET /v2/apps/{app_id}/job-invocations/{job_invocation_id} 200 job_invocation":
    "the example wraps the invocation in `job_invocation`; the schema is the bare `app_job_invocation`",
  "POST /v2/apps/propose 200 propose": "the example has `max_free_static_apps`, which the schema does not define",
  "GET /v2/apps/{app_id}/health 200 app_health":
    "the example has `components` at the top; the schema nests them in `app_health`",
  "GET /v2/databases/options 200 example":
    "the example has `default_version` and `version_availability[].default`, which the schema does not define",
  "POST /v2/databases/{database_cluster_uuid}/topics request example":
    "the example says `partitions` and `replication`; the schema defines `partition_count` and `replication_factor`",
  "POST /v2/databases/{database_cluster_uuid}/topics 201 example":
    "the example's consumer groups have `name` (the schema: `group_name`); its config has two undefined settings",
  "GET /v2/databases/{database_cluster_uuid}/topics/{topic_name} 200 example":
    "the example's consumer groups have `name` (the schema: `group_name`); its config has two undefined settings",
  "PUT /v2/databases/{database_cluster_uuid}/topics/{topic_name} request example":
    "the example says `partitions` and `replication`; the schema defines `partition_count` and `replication_factor`",
  "PUT /v2/databases/{database_cluster_uuid}/topics/{topic_name} 200 example":
    "the example's consumer groups have `name` (the schema: `group_name`); its config has two undefined settings",
  "GET /v2/databases/metrics/credentials 200 example":
    "the schema nests `credentials` twice (`credentials.credentials`); the example once",
  "GET /v2/droplets/{droplet_id}/backups 200 example":
    "the example's backups have `distribution` and `public`, which the backup schema does not define",
  "POST /v2/droplets/autoscale request Autoscale Create Request Dynamic Config":
    "the example's `droplet_template` has `backups` and `monitoring`, which the template schema does not define",
  "POST /v2/droplets/autoscale request Autoscale Create Request Static Config":
    "the example's `droplet_template` has `backups` and `monitoring`, which the template schema does not define",
  "POST /v2/images/{image_id}/actions 201 example":
    "the example wraps the action in `action`; the schema is the bare `action`",
  "POST /v2/kubernetes/clusters 201 Kubernetes Cluster Response":
    "the example's cluster has `registries`, which the `cluster` schema does not define",
  "POST /v2/kubernetes/clusters 201 Kubernetes Cluster with Multiple Node Pools Response":
    "the example says `kubernetes_clusters`; the schema defines `kubernetes_cluster`",
  "PUT /v2/kubernetes/clusters/{cluster_id} 202 Updated Kubernetes Cluster":
    "the example's cluster has `registries`, which the `cluster` schema does not define",
  "GET /v2/registries/{registry_name}/garbage-collections 200 example":
    "the example has `meta`, which the schema (`garbage_collections` only) does not define",
  "GET /v2/registry/{registry_name}/garbage-collections 200 example":
    "the example has `meta`, which the schema (`garbage_collections` only) does not define",
  "POST /v2/byoip_prefixes 202 example":
    "the example wraps the prefix in `byoip_prefix`; the schema has its fields at the top",
  "GET /v2/spaces/keys/{access_key} 200 Read Only Key": "the example says `key`; the schema defines `keys`",
  "POST /v2/volumes/actions request VolumeActionAttach":
    "the example has `volume_name`, which the attach and detach body schemas do not define",
  "POST /v2/volumes/actions request VolumeActionDetach":
    "the example has `volume_name`, which the attach and detach body schemas do not define",
  "GET /v2/vpc_nat_gateways 200 VPC NAT Gateways List Response":
    "the example's gateways have `project_id`, which `vpc_nat_gateway` does not define",
  "POST /v2/vpc_nat_gateways request VPC NAT Gateway Create Request":
    "the example has `project_id`, which `vpc_nat_gateway_create` does not define",
  "POST /v2/vpc_nat_gateways 202 VPC NAT Gateway Response":
    "the schema is the create request (`vpc_nat_gateway_create`), not the gateway the example shows",
  "GET /v2/vpc_nat_gateways/{id} 200 VPC NAT Gateway Response":
    "the example's `vpcs` have `default_gateway`, which the schema does not define",
  "PUT /v2/vpc_nat_gateways/{id} 200 VPC NAT Gateway Update Response":
    "the schema is the update request (`vpc_nat_gateway_update`), not the gateway the example shows",
  "components.schemas.droplet_action_change_backup_policy example":
    "the example's `backup_policy` has `day`; `droplet_backup_policy` defines `weekday`"
}

type Kind = "request" | "response" | "component"

interface Check {
  readonly id: string
  readonly kind: Kind
  readonly schemaName: string | undefined
  readonly value: unknown
}

/**
 * The spec as the generator saw it: the preparation keeps every example as it is, and decides some names (a body
 * `allOf: [{ $ref: X }]` becomes `{ $ref: X }`, so its schema is `X`).
 */
const spec = prepare(Spec.readSpec()).spec

/** The examples of a media type: `example`, then each of `examples` (resolved), by name. */
const mediaExamples = (media: Spec.Json): Array<[string, unknown]> => {
  const out: Array<[string, unknown]> = []
  if (media === undefined) return out
  if ("example" in media) out.push(["example", media.example])
  for (const [name, example] of Object.entries<Spec.Json>(media.examples ?? {})) {
    out.push([name, Spec.deref(spec, example).value])
  }
  return out
}

const checks: Array<Check> = []
const seen = new Set<string>()
const add = (id: string, kind: Kind, schemaName: string | undefined, example: unknown, identity: unknown) => {
  // The same example object through the same schema is one check.
  const key = `${kind} ${schemaName} ${JSON.stringify(identity)}`
  if (seen.has(key)) return
  seen.add(key)
  checks.push({ id, kind, schemaName, value: example })
}

for (const op of Spec.operations(spec)) {
  const name = `${op.method.toUpperCase()} ${op.path}`
  const request = op.operation.requestBody?.content?.["application/json"]
  for (const [example, value] of mediaExamples(request)) {
    add(`${name} request ${example}`, "request", Spec.requestSchemaName(op), value, value)
  }
  for (const status of Object.keys(op.operation.responses ?? {})) {
    const response = Spec.deref(spec, op.operation.responses[status])?.content?.["application/json"]
    for (const [example, value] of mediaExamples(response)) {
      add(`${name} ${status} ${example}`, "response", Spec.responseSchemaName(spec, op, status), value, value)
    }
  }
}
// A component is generated when an operation reaches it, and only as its own class when it is an object, an enum or
// a named alias: a plain `{ type: "string" }` component (`volume_write_file_system_label`) is inlined where it is used.
for (const [name, schema] of Object.entries<Spec.Json>(spec.components.schemas)) {
  if (schema.example !== undefined && Spec.identifier(name) in Generated) {
    add(`components.schemas.${name} example`, "component", Spec.identifier(name), schema.example, schema.example)
  }
}

/** The fields of `example` (paths; `null`s aside) that `value` does not have. */
const missingFields = (example: unknown, value: unknown, path: ReadonlyArray<string> = []): Array<string> => {
  if (example === null || typeof example !== "object") return []
  return Object.entries(example).flatMap(([key, field]) => {
    if (field === null) return []
    if (value === null || typeof value !== "object" || !(key in value)) return [[...path, key].join(".")]
    return missingFields(field, (value as Record<string, unknown>)[key], [...path, key])
  })
}

/**
 * Decodes `check`'s example, encodes the result back, and compares: the failure's message, or undefined. Decoding
 * ignores unknown fields (as the client will, so that a field DigitalOcean adds does not break it), so a field that
 * the generated schema does not know would pass unseen: the round trip must keep every field of the example (a
 * `null` may come back absent: an optional nullable field decodes `null` to absent).
 */
const failure = (check: Check): string | undefined => {
  const schema = check.schemaName === undefined
    ? undefined
    : (Generated as Record<string, unknown>)[check.schemaName]
  if (!S.isSchema(schema)) return `no generated schema ${check.schemaName}`
  const decoded = S.decodeUnknownEither(schema as S.Schema<unknown, unknown>)(check.value)
  // The request path decodes with its compiled decoder: it must give exactly what Schema gives.
  const compiled = Effect.runSync(
    Effect.either(Schemas.decodeUnknown(schema as S.Schema<unknown, unknown>)(check.value))
  )
  if (Either.isLeft(decoded) !== Either.isLeft(compiled) || !isDeepStrictEqual(decoded, compiled)) {
    return "the request path's decoder does not decode it as Schema does"
  }
  if (Either.isLeft(decoded)) return ParseResult.TreeFormatter.formatErrorSync(decoded.left)
  const encoded = S.encodeEither(schema as S.Schema<unknown, unknown>)(decoded.right)
  if (Either.isLeft(encoded)) return `encode: ${ParseResult.TreeFormatter.formatErrorSync(encoded.left)}`
  const missing = missingFields(check.value, encoded.right)
  return missing.length > 0 ? `the schema drops ${missing.join(", ")}` : undefined
}

describe("the spec's examples through the generated Schemas", () => {
  it("finds the examples, and every listed mistake is one of them", () => {
    const count = (kind: Kind) => checks.filter((check) => check.kind === kind).length
    expect(count("request")).toBeGreaterThan(50)
    expect(count("response")).toBeGreaterThan(150)
    const ids = new Set(checks.map((check) => check.id))
    expect(Object.keys(specMistakes).filter((id) => !ids.has(id))).toEqual([])
  })

  for (const check of checks) {
    const mistake = specMistakes[check.id]
    if (mistake === undefined) {
      it(`${check.id} decodes`, () => {
        expect(failure(check)).toBeUndefined()
      })
    } else {
      it(`${check.id} does not decode (spec mistake: ${mistake})`, () => {
        expect(failure(check), "it decodes now: remove it from specMistakes").toBeDefined()
      })
    }
  }
})

/** Decodes `value` with the generated schema `name`, and encodes it back. */
const roundTrip = (name: string, value: unknown): unknown => {
  const schema = (Generated as Record<string, unknown>)[name] as S.Schema<unknown, unknown>
  return S.encodeSync(schema)(S.decodeUnknownSync(schema)(value))
}

describe("the preparation's fixes, in the generated Schemas", () => {
  it("a nested allOf keeps its $ref'd members: firewall rules keep protocol and ports", () => {
    const rule = { protocol: "tcp", ports: "22", sources: { addresses: ["0.0.0.0/0"] } }
    expect(roundTrip("Firewall", { name: "fw", inbound_rules: [rule] })).toMatchObject({ inbound_rules: [rule] })
  })

  it("a union decodes with its most specific member: a resize keeps size and disk", () => {
    const resize = { type: "resize", size: "s-2vcpu-2gb", disk: true }
    expect(roundTrip("DropletActionsPostRequest", resize)).toEqual(resize)
    expect(roundTrip("DropletActionsPostRequest", { type: "reboot" })).toEqual({ type: "reboot" })
  })

  it("an anyOf of optional objects keeps every field: page links, a PostgreSQL config", () => {
    const pages = { first: "f", prev: "p", next: "n", last: "l" }
    expect(roundTrip("PageLinks", { pages })).toEqual({ pages })
    const config = { autovacuum_naptime: 60, backup_hour: 3 }
    expect(roundTrip("DatabaseConfig", { config })).toMatchObject({ config }) // and the engines' defaults
  })

  it("int64 values beyond the safe integers decode (Kafka's flush_messages default, 2^63-1)", () => {
    const config = JSON.parse(`{ "flush_messages": 9223372036854775807 }`)
    expect(roundTrip("KafkaTopicConfig", config)).toMatchObject(config)
  })

  it("a oneOf of enums accepts both: current and deprecated App Platform size slugs", () => {
    const decode = S.decodeUnknownSync(Generated.AppServiceSpecInstanceSizeSlug)
    expect(decode("apps-d-8vcpu-32gb")).toBe("apps-d-8vcpu-32gb")
    expect(decode("professional-xl")).toBe("professional-xl")
  })

  it("recursive schemas decode: a workspace's agents, an agent's child agents and workspace", () => {
    const agent = { uuid: "a", child_agents: [{ uuid: "b", workspace: { uuid: "w", agents: [{ uuid: "c" }] } }] }
    expect(roundTrip("ApiWorkspace", { uuid: "w0", agents: [agent] })).toMatchObject({ uuid: "w0", agents: [agent] })
  })
})
