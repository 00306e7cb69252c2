import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { renderAll } from './dashboards';

/** `npm run render -w dashboards`: writes every dashboard JSON and provisioning file. */
const root = resolve(import.meta.dirname, '../..');
for (const [path, content] of Object.entries(renderAll())) {
  const target = resolve(root, path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, content);
  console.log(`wrote ${path} (${content.length} bytes)`);
}
