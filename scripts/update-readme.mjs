// Rewrites each provider's tool reference in README.md from the built registry: `npm run docs`.
// A provider's section sits between <!-- tools:NAME:start ... --> and <!-- tools:NAME:end -->.
import { readFileSync, writeFileSync } from 'node:fs';
import { renderToolDocs, toolDocsMarkers } from '../dist/docs/tool-docs.js';
import { providers } from '../dist/providers/index.js';

const path = new URL('../README.md', import.meta.url);
let readme = readFileSync(path, 'utf8');
for (const [name, provider] of Object.entries(providers)) {
  const { start, end } = toolDocsMarkers(name);
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from === -1 || to === -1) throw new Error(`README.md lacks the markers ${start} ... ${end}`);
  readme = `${readme.slice(0, from)}${start}\n${renderToolDocs(provider.tools)}${readme.slice(to)}`;
}
writeFileSync(path, readme);
