/**
 * The README's Kubernetes example: pick the newest version and a node size from the options, create a cluster with
 * one node pool, wait until its control plane and every node are running, then fetch a kubeconfig for kubectl.
 */
import { Kubernetes } from "@doapi/core"
import type { DoConfig } from "@doapi/core"
import type { HttpClient } from "@effect/platform"
import { Console, Effect } from "effect"

export const kubernetes: Effect.Effect<string, never, HttpClient.HttpClient | DoConfig.DoConfig> = Effect.gen(
  function*() {
    const options = yield* Kubernetes.fetchOptions
    const version = options.versions[0]
    const size = options.sizes.find((s) => s.slug === "s-2vcpu-4gb") ?? options.sizes[0]

    const created = yield* Kubernetes.create({
      name: "web-cluster",
      region: "nyc3",
      version: version.slug,
      node_pools: [{ name: "workers", size: size.slug, count: 3 }],
      tags: ["web"]
    })
    yield* Console.log(`cluster ${created.name}: ${created.state}, Kubernetes ${version.kubernetes_version}`)

    // Minutes on DigitalOcean (and on the fake's clock): poll every 30 seconds, give up after 30 minutes.
    const cluster = yield* Kubernetes.waitUntilRunning(created, { interval: "30 seconds", timeout: "30 minutes" })
    for (const pool of cluster.node_pools) {
      yield* Console.log(`pool ${pool.name}: ${pool.nodes.map((node) => `${node.name} ${node.state}`).join(", ")}`)
    }

    const kubeconfig = yield* Kubernetes.fetchKubeconfig(cluster, { expiry_seconds: 3600 })
    yield* Console.log(`kubeconfig: ${kubeconfig.split("\n").length} lines of YAML for ${cluster.endpoint}`)
    return `cluster ${cluster.name} is running at ${cluster.endpoint}`
  }
).pipe(
  Effect.catchTags({
    DOAPIError: (error) => Effect.succeed(`the API said no: ${error.message}`),
    WaitTimeoutError: (error) => Effect.succeed(`gave up waiting: ${error.message}`),
    ClusterError: (error) => Effect.succeed(`the cluster failed: ${error.message}`)
  })
)
