/** Where a command writes: the terminal in `main.ts`, string buffers in tests. */
export interface CliIo {
  /** Standard output: results (tables or JSON). */
  out(text: string): void;
  /** Standard error: error messages, help after a usage error. */
  err(text: string): void;
}

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

/** An io that collects everything written, for tests and for embedding. */
export function bufferIo(): CliIo & { readonly stdout: () => string; readonly stderr: () => string } {
  let stdout = '';
  let stderr = '';
  return {
    out: (text) => void (stdout += text),
    err: (text) => void (stderr += text),
    stdout: () => stdout,
    stderr: () => stderr,
  };
}
