import { availableParallelism } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { KinechainError } from '../core/errors.js';
import { checkSimulationRequest } from '../app/simulations.js';
import { errorResponseSchema } from './api-schemas.js';
import { ComputePool, ComputePoolError } from './compute-pool.js';
import type { ComputeTask } from './compute-protocol.js';
import { errorReply } from './http-errors.js';
import { createServer } from './server.js';

const pools: ComputePool[] = [];
function makePool(options: ConstructorParameters<typeof ComputePool>[0]): ComputePool {
  const pool = new ComputePool(options);
  pools.push(pool);
  return pool;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

const yoga: ComputeTask = { kind: 'simulation', request: checkSimulationRequest({ analysis: 'yoga', pose: 'childs_pose' }) };
/** A posture with many samples: minutes of work, stopped at any progress step. */
function longPosture(seed: number): ComputeTask {
  return {
    kind: 'simulation',
    request: checkSimulationRequest({ analysis: 'posture', impairments: [{ name: 'painful-heel' }], samples: 5000, seed }),
  };
}

/**
 * A stance phase on a shaped sole: seconds of work with no progress step inside, so it
 * cannot notice the abort flag before it ends (a task that does not stop when asked).
 */
const unstoppableStance: ComputeTask = {
  kind: 'simulation',
  request: checkSimulationRequest({ analysis: 'stance', footwear: 'healing-sole' }),
};

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the task to fail');
}

describe('ComputePool', () => {
  it('never has more workers than cores', () => {
    const pool = makePool({ size: 64 });
    expect(pool.size).toBe(Math.max(1, availableParallelism()));
  });

  it('runs a task in a worker thread and returns its JSON', async () => {
    const pool = makePool({ size: 1 });
    const json = await pool.run(yoga);
    const result = JSON.parse(json) as { pose: { key: string } };
    expect(result.pose.key).toBe('childs_pose');
    expect(pool.stats()).toMatchObject({ completed: 1, busy: 0, queued: 0 });
  });

  it("passes a task's own KinechainError through with its details", async () => {
    const pool = makePool({ size: 1 });
    // Checked on the main thread already in the server; here the worker checks it again.
    const error = await failureOf(
      pool.run({ kind: 'simulation', request: { analysis: 'posture', impairments: [{ name: 'painful-heel', severity: 7 }] } }),
    );
    expect(error).toBeInstanceOf(KinechainError);
    expect((error as KinechainError).code).toBe('OUT_OF_RANGE');
    expect((error as KinechainError).details?.field).toBe('impairments[0].severity');
  });

  it('stops a task at its deadline through the shared flag, keeping the worker', async () => {
    const pool = makePool({ size: 1, abortGraceMs: 60_000 });
    await pool.run(yoga); // the worker is up
    const error = await failureOf(pool.run(longPosture(1), { deadlineMs: 300 }));
    expect(error).toBeInstanceOf(ComputePoolError);
    expect((error as ComputePoolError).code).toBe('DEADLINE_EXCEEDED');
    expect(error.message).toContain('0.300 s');
    // The worker stops at its next progress step and takes the next task.
    expect(JSON.parse(await pool.run(yoga))).toHaveProperty('pose');
    expect(pool.stats()).toMatchObject({ timedOut: 1, restarts: 0 });
  });

  it('replaces a worker that does not stop within its grace', async () => {
    const pool = makePool({ size: 1, abortGraceMs: 0 });
    await pool.run(yoga);
    const error = await failureOf(pool.run(unstoppableStance, { deadlineMs: 200 }));
    expect((error as ComputePoolError).code).toBe('DEADLINE_EXCEEDED');
    expect(JSON.parse(await pool.run(yoga))).toHaveProperty('pose');
    expect(pool.stats()).toMatchObject({ timedOut: 1, restarts: 1 });
  });

  it('refuses a task at once when its queue is full, and drops waiting tasks at their deadline', async () => {
    const pool = makePool({ size: 1, queueLimit: 1, abortGraceMs: 0 });
    const running = pool.run(longPosture(3), { deadlineMs: 60_000 });
    const waiting = pool.run(longPosture(4), { deadlineMs: 200 });
    const refused = await failureOf(pool.run(longPosture(5)));
    expect((refused as ComputePoolError).code).toBe('QUEUE_FULL');
    expect(pool.stats()).toMatchObject({ busy: 1, queued: 1, refused: 1 });
    expect(((await failureOf(waiting)) as ComputePoolError).code).toBe('DEADLINE_EXCEEDED');
    expect(pool.stats().queued).toBe(0);
    const runningFailure = failureOf(running);
    await pool.close();
    expect(((await runningFailure) as ComputePoolError).code).toBe('SHUTTING_DOWN');
    expect(((await failureOf(pool.run(yoga))) as ComputePoolError).code).toBe('SHUTTING_DOWN');
  });
});

