/**
 * The server as a process: started from the TypeScript sources (through tsx) and from a
 * compiled build (plain node, compiled worker file), it prints its address, answers
 * /api/health and a simulation (run in a worker thread), and stops cleanly on SIGTERM.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const children: ChildProcessWithoutNullStreams[] = [];
const scratch: string[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const directory of scratch) rmSync(directory, { recursive: true, force: true });
});

interface Started {
  readonly child: ChildProcessWithoutNullStreams;
  readonly address: string;
  readonly output: () => string;
}

/** Starts the server and waits for the line with its address. */
function start(args: readonly string[]): Promise<Started> {
  const child = spawn(process.execPath, args, {
    cwd: projectRoot,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', KINECHAIN_WORKERS: '1', KINECHAIN_WEB_ROOT: join(projectRoot, 'no-such-web-root') },
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (match) resolve({ child, address: match[1], output: () => stdout + stderr });
    });
    child.on('exit', (code) => reject(new Error(`the server exited (${code}) before listening:\n${stdout}${stderr}`)));
  });
}

function exited(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

async function exercise(server: Started): Promise<void> {
  const health = await fetch(`${server.address}/api/health`);
  expect(health.status).toBe(200);
  // Printed after the address: the web app is not built in this run.
  expect(server.output()).toContain('npm run build:web');
  expect(await health.json()).toMatchObject({ status: 'ok', compute: { workers: 1 } });
  const simulation = await fetch(`${server.address}/api/simulations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ analysis: 'yoga', pose: 'seated_forward_fold' }),
  });
  expect(simulation.status).toBe(200);
  expect(await simulation.json()).toMatchObject({ pose: { key: 'seated_forward_fold' } });
  server.child.kill('SIGTERM');
  expect(await exited(server.child)).toBe(0);
  expect(server.output()).toContain('stopped');
}

describe('the server process', () => {
  it('starts from the sources, prints its address, answers and stops on SIGTERM', async () => {
    await exercise(await start(['--import', 'tsx', 'src/server/main.ts']));
  }, 120_000);

  it('starts from a compiled build with its compiled worker', async () => {
    // Inside the project, so the build finds node_modules as dist/ would.
    const cache = join(projectRoot, 'node_modules', '.cache');
    mkdirSync(cache, { recursive: true });
    const directory = mkdtempSync(join(cache, 'kinechain-server-build-'));
    scratch.push(directory);
    const tsconfig = join(directory, 'tsconfig.json');
    writeFileSync(
      tsconfig,
      JSON.stringify({
        extends: join(projectRoot, 'tsconfig.build.json'),
        compilerOptions: { rootDir: join(projectRoot, 'src'), outDir: join(directory, 'dist'), declaration: false, sourceMap: false },
        include: [],
        files: [join(projectRoot, 'src/server/main.ts'), join(projectRoot, 'src/server/compute-worker.ts'), join(projectRoot, 'src/server/autocannon.d.ts')],
      }),
    );
    const build = spawnSync(process.execPath, [join(projectRoot, 'node_modules/typescript/bin/tsc'), '-p', tsconfig], { encoding: 'utf8' });
    expect(build.error).toBeUndefined();
    const server = await start([join(directory, 'dist/server/main.js')]);
    await exercise(server);
  }, 240_000);
});
