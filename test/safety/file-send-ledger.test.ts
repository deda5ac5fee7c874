import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileLedgerOnFirstUse, FileSendLedger } from '../../src/safety/file-send-ledger.js';
import { MemorySendLedger } from '../../src/safety/send-ledger.js';
import { defaultStateDir } from '../../src/safety/state-dir.js';
import { expectKeepsWhoSent } from '../support/ledger-keeps-who.js';

// The file ledger on the real file system, in temp dirs. Several ledgers on one directory stand in
// for several processes: each its own instance, meeting only through the files. A test clock
// (`clock.ms` ahead of real time) stands in for the window passing.
const WINDOW_MS = 60_000;
const KEY = 'a'.repeat(64);
const roots: string[] = [];

afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'file-send-ledger-'));
  roots.push(root);
  return join(root, 'state', 'sent');
}

/** `count` ledgers ("processes") on one directory, sharing a clock that tests move forward. */
async function ledgers(count: number, dir?: string) {
  const at = dir ?? (await tempDir());
  const clock = { ms: 0 };
  const now = () => Date.now() + clock.ms;
  const all = await Promise.all(Array.from({ length: count }, () => FileSendLedger.open(at, WINDOW_MS, now)));
  return { dir: at, clock, all };
}

const entryFiles = async (dir: string) => (await readdir(dir)).filter((name) => /^[0-9a-f]{64}$/.test(name));

