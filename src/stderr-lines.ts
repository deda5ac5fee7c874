/**
 * Log lines on their way to stderr. A write to a pipe is a system call that wakes the reader,
 * and on a busy or virtual machine it costs a good share of a tool call (0.17 ms of the ~2 ms a
 * stdio call added, measured with `npm run bench`'s latency rows and a CPU profile). So a line
 * is written once the current turn of the event loop is done: after the answer it belongs to
 * has gone out, and together with every other line of that turn. Whatever is still waiting when
 * the process exits, however it exits, is written then.
 */
let pending = '';
let scheduled = false;
let listening = false;

export function writeStderrLine(line: string): void {
  pending += `${line}\n`;
  if (scheduled) return;
  if (!listening) {
    listening = true;
    process.on('exit', flush);
  }
  scheduled = true;
  // Unreferenced: waiting lines never keep a process alive; the exit handler writes them.
  setImmediate(flush).unref();
}

function flush(): void {
  scheduled = false;
  if (!pending) return;
  const lines = pending;
  pending = '';
  process.stderr.write(lines);
}
