import { createRequire } from 'node:module';
import { MissingPackageError } from '../errors/missing-package-error.js';

const require = createRequire(import.meta.url);

/**
 * Loads an optional peer dependency on first use, so that importing wechat-rx never needs it. Synchronous (these
 * packages are CommonJS) because the device codec's API is. Throws `MissingPackageError` when the package itself is
 * not installed; any other failure (a broken install, a missing dependency of the package) passes unchanged.
 */
export function requireOptional<T>(packageName: string, feature: string): T {
  try {
    return require(packageName) as T;
  } catch (error) {
    if (isNotFound(error, packageName)) throw new MissingPackageError(packageName, feature, error);
    throw error;
  }
}

function isNotFound(error: unknown, packageName: string): boolean {
  return (
    error instanceof Error &&
    (error as { code?: unknown }).code === 'MODULE_NOT_FOUND' &&
    error.message.startsWith(`Cannot find module '${packageName}'`)
  );
}
