/**
 * IPv4 addresses as actions report them.
 *
 * @internal
 */

/**
 * An IP as an action reports it: a 32-bit integer, turned into its dotted quad.
 *
 * @internal
 */
export const fromInt = (n: number): string => [24, 16, 8, 0].map((shift) => (n >>> shift) & 255).join(".")
