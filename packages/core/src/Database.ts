/**
 * Managed databases: clusters, databases, users, connection pools, firewall rules and replicas, and waiting until a cluster is online.
 *
 * @since 0.3.0
 */
export {}
