// A replica in miniature for test/redis: one process drawing on the budget shared through Redis,
// through the BUILT code (dist/; `npm run build` first). Talks JSON lines on stdout.
//
//   MODE=burst  after {"ready":true}, waits for "go" on stdin, makes CALLS calls of
//               GET /api/categories to BASE_URL through HttpClient, prints {"done":true,...}, exits.
//   MODE=hold   takes HOLD slots whose requests never finish, prints {"holding":HOLD} and waits
//               to be killed (a replica dying with slots out).
//
// Common: REDIS_URL, SCOPE, API_KEY, LIMIT, WINDOW_MS, optional MAX_REQUEST_MS.
import { createInterface } from 'node:readline';
import { HttpClient } from '../../dist/http/http-client.js';
import { LimiterRegistry } from '../../dist/http/limiter.js';
import { createRedisLimiters } from '../../dist/http/redis-limiter.js';

const env = process.env;
const print = (line) => process.stdout.write(`${JSON.stringify(line)}\n`);
const limit = { requests: Number(env.LIMIT), windowMs: Number(env.WINDOW_MS) };
const shared = createRedisLimiters({
  url: env.REDIS_URL,
  maxRequestMs: env.MAX_REQUEST_MS ? Number(env.MAX_REQUEST_MS) : undefined,
});
const limiter = new LimiterRegistry(shared.factory).get(env.SCOPE, env.API_KEY, limit);

if (env.MODE === 'hold') {
  const hold = Number(env.HOLD);
  let started = 0;
  for (let i = 0; i < hold; i++) {
    void limiter.schedule(
      () => {
        if (++started === hold) print({ holding: hold });
        return new Promise(() => {});
      },
      { maxWaitMs: 10_000 },
    );
  }
} else {
  // Connected and the shared state set up before the clock starts: a slot taken and given back.
  await limiter.schedule(async (slot) => slot.unused(), { maxWaitMs: 10_000 });
  const client = new HttpClient({ baseUrl: env.BASE_URL, headers: { 'x-auth-token': env.API_KEY }, limiter, timeoutMs: 10_000 });
  print({ ready: true });
  for await (const line of createInterface({ input: process.stdin })) if (line.trim() === 'go') break;
  const results = await Promise.allSettled(Array.from({ length: Number(env.CALLS) }, () => client.send({ method: 'GET', path: '/api/categories' })));
  const errors = results.filter((r) => r.status === 'rejected').map((r) => String(r.reason));
  print({ done: true, ok: results.length - errors.length, errors });
  await shared.close();
  process.exit(0);
}
