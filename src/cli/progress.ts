/**
 * A progress bar for long computations (cli-progress), on standard error so standard
 * output stays clean for JSON and tables.
 *
 * Shown only when standard error is a terminal (never in a pipe, a log file or a test) and
 * only once the work has run for more than a second: quick commands print no bar at all.
 * The bar is cleared when the work ends, so the terminal keeps only the results.
 *
 * The computations are synchronous and never yield to the event loop, so the bar is
 * redrawn from update() itself (cli-progress's synchronous update), not from its timer.
 */
import cliProgress from 'cli-progress';
import { processIo, type CliIo } from './io.js';

export interface Progress {
  /** Reports that `done` of `total` steps are finished. */
  update(done: number, total: number): void;
  /** Removes the bar (if it was shown); safe to call more than once. */
  stop(): void;
}

export interface ProgressOptions {
  /** Where to draw; null draws nothing. */
  readonly stream: NodeJS.WritableStream | null;
  /** Milliseconds of work before the bar appears (default 1000). */
  readonly delayMs?: number;
  /** Clock (ms), for tests. */
  readonly now?: () => number;
}

/** Draws nothing. */
export const SILENT_PROGRESS: Progress = Object.freeze({ update: () => undefined, stop: () => undefined });

/** The terminal to draw on for `io`: the process's stderr when the command writes there and it is a TTY; else null. */
export function progressStream(io: CliIo): NodeJS.WritableStream | null {
  return io === processIo && process.stderr.isTTY === true ? process.stderr : null;
}

/** A progress bar labelled `label` (e.g. "posture samples"), shown after `delayMs` on a terminal. */
export function createProgress(label: string, options: ProgressOptions): Progress {
  const stream = options.stream;
  if (stream === null) return SILENT_PROGRESS;
  const now = options.now ?? (() => performance.now());
  const delayMs = options.delayMs ?? 1000;
  const startedAt = now();
  let bar: cliProgress.SingleBar | null = null;
  let stopped = false;
  return {
    update(done: number, total: number): void {
      if (stopped) return;
      if (bar === null) {
        if (now() - startedAt < delayMs || done >= total) return;
        bar = new cliProgress.SingleBar(
          {
            stream,
            format: `kinechain: ${label} [{bar}] {percentage}% {value}/{total} ETA {eta_formatted}`,
            clearOnComplete: true,
            hideCursor: false,
            etaBuffer: 50,
            synchronousUpdate: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done);
        return;
      }
      bar.setTotal(total);
      bar.update(done);
    },
    stop(): void {
      if (stopped) return;
      stopped = true;
      bar?.stop();
    },
  };
}
