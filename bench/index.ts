// `npm run bench`: speed, memory and size, measured in one run on this machine and printed as one
// table. Figures are only comparable within a run (the machines are shared): read the ratios.
import { burst } from './burst.js';
import { coldStart } from './cold-start.js';
import { latency } from './latency.js';
import { loadRun } from './load.js';
import { keyChurn } from './key-churn.js';
import { heapAfterGc, memory } from './memory.js';
import { outputSize } from './output-size.js';
import { killAll, spawnSandbox, type SandboxProcess } from './processes.js';
import { printTable, type Row } from './stats.js';
import { throughput } from './throughput.js';
import { tokenValidation } from './token-validation.js';
import { toolsListSize } from './tools-list-size.js';

const rows: Row[] = [];
/** BENCH_ONLY=cold,latency runs only the measures whose names start with those words. */
const only = process.env.BENCH_ONLY?.split(',')
  .map((name) => name.trim())
  .filter(Boolean);
// A failed measure becomes a row and the rest still run: one broken figure should not hide the others.
async function measure(name: string, run: () => Promise<Row[]>): Promise<void> {
  if (only && !only.some((prefix) => name.startsWith(prefix))) return;
  try {
    rows.push(...(await run()));
  } catch (error) {
    rows.push({ measure: `${name}: FAILED`, value: String((error as Error).message ?? error).split('\n')[0]!, note: 'see stderr' });
    console.error(`${name} failed:`, error);
  }
}

process.on('exit', killAll);
let sandbox: SandboxProcess | undefined;
try {
  await measure('cold start', coldStart);
  await measure('tools/list size', toolsListSize);
  sandbox = await spawnSandbox();
  const api = sandbox;
  await measure('latency', () => latency(api));
  await measure('token validation', () => tokenValidation(api));
  await measure('output size', () => outputSize(api));
  await measure('memory', () => memory(api));
  await measure('memory heap', () => heapAfterGc(api));
  await measure('memory keys', keyChurn);
  await measure('burst', () => burst(api));
  await measure('load', loadRun);
  await measure('throughput', () => throughput(api));
} catch (error) {
  console.error('bench failed:', error);
} finally {
  sandbox?.child.kill('SIGTERM');
  killAll();
}
printTable(rows);
process.exit(0);
