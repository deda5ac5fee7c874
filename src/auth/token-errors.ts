/** A token that signs nobody in: answered 401 with `error="invalid_token"` and this reason. */
export class TokenRefused extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'TokenRefused';
  }
}

/**
 * The issuer could not be asked (its metadata, its keys or its introspection endpoint did not
 * answer): answered 503, since the token may be good and the client should retry, not sign in again.
 */
export class SignInUnavailable extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'SignInUnavailable';
  }
}
