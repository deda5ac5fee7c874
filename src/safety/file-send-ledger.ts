import { createHash, randomUUID } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DUPLICATE_WINDOW_MS, type Claim, type SendLedger, type SentRecord } from './send-ledger.js';

interface Entry extends SentRecord {
  token: string;
  expires: number;
}

/** An entry's file name: a SHA-256 digest in hex. Beside entries lie their locks, temp files and the sweep's marker. */
const ENTRY_NAME = /^[0-9a-f]{64}$/;
/** How long a claim waits for an entry's lock, held by another process for a few file operations. */
const LOCK_WAIT_MS = 3_000;
/** A lock this old was left by a process that died holding it: one is held for a few file operations. */
const STALE_LOCK_MS = 10_000;

/**
 * The send ledger in a directory that every process of this OS user on this machine sees (the
 * state directory), so the duplicate guard holds between processes: a client that starts a new
 * stdio server for every call, or several clients at once. One file per entry, named by a digest
 * of the key (itself a digest: no key, ticket or text can be read on disk), holding when it was
 * claimed, how far it got, who sent it (with sign-in), its holder's token and when it expires.
 *
 * Claiming a free key is one exclusive create (`wx`): of two processes, one gets the file. Every
 * other change (replacing an expired entry, a forced claim, settling, sweeping) is made under the
 * entry's lock, itself a file created with `wx`, by renaming a complete file over the entry, so a
 * reader sees the old entry or the new one, never half of one.
 */
export class FileSendLedger implements SendLedger {
  readonly store = 'state directory';
  private sweeping: Promise<void> | undefined;

  private constructor(
    private readonly dir: string,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** Creates the directory (mode 0700) and proves it writable: throws if it is not, before any send relies on it. */
  static async open(dir: string, windowMs = DUPLICATE_WINDOW_MS, now: () => number = Date.now): Promise<FileSendLedger> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const probe = join(dir, `probe-${randomUUID()}`);
    await writeFile(probe, '', { flag: 'wx', mode: 0o600 });
    await unlink(probe);
    return new FileSendLedger(dir, windowMs, now);
  }

  async peek(key: string): Promise<SentRecord | undefined> {
    const entry = await this.read(this.fileOf(key));
    return entry && this.live(entry) ? record(entry) : undefined;
  }

  async claim(key: string, force: boolean, by?: string): Promise<{ claim: Claim } | { prior: SentRecord }> {
    this.sweepNowAndThen();
    const file = this.fileOf(key);
    const claim = { key, token: randomUUID(), at: this.now(), by };
    const entry: Entry = { at: claim.at, state: 'sending', by, token: claim.token, expires: claim.at + this.windowMs };
    if (force) {
      await this.locked(file, () => this.replace(file, entry));
      return { claim };
    }
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await createExclusive(file, encode(entry))) return { claim };
      const prior = await this.read(file);
      if (prior && this.live(prior)) return { prior: record(prior) };
      // Expired: replaced under its lock, unless another process renewed it meanwhile.
      const taken = await this.locked(file, async () => {
        const current = await this.read(file);
        if (current && this.live(current)) return { prior: record(current) };
        if (!current) return (await createExclusive(file, encode(entry))) ? { claim } : undefined;
        await this.replace(file, entry);
        return { claim };
      });
      if (taken) return taken;
    }
    throw new Error('the send ledger entry kept changing');
  }

  async settle(claim: Claim, outcome: 'sent' | 'uncertain' | 'failed'): Promise<void> {
    const file = this.fileOf(claim.key);
    await this.locked(file, async () => {
      const current = await this.read(file);
      if (current?.token !== claim.token) return; // a forced send took the key over since
      if (outcome === 'failed') await removeIfPresent(file);
      else await this.replace(file, { ...current, state: outcome, expires: this.now() + this.windowMs });
    });
  }

  async close(): Promise<void> {
    await this.sweeping;
  }

  private fileOf(key: string): string {
    return join(this.dir, createHash('sha256').update(key).digest('hex'));
  }

  private live(entry: Entry): boolean {
    return entry.expires > this.now();
  }

  /** The entry in `file`, if any. One created but not yet written (or whose writer died) is in flight since the file's time. */
  private async read(file: string): Promise<Entry | undefined> {
    const text = await readFile(file, 'utf8').catch(absentAs(undefined));
    if (text === undefined) return undefined;
    const entry = decode(text);
    if (entry) return entry;
    const since = await stat(file).then((s) => s.mtimeMs, absentAs(undefined));
    return since === undefined ? undefined : { at: since, state: 'sending', token: '', expires: since + this.windowMs };
  }

  /** Writes the entry whole beside the file, then renames it over the file: atomic for readers. */
  private async replace(file: string, entry: Entry): Promise<void> {
    const temp = `${file}.${randomUUID()}.tmp`;
    await createExclusive(temp, encode(entry));
    try {
      await rename(temp, file);
    } catch (error) {
      await removeIfPresent(temp);
      throw error;
    }
  }

  /**
   * Runs `change` holding the entry's lock: a file naming its holder by a token, so only the holder
   * removes it. One older than STALE_LOCK_MS was left by a process that died holding it: broken.
   */
  private async locked<T>(file: string, change: () => Promise<T>): Promise<T> {
    const lock = `${file}.lock`;
    const token = randomUUID();
    const deadline = Date.now() + LOCK_WAIT_MS;
    while (!(await createExclusive(lock, token))) {
      if (await breakIfStale(lock)) continue;
      if (Date.now() > deadline) throw new Error('the send ledger entry stayed locked');
      await sleep(5 + Math.random() * 10);
    }
    try {
      return await change();
    } finally {
      if ((await readFile(lock, 'utf8').catch(absentAs(undefined))) === token) await removeIfPresent(lock);
    }
  }

  /** Starts a sweep in the background when none ran in this directory for a window, by any process. */
  private sweepNowAndThen(): void {
    this.sweeping ??= this.sweep()
      .catch(() => undefined) // the next claim's sweep tries again
      .finally(() => (this.sweeping = undefined));
  }

  /** Removes expired entries, and files left by processes that died mid-change, so the directory holds about one window of sends. */
  private async sweep(): Promise<void> {
    const marker = join(this.dir, 'swept');
    const last = await stat(marker).then((s) => s.mtimeMs, absentAs(0));
    if (this.now() - last < this.windowMs) return;
    await writeFile(marker, '', { mode: 0o600 }); // the other processes skip theirs for a window
    for (const name of await readdir(this.dir)) {
      const path = join(this.dir, name);
      if (ENTRY_NAME.test(name)) {
        const entry = await this.read(path);
        if (!entry || this.live(entry)) continue;
        await this.locked(path, async () => {
          const current = await this.read(path);
          if (current && !this.live(current)) await removeIfPresent(path);
        });
      } else if (name.endsWith('.lock')) {
        await breakIfStale(path);
      } else if (/\.tmp$|^probe-/.test(name)) {
        const age = await stat(path).then((s) => Date.now() - s.mtimeMs, absentAs(0));
        if (age > this.windowMs) await removeIfPresent(path);
      }
    }
  }
}

