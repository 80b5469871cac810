/**
 * Load balancers: creating, updating and deleting them, their droplets and forwarding rules, and waiting until one is active.
 *
 * @since 0.3.0
 */
export {}
