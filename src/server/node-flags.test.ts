import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './paths.js';
import { missingNodeFlags, PRODUCTION_NODE_FLAGS } from './node-flags.js';

describe('production Node flags', () => {
  it('are on every production start command', () => {
    const start = (JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['start:production'];
    expect(start).toBe(`node ${PRODUCTION_NODE_FLAGS.join(' ')} dist/server/main.js`);
    const deployment = fs.readFileSync(path.join(projectRoot, 'docs/DEPLOYMENT.md'), 'utf8');
    expect(deployment).toContain(`ExecStart=/opt/partner-hub/node_modules/.bin/node ${PRODUCTION_NODE_FLAGS.join(' ')} dist/server/main.js`);
  });

  it('are found on the command line (or NODE_OPTIONS, which takes the semi-space size), in either spelling', () => {
    expect(missingNodeFlags([], '')).toEqual([...PRODUCTION_NODE_FLAGS]);
    expect(missingNodeFlags([...PRODUCTION_NODE_FLAGS], '')).toEqual([]);
    expect(missingNodeFlags(['--max_semi_space_size=8', '--heap_growing_percent=30'], '')).toEqual([]);
    expect(missingNodeFlags(['--enable-source-maps'], '--max-semi-space-size=16')).toEqual(['--heap-growing-percent=50']);
  });
});
