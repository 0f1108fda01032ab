import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's folder: the nearest folder above the running code that holds package.json. It is
 * the same whether the server runs from source (src/server/*.ts under tsx or vitest) or from the
 * production bundle (dist/server/main.js), where a path relative to the file would point elsewhere
 * (decision 145). Every file the server reads from the project is found from here.
 */
export function findProjectRoot(from: string): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json in ${from} or any folder above it.`);
  }
}

export const projectRoot = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));

/** public/: the stylesheet and images of the server-rendered pages, served at /static/. */
export const publicDir = path.join(projectRoot, 'public');
/** resources/: the files behind Partner Resources. */
export const resourcesDir = path.join(projectRoot, 'resources');
/** dist/web/: the built portal (npm run build). */
export const webDistDir = path.join(projectRoot, 'dist/web');
