#!/usr/bin/env node
/**
 * `node dist/server/main.js`: starts the kinechain server and prints its address.
 *
 * Environment: HOST (default 127.0.0.1), PORT (default 8787; 0 picks a free port),
 * KINECHAIN_WORKERS (analyses at once; default cores - 1), KINECHAIN_QUEUE_LIMIT
 * (default 32), KINECHAIN_DEADLINE_S (per analysis; default 20), KINECHAIN_WEB_ROOT
 * (the built web app; default dist/web), LOG_LEVEL (fastify/pino level; default warn).
 * SIGINT or SIGTERM stops it gracefully: new requests get 503, running analyses are
 * stopped, then the process exits; a second signal exits at once.
 */
import { createServer } from './server.js';
import { hasWebApp, defaultWebRoot } from './web-app.js';

function environmentNumber(name: string, fallback: number, check: (value: number) => boolean, what: string): number {
  const text = process.env[name];
  if (text === undefined || text.trim() === '') return fallback;
  const value = Number(text);
  if (!check(value)) {
    process.stderr.write(`kinechain server: ${name}=${JSON.stringify(text)} is not ${what}\n`);
    process.exit(2);
  }
  return value;
}

const isPort = (value: number) => Number.isInteger(value) && value >= 0 && value <= 65535;
const isWhole = (value: number) => Number.isInteger(value) && value >= 0;
const isPositive = (value: number) => Number.isFinite(value) && value > 0;

async function main(): Promise<void> {
  const host = process.env.HOST?.trim() || '127.0.0.1';
  const port = environmentNumber('PORT', 8787, isPort, 'a port number (0-65535)');
  const workers = environmentNumber('KINECHAIN_WORKERS', 0, isWhole, 'a whole number');
  const queueLimit = environmentNumber('KINECHAIN_QUEUE_LIMIT', 32, isWhole, 'a whole number');
  const deadlineS = environmentNumber('KINECHAIN_DEADLINE_S', 20, isPositive, 'a positive number of seconds');
  const webRoot = process.env.KINECHAIN_WEB_ROOT?.trim() || defaultWebRoot();

  const app = createServer({
    webRoot,
    pool: { size: workers === 0 ? undefined : workers, queueLimit, deadlineMs: Math.round(deadlineS * 1000) },
    logger: { level: process.env.LOG_LEVEL?.trim() || 'warn' },
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      process.stderr.write(`kinechain server: ${signal} again, exiting now\n`);
      process.exit(1);
    }
    stopping = true;
    process.stdout.write(`kinechain server: ${signal}, shutting down\n`);
    // Whatever hangs, the process ends: a shutdown longer than this is a fault.
    setTimeout(() => {
      process.stderr.write('kinechain server: shutdown took too long, exiting\n');
      process.exit(1);
    }, 10_000).unref();
    app.close().then(
      () => {
        process.stdout.write('kinechain server: stopped\n');
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`kinechain server: error while shutting down: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  let address: string;
  try {
    address = await app.listen({ host, port });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(`kinechain server: cannot listen on ${host}:${port}: ${reason}\n`);
    await app.close();
    process.exit(1);
  }
  process.stdout.write(`kinechain server listening on ${address}\n`);
  if (!hasWebApp(webRoot)) {
    process.stdout.write(`kinechain server: no web app in ${webRoot}; run "npm run build:web" to build it (the API works without it)\n`);
  }
}

void main();
