/**
 * The generated operations (`src/generated/<Tag>.ts`, `pnpm codegen`) on the mock: the request each sends (path
 * parameters checked and percent-encoded, bodies and parameters encoded through their Schemas, array query
 * parameters, header parameters), what a bad argument does (an `Encode` failure, nothing sent), and the answers
 * (a decoded body, a paged Stream, void for a 204, a `DOAPIError`), each in a span `<Tag>.<operation>`.
 */
import * as Apps from "@doapi/core/generated/Apps"
import * as Domains from "@doapi/core/generated/Domains"
import * as Droplets from "@doapi/core/generated/Droplets"
import * as Kubernetes from "@doapi/core/generated/Kubernetes"
import * as LoadBalancers from "@doapi/core/generated/LoadBalancers"
import * as SSHKeys from "@doapi/core/generated/SSHKeys"
import { assert, describe, it } from "@effect/vitest"
import { Chunk, Effect, Stream } from "effect"
import * as Listing from "./utils/Listing.js"
import * as MockHttp from "./utils/MockHttp.js"
import * as Spec from "./utils/Spec.js"

const LB_ID = "4de7ac8b-495b-4884-9a69-1050c6793cd6"
const lbExample = () => Spec.responseExample("GET", "/v2/load_balancers/{lb_id}", 200).load_balancer
const domainExample = () => Spec.responseExample("GET", "/v2/domains/{domain_name}", 200).domain

