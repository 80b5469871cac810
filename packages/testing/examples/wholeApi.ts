/**
 * The whole API through the generated modules: a load balancer created, and every Kubernetes cluster listed.
 */
import * as Kubernetes from "@doapi/core/generated/Kubernetes"
import * as LoadBalancers from "@doapi/core/generated/LoadBalancers"
import { Console, Effect, Stream } from "effect"

export const wholeApi = Effect.gen(function*() {
  // The body is the API's JSON, checked against the generated Schema before it is sent.
  const { load_balancer } = yield* LoadBalancers.create({
    name: "web-lb",
    region: "nyc3",
    tag: "web",
    forwarding_rules: [{ entry_protocol: "http", entry_port: 80, target_protocol: "http", target_port: 8080 }]
  })
  yield* Console.log(`load balancer ${load_balancer?.name}: ${load_balancer?.status}`)

  // A paged listing is a Stream of every page's items.
  yield* Kubernetes.listClusters().pipe(
    Stream.runForEach((cluster) => Console.log(`cluster ${cluster.name} (${cluster.region}): ${cluster.status?.state}`))
  )
})
