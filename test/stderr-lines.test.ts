import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cleanEnv } from './support/clean-env.js';

const LOG = new URL('../src/log.ts', import.meta.url).href;

/** Runs `body` in a fresh Node process with `log` imported from src/log.ts; its exit code, stdout and stderr. */
function run(body: string) {
  const script = `import { log } from ${JSON.stringify(LOG)};\n${body}`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], { env: cleanEnv(), encoding: 'utf8' });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

describe('log lines on stderr', () => {
  it('are written together once the turn of the event loop is done: one write for the lines of a turn', () => {
    const { stdout, stderr } = run(`
      let writes = 0;
      const write = process.stderr.write.bind(process.stderr);
      process.stderr.write = (...args) => (writes++, write(...args));
      log.info('one'); log.warn('two'); log.error('three');
      const inTurn = writes;
      setTimeout(() => console.log(JSON.stringify({ inTurn, after: writes })), 20);
    `);
    expect(JSON.parse(stdout)).toEqual({ inTurn: 0, after: 1 });
    expect(stderr).toMatch(/INFO one\n.*WARN two\n.*ERROR three\n/);
  });

  it('still waiting when the process exits are written', () => {
    const { status, stderr } = run(`log.info('first'); log.info('last'); process.exit(3);`);
    expect(status).toBe(3);
    expect(stderr).toMatch(/INFO first\n.*INFO last\n/);
  });

  it('written just before a crash are not lost', () => {
    const { status, stderr } = run(`log.error('before the crash'); throw new Error('boom');`);
    expect(status).toBe(1);
    expect(stderr).toContain('ERROR before the crash');
  });
});
