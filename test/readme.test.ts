import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENVIRONMENT } from '../src/config.js';
import { renderToolDocs, toolDocsMarkers } from '../src/docs/tool-docs.js';
import { providers } from '../src/providers/index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it.each(Object.entries(providers))(
    'carries the %s tool reference generated from the registry (run `npm run docs` after changing a tool)',
    (name, provider) => {
      const { start, end } = toolDocsMarkers(name);
      expect(readme, start).toContain(start);
      const section = readme.slice(readme.indexOf(start) + start.length + 1, readme.indexOf(end));
      expect(section).toBe(renderToolDocs(provider.tools));
    },
  );

  it('documents every flag and variable', async () => {
    const { helpText } = await import('../src/config.js');
    for (const flag of helpText('0').match(/--[a-z-]+/g) ?? []) expect(readme, flag).toContain(`\`${flag}`);
    for (const variable of [...Object.keys(ENVIRONMENT), ...(helpText('0').match(/HELPDESK_[A-Z_]+/g) ?? [])]) {
      expect(readme, variable).toContain(variable);
    }
  });
});
