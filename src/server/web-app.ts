/**
 * Serving the built web app (dist/web, made by `npm run build:web`): its files as they
 * are, and index.html for any other page path so the app's own routes load. When it has
 * not been built, "/" says how to build it; the JSON API works either way.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** dist/web of this package, from src/server or dist/server alike. */
export function defaultWebRoot(): string {
  return fileURLToPath(new URL('../../dist/web/', import.meta.url));
}

/** True when `webRoot` holds a built app (an index.html). */
export function hasWebApp(webRoot: string | null): webRoot is string {
  return webRoot !== null && existsSync(join(webRoot, 'index.html'));
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>kinechain</title></head>
<body>
<h1>kinechain</h1>
<p>The web app has not been built. Build it and restart the server:</p>
<pre>npm run build:web     # or: npm start (builds everything, then serves)</pre>
<p>The JSON API works without it: <a href="/api/health">/api/health</a>, <a href="/api/catalog">/api/catalog</a>,
POST /api/simulations, and its description at <a href="/api/openapi.json">/api/openapi.json</a>.</p>
</body>
</html>
`;

/** A page path the app routes itself: GET or HEAD, outside /api, and not a file name (no dot in the last segment). */
export function isAppPage(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = request.url.split('?')[0];
  if (path === '/api' || path.startsWith('/api/')) return false;
  const last = path.slice(path.lastIndexOf('/') + 1);
  return !last.includes('.');
}

/**
 * Registers the static files (or the not-built page). Returns the fallback for unknown
 * page paths: index.html when the app is built, null otherwise.
 */
export function registerWebApp(app: FastifyInstance, webRoot: string | null): ((reply: FastifyReply) => FastifyReply) | null {
  if (!hasWebApp(webRoot)) {
    app.get('/', (_request, reply) => reply.type('text/html; charset=utf-8').send(NOT_BUILT_PAGE));
    return null;
  }
  void app.register(fastifyStatic, { root: webRoot, prefix: '/', index: ['index.html'] });
  return (reply) => reply.type('text/html; charset=utf-8').sendFile('index.html');
}
