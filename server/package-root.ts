/**
 * The folder that holds package.json and the shipped read-only data (example profiles, mapping files,
 * the built UI). Run from source this module is server/package-root.ts; built, it is bundled into
 * dist/headroom.js (scripts/build.ts). Both sit one folder below the root, so one relative URL serves both.
 */
import { fileURLToPath } from 'node:url';

export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));