describe('the file send ledger', () => {
  it('a claim is seen by another process; sent or uncertain is kept, failed is forgotten', async () => {
    const {
      all: [a, b],
    } = await ledgers(2);
    const claimed = await a!.claim(KEY, false);
    if (!('claim' in claimed)) throw new Error('expected a claim');
    expect(await b!.peek(KEY)).toEqual({ at: claimed.claim.at, state: 'sending' });
    expect(await b!.claim(KEY, false)).toEqual({ prior: { at: claimed.claim.at, state: 'sending' } });
    await a!.settle(claimed.claim, 'uncertain');
    expect(await b!.peek(KEY)).toEqual({ at: claimed.claim.at, state: 'uncertain' });

    const other = 'b'.repeat(64);
    const failed = await b!.claim(other, false);
    if (!('claim' in failed)) throw new Error('expected a claim');
    await b!.settle(failed.claim, 'failed');
    expect(await a!.peek(other)).toBeUndefined();
    expect('claim' in (await a!.claim(other, false))).toBe(true);
  });

  it('keeps who sent it (with sign-in) for the refusal to name, in memory and in the state directory alike', async () => {
    const {
      all: [a, b],
    } = await ledgers(2);
    await expectKeepsWhoSent(a!, b!, KEY);
    const memory = new MemorySendLedger(WINDOW_MS);
    await expectKeepsWhoSent(memory, memory, KEY);
  });

  it('of many processes claiming one key at once, exactly one gets it', async () => {
    const { all } = await ledgers(8);
    const results = await Promise.all(all.flatMap((ledger) => [ledger.claim(KEY, false), ledger.claim(KEY, false)]));
    expect(results.filter((r) => 'claim' in r)).toHaveLength(1);
  });

  it('an entry past the window is free again; of many processes renewing it at once, exactly one gets it', async () => {
    const { clock, all, dir } = await ledgers(8);
    const first = await all[0]!.claim(KEY, false);
    if (!('claim' in first)) throw new Error('expected a claim');
    await all[0]!.settle(first.claim, 'sent');
    clock.ms += WINDOW_MS - 1_000;
    expect(await all[1]!.peek(KEY)).toMatchObject({ state: 'sent' });
    clock.ms += 2_000;
    expect(await all[1]!.peek(KEY)).toBeUndefined();
    const results = await Promise.all(all.flatMap((ledger) => [ledger.claim(KEY, false), ledger.claim(KEY, false)]));
    const winners = results.filter((r) => 'claim' in r);
    expect(winners).toHaveLength(1);
    // The late settle of the expired claim leaves the renewed entry alone.
    await all[0]!.settle(first.claim, 'failed');
    expect(await all[2]!.peek(KEY)).toMatchObject({ state: 'sending' });
    // Each ledger's sweep runs in the background, under the entries' locks: once they are done,
    // no temp or lock file is left.
    await Promise.all(all.map((ledger) => ledger.close()));
    expect((await readdir(dir)).filter((name) => !/^[0-9a-f]{64}$|^swept$/.test(name))).toEqual([]);
  });

  it('a forced claim takes the key over: the earlier holder can no longer settle it', async () => {
    const {
      all: [a, b],
    } = await ledgers(2);
    const first = await a!.claim(KEY, false);
    const forced = await b!.claim(KEY, true);
    if (!('claim' in first) || !('claim' in forced)) throw new Error('expected claims');
    await a!.settle(first.claim, 'failed');
    expect(await a!.peek(KEY)).toMatchObject({ state: 'sending', at: forced.claim.at });
    await b!.settle(forced.claim, 'sent');
    expect(await a!.peek(KEY)).toMatchObject({ state: 'sent' });
  });

  it('an entry created but never written (its process died) counts as in flight from its file time, then expires', async () => {
    const {
      all: [a],
      dir,
    } = await ledgers(1);
    const first = await a!.claim(KEY, false);
    if (!('claim' in first)) throw new Error('expected a claim');
    const [file] = await entryFiles(dir);
    await writeFile(join(dir, file!), '');
    expect(await a!.peek(KEY)).toMatchObject({ state: 'sending' });
    expect('prior' in (await a!.claim(KEY, false))).toBe(true);
    // Its age is the file's own: a window later by the file system's clock, it has expired.
    const old = new Date(Date.now() - WINDOW_MS - 1_000);
    await utimes(join(dir, file!), old, old);
    expect('claim' in (await a!.claim(KEY, false))).toBe(true);
  });

  it('a lock left by a dead process is broken once stale; a fresh one held too long makes the claim fail, to be refused', async () => {
    const {
      clock,
      all: [a],
      dir,
    } = await ledgers(1);
    const first = await a!.claim(KEY, false);
    if (!('claim' in first)) throw new Error('expected a claim');
    const [file] = await entryFiles(dir);
    const lock = join(dir, `${file}.lock`);
    await writeFile(lock, '999999');
    const old = new Date(Date.now() - 60_000);
    await utimes(lock, old, old);
    clock.ms += WINDOW_MS + 1_000;
    expect('claim' in (await a!.claim(KEY, false))).toBe(true);

    await writeFile(lock, '999999');
    await expect(a!.claim(KEY, true)).rejects.toThrow('the send ledger entry stayed locked');
  });

  it('sweeps expired entries and leftovers once per window, whichever process runs it', async () => {
    const {
      clock,
      all: [a, b],
      dir,
    } = await ledgers(2);
    for (const key of ['1', '2', '3'].map((c) => c.repeat(64))) {
      const claimed = await a!.claim(key, false);
      if ('claim' in claimed) await a!.settle(claimed.claim, 'sent');
    }
    await a!.close(); // the first claim's sweep found nothing to remove, and marked the directory swept
    const leftover = join(dir, `${'9'.repeat(64)}.0000.tmp`);
    await writeFile(leftover, '{}');
    const old = new Date(Date.now() - 2 * WINDOW_MS);
    await utimes(leftover, old, old);
    clock.ms += WINDOW_MS / 2;
    await b!.claim('4'.repeat(64), false);
    await b!.close();
    expect(await entryFiles(dir)).toHaveLength(4); // swept less than a window ago: not yet
    clock.ms += WINDOW_MS / 2 + 1_000;
    await b!.claim('5'.repeat(64), false);
    await b!.close();
    expect(await entryFiles(dir)).toHaveLength(2); // the three expired ones are gone
    expect(await readdir(dir)).not.toContain(`${'9'.repeat(64)}.0000.tmp`);
  });

  it('recreates its directory if it was removed meanwhile', async () => {
    const {
      all: [a],
      dir,
    } = await ledgers(1);
    await rm(dir, { recursive: true });
    expect('claim' in (await a!.claim(KEY, false))).toBe(true);
    expect(await entryFiles(dir)).toHaveLength(1);
  });

  it('refuses to open where it cannot write, and creates its directory with mode 0700', async () => {
    const dir = await tempDir();
    await FileSendLedger.open(dir);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    const blocker = join(dir, 'a-file');
    await writeFile(blocker, '');
    await expect(FileSendLedger.open(join(blocker, 'sent'))).rejects.toMatchObject({ code: 'ENOTDIR' });
  });

  it('keeps only digests: the file is named by the digest of the key and holds no key', async () => {
    const {
      all: [a],
      dir,
    } = await ledgers(1);
    await a!.claim('account-digest\0ticket\0text', false);
    const [file] = await entryFiles(dir);
    expect(await readFile(join(dir, file!), 'utf8')).not.toMatch(/account|ticket|text"/);
  });
});

describe('the file ledger opened on first use', () => {
  it('creates nothing until a claim; where it cannot write, says so once and keeps the ledger in memory', async () => {
    const dir = await tempDir();
    const warnings: unknown[] = [];
    const lazy = new FileLedgerOnFirstUse(dir, new MemorySendLedger(), (error) => warnings.push(error));
    await expect(stat(dir)).rejects.toMatchObject({ code: 'ENOENT' });
    expect('claim' in (await lazy.claim(KEY, false))).toBe(true);
    expect(await entryFiles(dir)).toHaveLength(1);
    expect(lazy.store).toBe('state directory');
    await lazy.close();

    const blocker = join(dir, 'a-file');
    await writeFile(blocker, '');
    const fallback = new MemorySendLedger();
    const unwritable = new FileLedgerOnFirstUse(join(blocker, 'sent'), fallback, (error) => warnings.push(error));
    expect('claim' in (await unwritable.claim(KEY, false))).toBe(true);
    expect(await unwritable.claim(KEY, false)).toMatchObject({ prior: { state: 'sending' } });
    expect(await fallback.peek(KEY)).toMatchObject({ state: 'sending' });
    expect(unwritable.store).toBe('memory');
    expect(warnings).toEqual([expect.objectContaining({ code: 'ENOTDIR' })]);
  });
});

describe('the default state directory', () => {
  it('is $XDG_STATE_HOME/helpdesk-mcp, else ~/.local/state/helpdesk-mcp, and %LOCALAPPDATA%\\helpdesk-mcp on Windows', () => {
    expect(defaultStateDir({ XDG_STATE_HOME: '/x/state' }, 'linux', '/home/u')).toBe('/x/state/helpdesk-mcp');
    expect(defaultStateDir({ XDG_STATE_HOME: 'relative' }, 'linux', '/home/u')).toBe('/home/u/.local/state/helpdesk-mcp');
    expect(defaultStateDir({}, 'darwin', '/Users/u')).toBe('/Users/u/.local/state/helpdesk-mcp');
    expect(defaultStateDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u')).toBe('C:\\Users\\u\\AppData\\Local\\helpdesk-mcp');
    expect(defaultStateDir({}, 'win32', 'C:\\Users\\u')).toBe('C:\\Users\\u\\AppData\\Local\\helpdesk-mcp');
  });
});
