/**
 * Projects: grouping resources, and assigning resources to them.
 *
 * @since 0.3.0
 */
export {}
