// `npm run render -w alerts`: writes every rendering of the shipped config into the repository.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defaultConfig } from './config';
import { renderAll } from './outputs';
import { REPO_ROOT } from './paths';

for (const [path, content] of Object.entries(renderAll(defaultConfig))) {
  const target = join(REPO_ROOT, path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, content);
  console.log(`wrote ${path}`);
}
