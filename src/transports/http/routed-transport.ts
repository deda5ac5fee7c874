import type { ServerResponse } from 'node:http';
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { MessageExtraInfo, JSONRPCMessage, JSONRPCRequest, RequestId } from '@modelcontextprotocol/sdk/types.js';

/** A request waiting for its answer: the id its client gave it, and where the answer goes. */
interface Waiting {
  id: RequestId;
  res: ServerResponse;
}

/**
 * One server's transport for many HTTP requests at once, each answered as one JSON body (what
 * the SDK's transport does with `enableJsonResponse`). Every request gets an id of the server's
 * own, so two callers' ids never meet, and its answer goes back under the id its client gave.
 * A request whose client hangs up is cancelled in the server (its handler's signal aborts), as
 * closing a per-request server would. Anything else the server sends (a log line, a request to
 * the client) has no stream to go on, as in the SDK's JSON mode, and is dropped.
 */
export class RoutedTransport implements Transport {
  onmessage?: <T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  private readonly waiting = new Map<number, Waiting>();
  // From 1: the SDK ignores a cancellation of request id 0 (it tests the id for truth).
  private nextId = 1;

  async start(): Promise<void> {}

  /** Hands `request` to the server; its answer is written to `res`. Settles once the response is over. */
  deliver(request: JSONRPCRequest, res: ServerResponse, extra: MessageExtraInfo): Promise<void> {
    const id = this.nextId++;
    this.waiting.set(id, { id: request.id, res });
    const over = new Promise<void>((resolve) =>
      res.once('close', () => {
        resolve();
        // Answered already: the close is the response's own end.
        if (!this.waiting.delete(id)) return;
        this.onmessage?.({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: id, reason: 'The client closed the connection' } });
      }),
    );
    this.onmessage?.({ ...request, id }, extra);
    return over;
  }

  /** Requests still waiting for their answer. */
  get pending(): number {
    return this.waiting.size;
  }

  async send(message: JSONRPCMessage, _options?: TransportSendOptions): Promise<void> {
    if (!('result' in message) && !('error' in message)) return;
    const waiting = typeof message.id === 'number' ? this.waiting.get(message.id) : undefined;
    if (!waiting) return;
    this.waiting.delete(message.id as number);
    const body = JSON.stringify({ ...message, id: waiting.id });
    waiting.res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  }

  async close(): Promise<void> {
    // Whoever still waits hears nothing more; their connections close with the server's.
    this.waiting.clear();
    this.onclose?.();
  }
}