describe("generated operations", () => {
  it.effect("a GET with a path parameter: percent-encoded, the body decoded, the span named <Tag>.<operation>", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({
        "GET /v2/domains/exa%20mple.com": MockHttp.json(200, { domain: domainExample() })
      })
      const { domain } = yield* mock.provide(Domains.get("exa mple.com"))
      assert.strictEqual(domain?.name, domainExample().name)
      const [request] = yield* mock.requests
      MockHttp.assertSent(request, "GET", "/v2/domains/exa%20mple.com", "Domains.get")
      assert.strictEqual(request.headers["authorization"], `Bearer ${MockHttp.TOKEN}`)
    }))

  it.effect("a bad path parameter is an Encode failure naming it, and nothing is sent", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({})
      const notPositive = yield* mock.provide(Effect.flip(Droplets.get(0)))
      assert.strictEqual(notPositive.reason, "Encode")
      assert.include(notPositive.message, "droplet_id must be a positive integer, got 0")
      const wrongType = yield* mock.provide(Effect.flip(Droplets.get("7" as unknown as number)))
      assert.strictEqual(wrongType.reason, "Encode")
      const dotDot = yield* mock.provide(Effect.flip(Domains.get("..")))
      assert.strictEqual(dotDot.reason, "Encode")
      assert.deepStrictEqual(yield* mock.requests, [])
    }))

  it.effect("a paged listing is a Stream of every page's items", () =>
    Effect.gen(function*() {
      const items = [1, 2, 3].map((n) => ({ ...lbExample(), id: `${LB_ID.slice(0, -1)}${n}`, name: `lb-${n}` }))
      const mock = yield* MockHttp.make({ "GET /v2/load_balancers": Listing.script("load_balancers", items) }, {
        perPage: 2
      })
      const all = yield* mock.provideStream(LoadBalancers.list()).pipe(Stream.runCollect)
      assert.deepStrictEqual(Chunk.toReadonlyArray(all).map((lb) => lb.name), ["lb-1", "lb-2", "lb-3"])
      const requests = yield* mock.requests
      assert.deepStrictEqual(requests.map((r) => [r.query["page"], r.query["per_page"]]), [["1", "2"], ["2", "2"]])
      MockHttp.assertSent(requests[0], "GET", "/v2/load_balancers", "LoadBalancers.list", {
        query: { page: "1", per_page: "2" }
      })
    }))

  it.effect("a POST body is encoded through its Schema; a bad body is an Encode failure, nothing sent", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({
        "POST /v2/load_balancers": MockHttp.json(202, { load_balancer: lbExample() })
      })
      const body: Parameters<typeof LoadBalancers.create>[0] = {
        name: "web",
        region: "nyc3",
        droplet_ids: [3164444, 3164445],
        forwarding_rules: [{
          entry_protocol: "http",
          entry_port: 80,
          target_protocol: "http",
          target_port: 80
        }]
      }
      const created = yield* mock.provide(LoadBalancers.create(body))
      assert.strictEqual(created.load_balancer?.id, lbExample().id)
      const [request] = yield* mock.requests
      MockHttp.assertSent(request, "POST", "/v2/load_balancers", "LoadBalancers.create", { body })

      const bad = yield* mock.provide(
        Effect.flip(LoadBalancers.create({ ...body, droplet_ids: ["one"] } as unknown as typeof body))
      )
      assert.strictEqual(bad.reason, "Encode")
      assert.include(bad.message, "invalid options")
      const badParams = yield* mock.provide(
        Effect.flip(LoadBalancers.list({ per_page: 500 }).pipe(Stream.runDrain))
      )
      assert.strictEqual(badParams.reason, "Encode")
      assert.include(badParams.message, "invalid parameters")
      assert.strictEqual((yield* mock.requests).length, 1, "nothing more was sent")
    }))

  it.effect("an array query parameter is sent repeated", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({
        "GET /v2/apps/app-1/deployments": MockHttp.json(200, { deployments: [], links: {}, meta: { total: 0 } })
      })
      const deployments = yield* mock.provideStream(
        Apps.listDeployments("app-1", { deployment_types: ["MANUAL", "AUTOSCALED"] })
      ).pipe(Stream.runCollect)
      assert.strictEqual(deployments.length, 0)
      const [request] = yield* mock.requests
      assert.deepStrictEqual(request.url.searchParams.getAll("deployment_types"), ["MANUAL", "AUTOSCALED"])
      const bad = yield* mock.provide(
        Effect.flip(
          Apps.listDeployments("app-1", { deployment_types: ["SOMETIMES"] } as any).pipe(Stream.runDrain)
        )
      )
      assert.strictEqual(bad.reason, "Encode")
      assert.strictEqual((yield* mock.requests).length, 1)
    }))

  it.effect("a header parameter is sent as a header (a boolean as \"true\"), not in the query; a 204 gives void", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({
        "DELETE /v2/droplets/5/destroy_with_associated_resources/dangerous": MockHttp.empty(202),
        "DELETE /v2/droplets/5": MockHttp.empty(204)
      })
      const result = yield* mock.provide(Droplets.destroyWithAssociatedResourcesDangerous(5, { "X-Dangerous": true }))
      assert.isUndefined(result)
      assert.isUndefined(yield* mock.provide(Droplets.destroy(5)))
      const [dangerous, destroy] = yield* mock.requests
      assert.strictEqual(dangerous.headers["x-dangerous"], "true")
      MockHttp.assertSent(
        dangerous,
        "DELETE",
        "/v2/droplets/5/destroy_with_associated_resources/dangerous",
        "Droplets.destroyWithAssociatedResourcesDangerous"
      )
      MockHttp.assertSent(destroy, "DELETE", "/v2/droplets/5", "Droplets.destroy")
    }))

  it.effect("a 404 is a DOAPIError with the status, id, message and request id", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({})
      const error = yield* mock.provide(Effect.flip(LoadBalancers.get(LB_ID)))
      assert.strictEqual(error._tag, "DOAPIError")
      assert.deepStrictEqual([error.reason, error.status, error.id, error.request_id], [
        "ErrorResponse",
        404,
        "not_found",
        "req-not_found"
      ])
      assert.include(error.message, `GET /v2/load_balancers/${LB_ID}: 404 not_found`)
      assert.strictEqual(error.rate_limit?.remaining, 4999)
      const [request] = yield* mock.requests
      assert.strictEqual(MockHttp.operationSpan(request).name, "LoadBalancers.get")
    }))

  it.effect("a path parameter that is an id or a string (an SSH key's id or fingerprint) takes either", () =>
    Effect.gen(function*() {
      const key = Spec.responseExample("GET", "/v2/account/keys/{ssh_key_identifier}", 200)
      const mock = yield* MockHttp.make({
        "GET /v2/account/keys/512189": MockHttp.json(200, key),
        "GET /v2/account/keys/3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa": MockHttp.json(200, key)
      })
      yield* mock.provide(SSHKeys.get(512189))
      yield* mock.provide(SSHKeys.get("3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa"))
      const refused = yield* mock.provide(Effect.flip(SSHKeys.get(-1)))
      assert.strictEqual(refused.reason, "Encode")
      assert.strictEqual((yield* mock.requests).length, 2)
    }))

  it.effect("a text response (a kubeconfig's YAML) is asked for by its media type and returned as a string", () =>
    Effect.gen(function*() {
      const yaml = "apiVersion: v1\nkind: Config\n"
      const mock = yield* MockHttp.make({
        [`GET /v2/kubernetes/clusters/${LB_ID}/kubeconfig`]: MockHttp.text(200, yaml, {
          "content-type": "application/yaml"
        })
      })
      assert.strictEqual(yield* mock.provide(Kubernetes.getKubeconfig(LB_ID)), yaml)
      const [request] = yield* mock.requests
      assert.strictEqual(request.headers["accept"], "application/yaml")
    }))
})
