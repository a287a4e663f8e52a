/**
 * Structured JSON logs. Secrets never reach them: known secret keys are redacted, and the secret part
 * of a webhook URL is masked. Personal data is not logged at info level (bodies are never logged).
 */
import { type Logger, pino } from 'pino';

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.apiKey',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.clientSecret',
  '*.webhookSecret',
  '*.secret',
  '*.password',
];

export function maskUrl(url: string): string {
  return url.replace(/(\/hooks\/[^/]+\/)[^/?]+/, '$1***').replace(/(\/rest\/\d+\/)[^/?]+/, '$1***');
}

export function createLogger(level: string, pretty = false): Logger {
  return pino({
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; url: string; id?: string }) => ({
        method: req.method,
        url: maskUrl(req.url),
        id: req.id,
      }),
    },
    ...(pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' },
          },
        }
      : {}),
  });
}
