/**
 * The token a fake accepts unless told otherwise, in a module of its own: the `doapi-fake` command shows it in its
 * help without loading the fake.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export const TOKEN = "dop_v1_fake_token_for_tests"
