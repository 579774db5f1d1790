import type { TestContext } from 'node:test';

/**
 * The URL of an outside service a test needs. Missing on a developer's machine: the test is
 * skipped with a reason. Missing in CI (CI=true): the test fails, so nothing is silently skipped.
 */
export function requireService(t: TestContext, envName: string): string | undefined {
  const url = process.env[envName];
  if (url) return url;
  if (process.env.CI === 'true') throw new Error(`${envName} must be set in CI for this test`);
  t.skip(`${envName} is not set`);
  return undefined;
}
