/**
 * A JSON POST that reports the moment its body has left this process, so a test can kill the server
 * while the request is in flight. Network failures reject (the outcome is then unknown).
 */
import { Agent, request } from 'node:http';

export type Answer = { readonly status: number; readonly body: unknown };

const agent = new Agent({ keepAlive: true, maxSockets: 8 });

export function postJson(url: string, token: string, body: string, onSent?: () => void): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
        timeout: 60_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: parse(Buffer.concat(chunks)) }));
      },
    );
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('no answer within 60 s')));
    if (onSent) req.on('finish', onSent);
    req.end(body);
  });
}

export async function adminPost(
  baseUrl: string,
  token: string,
  path: string,
  json: unknown,
): Promise<Answer> {
  return postJson(`${baseUrl}${path}`, token, JSON.stringify(json));
}

function parse(raw: Buffer): unknown {
  const text = raw.toString('utf8');
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
}
