/**
 * App Platform: apps, deployments and logs, and waiting for a deployment to be active.
 *
 * @since 0.3.0
 */
export {}
