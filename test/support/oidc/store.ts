import type { Adapter, AdapterConstructor, AdapterPayload } from 'oidc-provider';

/**
 * The test issuer's storage (sessions, interactions, grants, codes, tokens, registered clients)
 * in one Map per issuer. Every provider the issuer makes (a key rotation makes a new one) gets
 * the same store, so a rotation keeps everyone signed in and every client registered.
 */
export function memoryStore(): AdapterConstructor {
  const records = new Map<string, { payload: AdapterPayload; expiresAt: number }>();
  const live = (key: string) => {
    const record = records.get(key);
    if (record && record.expiresAt <= Date.now()) records.delete(key);
    return records.get(key)?.payload;
  };
  const ofModel = (model: string) =>
    [...records.keys()]
      .filter((key) => key.startsWith(`${model}:`))
      .map(live)
      .filter((payload) => payload !== undefined);

  return class MemoryStore implements Adapter {
    constructor(private readonly model: string) {}

    private key(id: string): string {
      return `${this.model}:${id}`;
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      records.set(this.key(id), { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : Infinity });
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      return live(this.key(id));
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return ofModel(this.model).find((payload) => payload.userCode === userCode);
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return ofModel(this.model).find((payload) => payload.uid === uid);
    }

    async consume(id: string): Promise<void> {
      const payload = live(this.key(id));
      if (payload) payload.consumed = Math.floor(Date.now() / 1000);
    }

    async destroy(id: string): Promise<void> {
      records.delete(this.key(id));
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      for (const [key, { payload }] of records) if (payload.grantId === grantId) records.delete(key);
    }
  };
}
