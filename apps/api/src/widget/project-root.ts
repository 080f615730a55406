import { resolve, sep } from 'node:path';

/**
 * The repository (or image) root, where demo/ and dist/widget/ live: this file runs from
 * apps/api/src/widget in source mode (tests, `npm run dev`) and from dist/apps/api/src/widget once built.
 */
export const RUNNING_FROM_DIST = __dirname.includes(`${sep}dist${sep}`);
export const PROJECT_ROOT = resolve(__dirname, RUNNING_FROM_DIST ? '../../../../..' : '../../../..');
