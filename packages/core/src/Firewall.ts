/**
 * Cloud firewalls: their rules, droplets and tags, and holding exactly a given set of rules.
 *
 * @since 0.3.0
 */
export {}
