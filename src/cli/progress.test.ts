/**
 * The progress bar: nothing without a terminal, nothing during the first second, a bar on
 * a terminal after that, cleared at the end.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { bufferIo } from './io.js';
import { createProgress, progressStream, SILENT_PROGRESS } from './progress.js';

/** A stream that says it is a terminal, collecting what is written. */
function fakeTerminal(): { stream: NodeJS.WritableStream; written: () => string } {
  const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 120 });
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, written: () => text };
}

describe('createProgress', () => {
  it('draws nothing without a stream', () => {
    expect(createProgress('work', { stream: null })).toBe(SILENT_PROGRESS);
  });

  it('draws nothing while the work is younger than the delay', () => {
    const terminal = fakeTerminal();
    let clock = 0;
    const progress = createProgress('work', { stream: terminal.stream, delayMs: 1000, now: () => clock });
    clock = 999;
    progress.update(1, 10);
    progress.stop();
    expect(terminal.written()).toBe('');
  });

  it('draws a labelled bar on a terminal after the delay and clears it when stopped', () => {
    const terminal = fakeTerminal();
    let clock = 0;
    const progress = createProgress('posture samples', { stream: terminal.stream, delayMs: 1000, now: () => clock });
    clock = 1500;
    progress.update(3, 10);
    progress.update(5, 10);
    expect(terminal.written()).toContain('kinechain: posture samples');
    expect(terminal.written()).toContain('3/10');
    progress.stop();
    progress.stop();
    // Cleared: the last thing written erases the line (ESC [ 2 K).
    expect(terminal.written().endsWith('\u001b[2K')).toBe(true);
    const length = terminal.written().length;
    progress.update(6, 10);
    expect(terminal.written().length).toBe(length);
  });

  it('does not start a bar for work already finished', () => {
    const terminal = fakeTerminal();
    let clock = 0;
    const progress = createProgress('work', { stream: terminal.stream, delayMs: 1000, now: () => clock });
    clock = 5000;
    progress.update(10, 10);
    progress.stop();
    expect(terminal.written()).toBe('');
  });
});

describe('progressStream', () => {
  it('is null for buffered output (tests, embedding)', () => {
    expect(progressStream(bufferIo())).toBeNull();
  });
});
