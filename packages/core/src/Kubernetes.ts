/**
 * Kubernetes clusters: node pools, kubeconfig and credentials, upgrades, and waiting until a cluster is running.
 *
 * @since 0.3.0
 */
export {}