/**
 * The file ledger in `dir`, opened on first use, so a process that never posts never touches the
 * disk (a client listing tools, a read-only agent). If the directory cannot be created or written,
 * `fallback` serves instead, once `unwritable` has been told why.
 */
export class FileLedgerOnFirstUse implements SendLedger {
  private opened: Promise<SendLedger> | undefined;
  private current: SendLedger | undefined;

  constructor(
    private readonly dir: string,
    private readonly fallback: SendLedger,
    private readonly unwritable: (error: unknown) => void,
  ) {}

  get store(): string {
    return this.current?.store ?? 'state directory';
  }

  async peek(key: string): Promise<SentRecord | undefined> {
    return (await this.ledger()).peek(key);
  }

  async claim(key: string, force: boolean, by?: string): Promise<{ claim: Claim } | { prior: SentRecord }> {
    return (await this.ledger()).claim(key, force, by);
  }

  async settle(claim: Claim, outcome: 'sent' | 'uncertain' | 'failed'): Promise<void> {
    return (await this.ledger()).settle(claim, outcome);
  }

  async close(): Promise<void> {
    const ledger = await this.opened;
    if (ledger && ledger !== this.fallback) await ledger.close();
  }

  private ledger(): Promise<SendLedger> {
    this.opened ??= FileSendLedger.open(this.dir).catch((error: unknown) => {
      this.unwritable(error);
      return this.fallback;
    });
    return this.opened.then((ledger) => (this.current = ledger));
  }
}

/**
 * Creates `path` holding `text`, only if nothing is there (false if something is). Recreates the
 * directory if it was removed meanwhile (a temp directory cleaned, say).
 */
async function createExclusive(path: string, text: string): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o600);
      try {
        await handle.writeFile(text);
      } catch (error) {
        // Not left empty: an empty entry would read as a send in flight for a whole window.
        await handle.close();
        await removeIfPresent(path);
        throw error;
      }
      await handle.close();
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      if (code !== 'ENOENT' || attempt > 0) throw error;
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    }
  }
}

/**
 * Removes the lock if stale (true), judged by the holder it names and its age, read in that order
 * so a lock taken since is not judged by the old one's age. Two processes may find it stale at
 * once: each moves it aside, and one that moved a fresh lock (the other's) puts it back unless a
 * third process took the lock meanwhile.
 */
async function breakIfStale(lock: string): Promise<boolean> {
  const holder = await readFile(lock, 'utf8').catch(absentAs(undefined));
  const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, absentAs(0));
  if (holder === undefined || age <= STALE_LOCK_MS) return false;
  const aside = `${lock}.${randomUUID()}.tmp`;
  try {
    await rename(lock, aside);
  } catch (error) {
    return absentAs(true)(error); // another process broke it first
  }
  if ((await readFile(aside, 'utf8')) !== holder) await link(aside, lock).catch(() => undefined);
  await removeIfPresent(aside);
  return true;
}

async function removeIfPresent(path: string): Promise<void> {
  await unlink(path).catch(absentAs(undefined));
}

/** A file gone (another process removed it) reads as `value`; any other failure stands. */
function absentAs<T>(value: T): (error: unknown) => T {
  return (error) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return value;
    throw error;
  };
}

function record({ at, state, by }: Entry): SentRecord {
  return typeof by === 'string' ? { at, state, by } : { at, state };
}

function encode(entry: Entry): string {
  return JSON.stringify(entry);
}

function decode(text: string): Entry | undefined {
  try {
    const entry = JSON.parse(text) as Entry;
    return typeof entry.at === 'number' && typeof entry.expires === 'number' && typeof entry.token === 'string' ? entry : undefined;
  } catch {
    return undefined;
  }
}
