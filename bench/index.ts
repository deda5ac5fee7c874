// `npm run bench`: speed, memory and size, measured in one run on this machine and printed as one
// table. Figures are only comparable within a run (the machines are shared): read the ratios.
import { loadRun } from './load.js';
import { printTable, type Row } from './stats.js';

const rows: Row[] = [];
rows.push(...(await loadRun()));
printTable(rows);
process.exit(0);
