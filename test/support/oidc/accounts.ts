/** The scope names the server asks for by default (src/auth/scopes.ts), spelled out here so a change there shows in the tests. */
export const SCOPES = { read: 'helpdesk:read', write: 'helpdesk:write', send: 'helpdesk:send' } as const;

/** A person who can sign in at the test issuer: the claims their tokens carry and the scopes they may consent to. */
export interface TestAccount {
  sub: string;
  email: string;
  name: string;
  scopes: string[];
}

/** A support agent with every scope, and a reader who may only read. */
export const ACCOUNTS = {
  alice: { sub: 'alice', email: 'alice@example.com', name: 'Alice Agent', scopes: Object.values(SCOPES) },
  rita: { sub: 'rita', email: 'rita@example.com', name: 'Rita Reader', scopes: [SCOPES.read] },
} satisfies Record<string, TestAccount>;
export type AccountName = keyof typeof ACCOUNTS;

export function accountFor(sub: string): TestAccount | undefined {
  return Object.values(ACCOUNTS).find((account) => account.sub === sub);
}
