/**
 * Plays Lime's webhook for many tenants at once (`POST /lime/<tenant>`): checks each push's signature,
 * writes down the event ids in arrival order and which hub process sent them, and answers 200 a little
 * later (so deliveries overlap and both hubs find work).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { verifyPush } from '../../sandbox/venue/index.ts';
import { ownerOfConnection } from './socket-owner.ts';

export type Delivery = {
  readonly tenant: string;
  readonly ids: readonly string[];
  readonly pid: number | null;
  readonly signed: boolean;
};

export type LimeReceiver = {
  readonly url: string;
  readonly deliveries: readonly Delivery[];
  /** The webhook secret of a tenant (known once it is created) and the hub pids to tell apart. */
  register(tenant: string, secret: string): void;
  watch(pids: readonly number[]): void;
  close(): Promise<void>;
};

export async function startLimeReceiver(answerDelayMs: number): Promise<LimeReceiver> {
  const deliveries: Delivery[] = [];
  const secrets = new Map<string, string>();
  const owners = new WeakMap<Socket, number | null>();
  let pids: readonly number[] = [];
  let serverPort = 0;
  const ownerOf = (socket: Socket) => {
    if (!owners.has(socket)) owners.set(socket, ownerOfConnection(socket.remotePort ?? 0, serverPort, pids));
    return owners.get(socket) ?? null;
  };
  const server = createServer((req, res) => {
    void receive(req, res, ownerOf(req.socket));
  });
  const receive = async (req: IncomingMessage, res: ServerResponse, pid: number | null) => {
    const raw = await bodyOf(req);
    const tenant = /^\/lime\/([^/?]+)$/.exec(req.url ?? '')?.[1] ?? '';
    const header = req.headers['x-limebridge-signature'];
    const signed = verifyPush(
      secrets.get(tenant) ?? '',
      typeof header === 'string' ? header : undefined,
      raw,
    ).ok;
    const events = (JSON.parse(raw.toString('utf8')) as { events: { id: string }[] }).events;
    deliveries.push({ tenant, ids: events.map((event) => event.id), pid, signed });
    await new Promise((resolve) => setTimeout(resolve, answerDelayMs));
    res.writeHead(200).end();
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serverPort = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${serverPort}`,
    deliveries,
    register: (tenant, secret) => secrets.set(tenant, secret),
    watch: (watched) => {
      pids = watched;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
