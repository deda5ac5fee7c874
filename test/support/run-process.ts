import { execFile, type ExecFileOptions } from 'node:child_process';

export interface ProcessRun {
  /** The exit code; null when the process was killed (a timeout) or could not start. */
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to its end without blocking the event loop (unlike spawnSync), so cases that
 * each run a process can run side by side. Never rejects: the status says how it ended.
 */
export function runProcess(command: string, args: string[], options: ExecFileOptions = {}): Promise<ProcessRun> {
  return new Promise((resolve) => {
    execFile(command, args, { ...options, encoding: 'utf8' }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ status, stdout, stderr: error && status === null ? `${stderr}\n${error.message}` : stderr });
    });
  });
}
