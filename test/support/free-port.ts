import { createServer, type Server } from 'node:net';

/** A loopback port free right now (the OS picks it), for servers that take a fixed --port. */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port!;
}

/**
 * `count` different loopback ports free right now: each is held until all are picked, so the OS
 * cannot hand out one twice. A port chosen at random can be one an outgoing connection of this
 * machine holds as its local port (Linux takes those from 32768–60999 by default), and the server then
 * fails to listen.
 */
export async function freePorts(count: number): Promise<number[]> {
  const probes: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const probe = createServer();
      probes.push(probe);
      await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(0, '127.0.0.1', resolve));
    }
    return probes.map((probe) => (probe.address() as { port: number }).port);
  } finally {
    await Promise.all(probes.map((probe) => new Promise((resolve) => probe.close(resolve))));
  }
}
