/**
 * VPCs: private networks in a region, and their members.
 *
 * @since 0.3.0
 */
export {}