describe('the server under a deadline and a full queue', () => {
  it('answers 503 with a clear message when an analysis passes its deadline', async () => {
    const app = createServer({ webRoot: null, pool: { size: 1, deadlineMs: 1, abortGraceMs: 0 } });
    try {
      const response = await app.inject({
        method: 'POST',
        url: '/api/simulations',
        headers: { 'content-type': 'application/json' },
        payload: { analysis: 'posture' },
      });
      expect(response.statusCode).toBe(503);
      const error = errorResponseSchema.parse(response.json()).error;
      expect(error.code).toBe('DEADLINE_EXCEEDED');
      expect(error.message).toContain('did not finish within');
      // The main thread is free meanwhile.
      expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('answers 503 QUEUE_FULL with Retry-After instead of piling requests up, and 503 to the rest at shutdown', async () => {
    const app = createServer({ webRoot: null, pool: { size: 1, queueLimit: 1, deadlineMs: 120_000 } });
    const send = (seed: number) =>
      app.inject({
        method: 'POST',
        url: '/api/simulations',
        headers: { 'content-type': 'application/json' },
        payload: { analysis: 'posture', impairments: [{ name: 'painful-heel' }], samples: 5000, seed },
      });
    // Requests are read concurrently, so which of the three comes last is not fixed: the first answer is the refusal.
    const requests = [send(1), send(2), send(3)];
    const refused = await Promise.race(requests);
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(errorResponseSchema.parse(refused.json()).error.code).toBe('QUEUE_FULL');
    const health = await app.inject({ method: 'GET', url: '/api/health' });
    expect(health.json()).toMatchObject({ compute: { busy: 1, queued: 1 } });
    await app.close();
    const codes = (await Promise.all(requests)).map((response) => {
      expect(response.statusCode).toBe(503);
      return errorResponseSchema.parse(response.json()).error.code;
    });
    expect(codes.sort()).toEqual(['QUEUE_FULL', 'SHUTTING_DOWN', 'SHUTTING_DOWN']);
  });
});

describe('errorReply', () => {
  const limits = { bodyLimitBytes: 1000 };

  it('maps each failure to its status and never passes on an internal message', () => {
    expect(errorReply(new KinechainError('DID_NOT_CONVERGE', 'the solve failed'), limits).status).toBe(422);
    expect(errorReply(new KinechainError('UNSUPPORTED', 'not here'), limits)).toMatchObject({ status: 501, body: { error: { code: 'UNSUPPORTED' } } });
    for (const error of [new KinechainError('INTERNAL', 'secret at /srv/x.ts:3'), new Error('secret at /srv/x.ts:3'), 'thrown text']) {
      const reply = errorReply(error, limits);
      expect(reply.status).toBe(500);
      expect(reply.log).toBe(true);
      expect(JSON.stringify(reply.body)).not.toContain('secret');
    }
    expect(errorReply(new ComputePoolError('WORKER_FAILED', 'worker died: secret'), limits)).toMatchObject({ status: 500 });
    expect(JSON.stringify(errorReply(new ComputePoolError('WORKER_FAILED', 'worker died: secret'), limits).body)).not.toContain('secret');
    expect(errorReply(new ComputePoolError('SHUTTING_DOWN', 'bye'), limits)).toMatchObject({ status: 503, headers: { 'retry-after': '10' } });
    expect(errorReply(Object.assign(new Error('x'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 }), limits).body.error.message).toContain(
      '1000 bytes',
    );
  });
});
